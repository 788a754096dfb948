import { readFileSync } from 'node:fs';

/** What one run of a scenario reports. */
export interface Measurement {
  /** Operations done in the timed part (messages, requests, actors, restarts). */
  readonly ops: number;
  /** Wall time of the timed part, in milliseconds. */
  readonly ms: number;
  /** CPU time of the main thread over the timed part (see `lastCpuMs`), when the worker measured it. */
  readonly cpuMs?: number;
  /** Extra figures, such as heap bytes per idle actor. */
  readonly extra?: Readonly<Record<string, number>>;
}

/** A scenario for one library: runs it at `scale` (1 = full size), verifies the result, reports. */
export type RunFn = (scale: number) => Promise<Measurement>;

/** Thrown when a run produced a wrong result: a fast wrong answer must fail. */
export class VerificationError extends Error {
  override readonly name = 'VerificationError';
}

/** Fails the run unless `condition` holds. */
export function verify(condition: boolean, what: string): asserts condition {
  if (!condition) throw new VerificationError(what);
}

/** Checks that `actual` equals `expected`. */
export function verifyEqual(actual: unknown, expected: unknown, what: string): void {
  if (actual !== expected) throw new VerificationError(`${what}: expected ${String(expected)}, got ${String(actual)}`);
}

/** The size of a scenario at `scale`, never below 1 (and a multiple of `unit` when given). */
export function scaled(full: number, scale: number, unit = 1): number {
  return Math.max(unit, Math.round((full * scale) / unit) * unit);
}

/**
 * CPU time of the calling (main) thread in nanoseconds, from Linux's /proc/thread-self/schedstat;
 * elsewhere the whole process's user + system time. The main thread's time is what wall time would
 * be on an idle machine: it leaves out the gc helper threads, which run beside it, and the time
 * other processes hold the cores.
 */
function cpuNs(): number {
  if (schedstat) {
    try {
      return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]);
    } catch {
      schedstat = false;
    }
  }
  const used = process.cpuUsage();
  return (used.user + used.system) * 1000;
}

let schedstat = process.platform === 'linux';
let cpuAtStart = 0;
let cpuOfLast = 0;

/** Starts timing: returns the wall clock, and notes the CPU time for {@link lastCpuMs}. */
export function now(): bigint {
  cpuAtStart = cpuNs();
  return process.hrtime.bigint();
}

/** Wall milliseconds since `start` (from {@link now}). */
export function since(start: bigint): number {
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  cpuOfLast = (cpuNs() - cpuAtStart) / 1e6;
  return ms;
}

/**
 * CPU milliseconds of the main thread between the last {@link now} and {@link since}: unlike wall
 * time, it barely moves when other processes compete for the cores.
 */
export function lastCpuMs(): number {
  return cpuOfLast;
}

/** A full garbage collection when node runs with `--expose-gc`; a no-op otherwise. */
export function collect(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc !== undefined) {
    gc();
    gc();
  }
}

/** Heap in use after a full collection. */
export function heapAfterGc(): number {
  collect();
  return process.memoryUsage().heapUsed;
}

/** Whether heap figures mean anything (gc exposed). */
export function canMeasureHeap(): boolean {
  return typeof (globalThis as { gc?: unknown }).gc === 'function';
}
