import type { ActorClass, Addr } from '@troupe/core';
import { addrOf, cellOfContext, HANDLERS, type ActorCell, type HandlerRecord } from '@troupe/core/internal';
import type { KitPort } from './internal/kit-port';

/** One message a spied actor handled. */
export interface HandledRecord {
  readonly message: unknown;
  /** When its handler was called (the system clock's time). */
  readonly at: number;
  /** `pending` while an async handler runs; then `replied` (its return value is `reply`) or `failed`. */
  outcome: 'pending' | 'replied' | 'failed';
  reply?: unknown;
  error?: unknown;
}

/** A lifecycle event of a spied actor, from `system.events`. */
export interface LifecycleRecord {
  readonly event: 'started' | 'failed' | 'restarted' | 'stopped';
  readonly at: number;
  /** The error of `failed`, the cause of `restarted` and of a `stopped` that a failure caused. */
  readonly cause?: unknown;
}

/**
 * What a spied actor did: every message its handlers took, in order, with the reply or the error,
 * and its lifecycle (started, failed, restarted, stopped). Made by `tk.spawn(Class, { spy: true })`,
 * read with `tk.spyOf(addr)`.
 */
export class Spy<A = unknown> {
  readonly handled: HandledRecord[] = [];
  readonly lifecycle: LifecycleRecord[] = [];

  /** @internal */
  constructor(readonly actor: Addr<A>) {}

  /** The messages handled so far, oldest first. */
  get messages(): unknown[] {
    return this.handled.map((h) => h.message);
  }

  /** The lifecycle events so far, by name: `['started', 'failed', 'restarted', 'started']`. */
  get events(): LifecycleRecord['event'][] {
    return this.lifecycle.map((l) => l.event);
  }
}

const spies = new WeakMap<ActorCell, { spy: Spy; now: () => number }>();
const spiedClasses = new WeakMap<ActorClass, ActorClass>();

/** @internal The spy of a cell, if it has one. */
export function spyOfCell(cell: ActorCell): Spy | undefined {
  return spies.get(cell)?.spy;
}

/** @internal Gives a freshly spawned cell its spy, and follows its lifecycle events. */
export function watchSpy(kit: KitPort, cell: ActorCell): void {
  const spy = new Spy(addrOf(cell));
  const now = (): number => kit.now();
  spies.set(cell, { spy, now });
  const events = kit.system.events;
  const mine = (e: { actor: unknown }): boolean => e.actor === spy.actor;
  events.on('actor:started', (e) => void (mine(e) && spy.lifecycle.push({ event: 'started', at: now() })));
  events.on('actor:failed', (e) => void (mine(e) && spy.lifecycle.push({ event: 'failed', at: now(), cause: e.error })));
  events.on('actor:restarted', (e) => void (mine(e) && spy.lifecycle.push({ event: 'restarted', at: now(), cause: e.cause })));
  events.on('actor:stopped', (e) => void (mine(e) && spy.lifecycle.push({ event: 'stopped', at: now(), cause: e.cause })));
}

/**
 * @internal A subclass of `actorClass` whose handlers record into the spy of the actor they run
 * in. Core finds handlers by the names the metadata records and calls them on the instance's
 * class, so the subclass's wrappers are what it calls; decorators' metadata (`@Actor`,
 * `@Supervise`, `@Registered`, ...) is inherited. One subclass per class, shared by every kit.
 */
export function spiedClass<C extends ActorClass>(actorClass: C): C {
  const known = spiedClasses.get(actorClass);
  if (known !== undefined) return known as C;
  const Base = actorClass as unknown as new (...args: unknown[]) => object;
  const Spied = class extends Base {};
  Object.defineProperty(Spied, 'name', { value: actorClass.name });
  for (const method of handlerMethods(actorClass)) {
    const original = (actorClass.prototype as Record<string | symbol, unknown>)[method];
    if (typeof original !== 'function') continue;
    // Two parameters, so that core passes the context, through which the wrapper finds its spy.
    const wrapper = function (this: object, message: unknown, ctx: unknown): unknown {
      return recorded(ctx, message, () => (original as (m: unknown, c: unknown) => unknown).call(this, message, ctx));
    };
    Object.defineProperty(Spied.prototype, method, { value: wrapper, writable: true, configurable: true });
  }
  spiedClasses.set(actorClass, Spied);
  return Spied as unknown as C;
}

function handlerMethods(actorClass: ActorClass): Set<string | symbol> {
  const methods = new Set<string | symbol>();
  for (let p = actorClass.prototype as object | null; p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    const records = (Reflect.getOwnMetadata(HANDLERS, p) as HandlerRecord[] | undefined) ?? [];
    for (const record of records) methods.add(record.method);
  }
  return methods;
}

function recorded(ctx: unknown, message: unknown, handle: () => unknown): unknown {
  const entry = ctx === undefined ? undefined : spies.get(cellOfContext(ctx as Parameters<typeof cellOfContext>[0]));
  if (entry === undefined) return handle();
  const record: HandledRecord = { message, at: entry.now(), outcome: 'pending' };
  entry.spy.handled.push(record);
  let result: unknown;
  try {
    result = handle();
  } catch (error) {
    record.outcome = 'failed';
    record.error = error;
    throw error;
  }
  if (!isThenable(result)) {
    record.outcome = 'replied';
    record.reply = result;
    return result;
  }
  return result.then(
    (value) => {
      record.outcome = 'replied';
      record.reply = value;
      return value;
    },
    (error: unknown) => {
      record.outcome = 'failed';
      record.error = error;
      throw error;
    },
  );
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && (typeof value === 'object' || typeof value === 'function') && typeof (value as { then?: unknown }).then === 'function';
}
