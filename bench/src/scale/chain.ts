/**
 * A chain of actors, each the child of the one before: built, its deepest `addr.path` read (a
 * path is built from the parent's on first read), then ended by killing the root or by a shutdown.
 */
import { ActorSystem, silentLogger, type Addr } from '@troupe/core';
import { verify, verifyEqual } from '../measure';
import { Link } from './actors';
import type { ChainEnd } from './types';

/** Runs `fn` as one timed step of a run. */
export type Timed = <T>(step: string, fn: () => Promise<T> | T) => Promise<T>;

/**
 * One run of the chain of `depth` actors, each step timed by `timed`. The path read and the end
 * may fail (code that recurses once per level can overflow the stack): a failure goes to `failed`
 * and the run goes on, so that every step is tried in every run. A chain whose end failed is
 * left as it is; the next run builds a new system.
 */
export async function chainRun(depth: number, end: ChainEnd, timed: Timed, failed: (step: string, error: unknown) => void, limitMs: number): Promise<void> {
  const system = new ActorSystem({ logger: silentLogger, askTimeoutMs: limitMs });
  const { root, deepest } = await timed('build', async () => {
    let bottom!: (deepest: Addr<Link>) => void;
    const reached = new Promise<Addr<Link>>((resolve) => (bottom = resolve));
    const root = system.spawn(Link, { args: [depth - 1, bottom] });
    return { root, deepest: await reached };
  });
  try {
    const path = await timed('path', () => deepest.path);
    verifyEqual(path.split('/').length, depth + 2, 'segments of the deepest path ("", "user" and one per link)');
  } catch (error) {
    failed('path', error);
  }
  try {
    if (end === 'kill-root') await timed(end, () => root.kill());
    else await timed(end, () => system.shutdown({ timeoutMs: limitMs }));
  } catch (error) {
    return failed(end, error);
  }
  verify(!root.isAlive && !deepest.isAlive, 'the chain stopped, root and deepest link');
  await system.shutdown();
}
