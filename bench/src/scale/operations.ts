/** What the scale benchmark times on N started actors: stops and kills one by one, or a shutdown. */
import type { ActorRef, ActorSystem } from '@troupe/core';
import { verify } from '../measure';
import { permutation } from './permutation';
import type { Operation } from './types';

/** Progress is reported every this many actors (a power of two), so that a step over the time limit shows how far it got. */
export const PROGRESS_EVERY = 16_384;

/**
 * The operation, ready to run and time: the random order is drawn now (seeded with `seed`), so
 * that only the stops themselves are timed. `shutdownMs` is the shutdown's timeout, set high so
 * that the graceful path is what is measured, never the kill at the deadline. One by one, the
 * number of actors done goes to `progress` every {@link PROGRESS_EVERY}.
 */
export function operation(
  op: Operation,
  system: ActorSystem,
  actors: readonly ActorRef[],
  seed: number,
  shutdownMs: number,
  progress: (done: number) => void,
): () => Promise<void> {
  if (op === 'shutdown') return () => system.shutdown({ timeoutMs: shutdownMs });
  const order = op === 'stop-in-order' ? undefined : permutation(actors.length, seed);
  const kill = op === 'kill-random';
  return async () => {
    for (let k = 0; k < actors.length; k++) {
      const actor = actors[order === undefined ? k : order[k]];
      await (kill ? actor.kill() : actor.stop());
      if ((k & (PROGRESS_EVERY - 1)) === PROGRESS_EVERY - 1) progress(k + 1);
    }
  };
}

/** Fails the run unless every actor has stopped. */
export function verifyAllStopped(actors: readonly ActorRef[]): void {
  for (let i = 0; i < actors.length; i++) verify(!actors[i].isAlive, `actor ${i} of ${actors.length} (${actors[i].path}) is still alive`);
}
