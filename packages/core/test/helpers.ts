import { setImmediate as realSetImmediate } from 'node:timers';
import { ActorSystem, silentLogger, type SystemOptions } from '@troupe/core';

/** A system that logs nothing, shut down by {@link stopSystems} after each test. */
const systems: ActorSystem[] = [];
export function newSystem(options: SystemOptions = {}): ActorSystem {
  const system = new ActorSystem({ logger: silentLogger, ...options });
  systems.push(system);
  return system;
}

export async function stopSystems(): Promise<void> {
  await Promise.all(systems.splice(0).map((s) => s.shutdown({ timeoutMs: 1000 })));
}

/**
 * Lets queued microtasks and scheduled actor runs complete: a few turns of the event loop.
 * Uses `node:timers`, which jest's fake timers leave alone, so it works under fake timers too.
 */
export async function settle(rounds = 10): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => realSetImmediate(resolve));
}

/** A promise with its resolve function, for steering async handlers from a test. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (e: unknown) => void } {
  let resolve!: (value: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
