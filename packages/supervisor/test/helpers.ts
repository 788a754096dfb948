import 'reflect-metadata';
import { setImmediate as realSetImmediate } from 'node:timers';
import { Actor, ActorSystem, Handler, Message, silentLogger, type Context, type SystemOptions } from '@troupe/core';

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
 * Lets queued microtasks and actor runs complete: a few turns of the event loop. Uses
 * `node:timers`, which jest's fake timers leave alone, so it works under fake timers too.
 */
export async function settle(rounds = 10): Promise<void> {
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

/** A promise with its resolve function, for steering async hooks from a test. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** Makes the receiving worker's handler throw. */
export class Crash extends Message<void> {
  constructor(readonly error: unknown = new Error('crash')) {
    super();
  }
}
/** Makes the receiving worker stop itself normally. */
export class StopYourself extends Message<void> {}
/** Increments the worker's in-memory count and replies with it. */
export class Bump extends Message<number> {}
/** Replies with the worker's in-memory count (lost on restart). */
export class GetCount extends Message<number> {}

/** A journal shared by the workers of a test: what started, restarted and stopped, in order. */
export class Journal {
  readonly entries: string[] = [];
  add(entry: string): void {
    this.entries.push(entry);
  }
  count(entry: string): number {
    return this.entries.filter((e) => e === entry).length;
  }
}

/** A worker that writes its lifecycle to a journal: `started:<name>`, `restarting:<name>`, `stopped:<name>`. */
@Actor()
export class Worker {
  private count = 0;
  constructor(readonly journal: Journal = new Journal()) {}

  started(ctx: Context<Worker>): void {
    this.journal.add(`started:${ctx.name}`);
  }
  restarting(ctx: Context<Worker>): void {
    this.journal.add(`restarting:${ctx.name}`);
  }
  stopped(ctx: Context<Worker>): void {
    this.journal.add(`stopped:${ctx.name}`);
  }

  @Handler(Crash) crash(m: Crash): void {
    throw m.error;
  }
  @Handler(StopYourself) stopYourself(_: StopYourself, ctx: Context<Worker>): void {
    void ctx.stop();
  }
  @Handler(Bump) bump(_: Bump): number {
    return ++this.count;
  }
  @Handler(GetCount) get(_: GetCount): number {
    return this.count;
  }
}
