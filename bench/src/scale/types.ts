/** The cases and results of the scale benchmark (see main.ts). */
import type { Machine } from '../machine';

/** How the N actors hang in the tree: top-level (`system.spawn`), or children of one actor (`ctx.spawn`). */
export const SHAPES = ['flat', 'parent'] as const;
export type Shape = (typeof SHAPES)[number];

/** What is done to the N actors once they have started (the spawn itself is timed in every run). */
export const OPERATIONS = ['stop-in-order', 'stop-random', 'kill-random', 'shutdown'] as const;
export type Operation = (typeof OPERATIONS)[number];

/** How a deep chain ends after it is built and its deepest path read: its root killed, or a shutdown. */
export const CHAIN_ENDS = ['kill-root', 'shutdown'] as const;
export type ChainEnd = (typeof CHAIN_ENDS)[number];

/** One process of the benchmark: `runs` measured runs of one shape, size and operation. */
export type Case =
  | { readonly shape: Shape; readonly op: Operation; readonly n: number; readonly runs: number }
  | { readonly shape: 'chain'; readonly op: ChainEnd; readonly n: number; readonly runs: number };

/**
 * One line of a worker's output: a timed step begins or ends (a negative run is a warm-up), a step
 * failed and the run went on without it, the step has done so many actors, the case failed, or it
 * is done. The runner's time limit restarts at every line but progress.
 */
export type WorkerLine =
  | { readonly begin: string; readonly run: number }
  | { readonly step: string; readonly run: number; readonly ms: number }
  | { readonly progress: number; readonly run: number }
  | { readonly failed: string; readonly run: number; readonly error: string }
  | { readonly error: string }
  | { readonly done: true };

/** What one case measured. */
export interface CaseResult {
  readonly case: Case;
  /** Wall milliseconds of each measured run, by step (`spawn`, the operation; `build`, `path`, the end). */
  readonly ms: Record<string, number[]>;
  /** The step still running when the time limit killed the process. */
  over?: string;
  /** How many actors that step had done by then, as far as it reported. */
  overDone?: number;
  /** Why the case failed (a failed verification, an exception, a crash). */
  error?: string;
  /** Steps that failed while the runs went on: the first error of each, and the runs it failed in (negative: a warm-up). */
  stepErrors?: Record<string, { error: string; runs: number[] }>;
}

/** A whole run of the scale benchmark, as main.ts saves it and report.ts renders it. */
export interface ScaleResult {
  readonly date: string;
  readonly sizes: readonly number[];
  readonly chainDepth: number;
  readonly limitS: number;
  readonly machine: Machine;
  /** The commit the core was built from, when known, and whether packages/core had changes on top. */
  readonly commit: string;
  readonly cases: CaseResult[];
  elapsedS?: number;
}
