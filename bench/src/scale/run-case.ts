/**
 * One case of the scale benchmark, in this process: {@link WARM_UP_RUNS} warm-up runs on at most
 * {@link WARM_UP} actors, then the measured runs, each on a new `ActorSystem`, with a full gc before every timed
 * step. Reports each step as it begins and ends, so that a runner can tell which one is slow.
 */
import { ActorSystem, silentLogger } from '@troupe/core';
import { collect, now, since, verifyEqual } from '../measure';
import { chainRun, type Timed } from './chain';
import { operation, verifyAllStopped } from './operations';
import { treeOf } from './tree';
import type { Case, Operation, Shape, WorkerLine } from './types';

/** Actors (or links) of a warm-up run: cheap even when an operation is O(n²). */
export const WARM_UP = 10_000;
/** Warm-up runs: with one, the measured runs at 10,000 still sped up from one to the next (the JIT was not done). */
export const WARM_UP_RUNS = 3;

export async function runCase(c: Case, emit: (line: WorkerLine) => void, limitMs: number): Promise<void> {
  for (let run = -WARM_UP_RUNS; run < c.runs; run++) {
    const n = run < 0 ? Math.min(c.n, WARM_UP) : c.n;
    const timed: Timed = async (step, fn) => {
      collect();
      emit({ begin: step, run });
      const t = now();
      const result = await fn();
      emit({ step, run, ms: since(t) });
      return result;
    };
    const failed = (step: string, error: unknown): void => emit({ failed: step, run, error: describe(error) });
    if (c.shape === 'chain') await chainRun(n, c.op, timed, failed, limitMs);
    else await treeRun(c.shape, c.op, n, run + 1, timed, (done) => emit({ progress: done, run }), limitMs);
  }
  emit({ done: true });
}

export function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** One run: spawn n actors of `shape`, then `op` on them, each timed and verified. */
async function treeRun(shape: Shape, op: Operation, n: number, seed: number, timed: Timed, progress: (done: number) => void, limitMs: number): Promise<void> {
  const system = new ActorSystem({ logger: silentLogger, askTimeoutMs: limitMs });
  const tree = treeOf(system, shape);
  const actors = await timed('spawn', () => tree.spawn(n));
  verifyEqual(actors.length, n, 'addresses after spawn');
  verifyEqual(await tree.count(), n, 'live actors after spawn');
  await timed(op, operation(op, system, actors, seed, limitMs, progress));
  verifyAllStopped(actors);
  if (op !== 'shutdown') verifyEqual(await tree.count(), 0, `live actors after ${op}`);
  await system.shutdown();
}
