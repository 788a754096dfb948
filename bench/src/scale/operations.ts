/** What the scale benchmark times on N started actors: stops and kills one by one, or a shutdown. */
import type { ActorRef, ActorSystem } from '@troupe/core';
import { verify } from '../measure';
import { permutation } from './permutation';
import type { Operation } from './types';

/**
 * The operation, ready to run and time: the random order is drawn now (seeded with `seed`), so
 * that only the stops themselves are timed. `shutdownMs` is the shutdown's timeout, set high so
 * that the graceful path is what is measured, never the kill at the deadline.
 */
export function operation(op: Operation, system: ActorSystem, actors: readonly ActorRef[], seed: number, shutdownMs: number): () => Promise<void> {
  switch (op) {
    case 'stop-in-order':
      return async () => {
        for (const actor of actors) await actor.stop();
      };
    case 'stop-random': {
      const order = permutation(actors.length, seed);
      return async () => {
        for (const i of order) await actors[i].stop();
      };
    }
    case 'kill-random': {
      const order = permutation(actors.length, seed);
      return async () => {
        for (const i of order) await actors[i].kill();
      };
    }
    case 'shutdown':
      return () => system.shutdown({ timeoutMs: shutdownMs });
  }
}

/** Fails the run unless every actor has stopped. */
export function verifyAllStopped(actors: readonly ActorRef[]): void {
  for (let i = 0; i < actors.length; i++) verify(!actors[i].isAlive, `actor ${i} of ${actors.length} (${actors[i].path}) is still alive`);
}
