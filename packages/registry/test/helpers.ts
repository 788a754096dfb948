import 'reflect-metadata';
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

/** Lets queued microtasks and scheduled actor runs complete. */
export async function settle(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setImmediate(resolve));
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

/** A deterministic source of numbers in [0, 1) (mulberry32). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---- shared messages and actors --------------------------------------------------------------

/** Replies with the path of the actor that handled it. */
export class WhoAmI extends Message<string> {}
/** A command that records itself in the handling actor's log. */
export class Note extends Message<void> {
  constructor(readonly text: string) {
    super();
  }
}
/** Makes the handler throw. */
export class Crash extends Message<void> {}

/** Records which actor handled what, across restarts, in one shared log per test. */
export const handledBy: { path: string; text: string }[] = [];

/** A plain actor: answers WhoAmI, records Notes, crashes on Crash (and is restarted by core). */
@Actor()
export class Echo {
  @Handler() who(_: WhoAmI, ctx: Context<Echo>): string {
    return ctx.path;
  }
  @Handler() note(m: Note, ctx: Context<Echo>): void {
    handledBy.push({ path: ctx.path, text: m.text });
  }
  @Handler() crash(_: Crash): void {
    throw new Error('crash on purpose');
  }
}
