/** What one run of a scenario reports. */
export interface Measurement {
  /** Operations done in the timed part (messages, requests, actors, restarts). */
  readonly ops: number;
  /** Wall time of the timed part, in milliseconds. */
  readonly ms: number;
  /** CPU time (user + system, all threads) of the process over the timed part, when the worker measured it. */
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

let cpuAtStart: NodeJS.CpuUsage | undefined;
let cpuOfLast = 0;

/** Starts timing: returns the wall clock, and notes the process's CPU time for {@link lastCpuMs}. */
export function now(): bigint {
  cpuAtStart = process.cpuUsage();
  return process.hrtime.bigint();
}

/** Wall milliseconds since `start` (from {@link now}). */
export function since(start: bigint): number {
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (cpuAtStart !== undefined) {
    const used = process.cpuUsage(cpuAtStart);
    cpuOfLast = (used.user + used.system) / 1000;
  }
  return ms;
}

/**
 * CPU milliseconds (user + system, every thread of the process) between the last {@link now} and
 * {@link since}: unlike wall time, it barely moves when other processes compete for the cores.
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
