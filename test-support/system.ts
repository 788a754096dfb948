/**
 * Helpers shared by the packages' jest tests (not published): systems that are shut down after
 * each test, turning the event loop, deferred promises, a seeded random source.
 */
import 'reflect-metadata';
import { setImmediate as realSetImmediate } from 'node:timers';
import { ActorSystem, silentLogger, type SystemOptions } from '@troupe/core';

const systems: ActorSystem[] = [];

/** A system that logs nothing, shut down by {@link stopSystems} after each test. */
export function newSystem(options: SystemOptions = {}): ActorSystem {
  const system = new ActorSystem({ logger: silentLogger, ...options });
  systems.push(system);
  return system;
}

/** Shuts down every system {@link newSystem} made; use as `afterEach(stopSystems)`. */
export async function stopSystems(): Promise<void> {
  await Promise.all(systems.splice(0).map((s) => s.shutdown({ timeoutMs: 1000 })));
}

/**
 * Lets queued microtasks and scheduled actor runs complete: a few turns of the event loop.
 * Uses `node:timers`, which jest's fake timers leave alone, so it works under fake timers too.
 */
export async function settle(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => realSetImmediate(resolve));
}

/** Turns the event loop until `predicate` holds; fails the test after `rounds` turns. */
export async function until(predicate: () => boolean, what = 'condition', rounds = 2000): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    if (predicate()) return;
    await new Promise<void>((resolve) => realSetImmediate(resolve));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A promise with its settle functions, for steering async handlers and hooks from a test. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (e: unknown) => void } {
  let resolve!: (value: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A deterministic source of numbers in [0, 1) (the test kit's mulberry32). */
export { seededRandom as seeded } from '@troupe/testkit/internal';
