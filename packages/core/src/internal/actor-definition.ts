import 'reflect-metadata';
import { ACTOR_OPTIONS, EXTENSIONS, HANDLERS, SHUTDOWN_MS, STRATEGY } from '../decorators/metadata-keys';
import type { ActorOptions } from '../decorators/actor';
import type { HandlerRecord } from '../decorators/handler';
import { type Message, type MessageClass } from '../message';
import { HandlerTable, type HandlerEntry } from './handler-table';

export type { HandlerEntry };
import { ActorConfigError } from '../errors';
import type { SupervisionStrategy } from './strategy';
import type { ActorClass } from '../types';

const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as FunctionConstructor;

/**
 * Hooks that sibling packages attach to an actor class through metadata (under
 * `troupe:extensions`), so that `@Supervise`, `@Registered` and friends need no code in core.
 */
export interface ActorExtension<C = unknown> {
  /** Once, synchronously, when the actor is spawned (before `spawn` returns). May throw to refuse it. */
  spawned?(cell: C): void;
  /** Before each instance's `started`, the first and after every restart. */
  beforeStart?(cell: C, instance: object): void | Promise<void>;
  /**
   * Once, when the actor stops accepting messages for good (`isAlive` turns false): a graceful
   * stop that was not vetoed, or a kill. Not on restart. Always followed by `terminated`.
   */
  stopping?(cell: C): void;
  /**
   * The actor is being killed (kill, a `stop` directive, a graceful stop that timed out), before
   * its `stopped` hook runs, even when a graceful stop was already under way.
   */
  killed?(cell: C): void;
  /** Once, when the actor has stopped for good, or when its spawn was refused after this extension's `spawned` ran. */
  terminated?(cell: C): void;
  /**
   * Called by `tell`/`send`/`trySend`/`doSend` with a message, before it is queued. Return an
   * error to refuse it at the call: `tell`/`send` reject with it, `trySend`/`doSend` throw it,
   * and the mailbox is untouched. (How `@troupe/threads` refuses a message it cannot clone.)
   * An `UnhandledMessageError` is special: it says no handler takes the message, so commands
   * (`tell`, `trySend`, `doSend`) go to dead letters as `'unhandled'` and settle, while `send`
   * rejects with it, exactly as for an ordinary actor.
   */
  admit?(cell: C, message: Message<unknown>): Error | undefined;
  /**
   * Its handlers call `currentRequestSignal()` (as `@troupe/threads` does): core then records the
   * request of each message they handle, at a small cost per message that other actors do not pay.
   */
  readonly tracksRequests?: boolean;
}

/** The composed `admit` hooks of a class's extensions. */
export type AdmitHook<C = unknown> = (cell: C, message: Message<unknown>) => Error | undefined;

/** Builds the strategy with which an actor supervises its children. */
export type StrategyFactory<C = unknown> = (cell: C) => SupervisionStrategy<C>;

/**
 * Everything core needs to know about an actor class, read from its metadata once and cached: its
 * options, extensions, strategy, and its handlers, grouped by behaviour into {@link HandlerTable}s.
 */
export class ActorDefinition {
  readonly name: string;
  readonly options: ActorOptions;
  readonly extensions: readonly ActorExtension[];
  readonly strategyFactory: StrategyFactory | undefined;
  /** Every message class some handler takes, in any behaviour. */
  readonly handlers: ReadonlyMap<MessageClass, HandlerEntry>;
  /** The handlers of each behaviour, by name; empty for a class that declares none. */
  readonly behaviours: ReadonlyMap<string, HandlerTable>;
  /** The table a new instance starts with: `@Actor({ initial })`, else the first behaviour declared. */
  readonly initial: HandlerTable;
  /** Reentrant handlers allowed in flight at once. */
  readonly concurrency: number;
  /** The extensions' admission checks, or undefined when there are none (the common case). */
  readonly admit: AdmitHook | undefined;
  /** `@Actor({ shutdownMs })`, else the default a sibling package set for the class, if any. */
  readonly shutdownMs: number | undefined;
  /** Its start has work besides `started`: an extension's `beforeStart`. */
  readonly startsWithHooks: boolean;

  private constructor(readonly actorClass: ActorClass) {
    this.name = actorClass.name;
    this.options = Reflect.getMetadata(ACTOR_OPTIONS, actorClass) as ActorOptions;
    this.extensions = (Reflect.getMetadata(EXTENSIONS, actorClass) as ActorExtension[] | undefined) ?? [];
    this.strategyFactory = Reflect.getMetadata(STRATEGY, actorClass) as StrategyFactory | undefined;
    const { all, general, byBehaviour, order } = collectHandlers(actorClass, this.extensions.some((e) => e.tracksRequests === true));
    this.handlers = all;
    const behaviours = new Map<string, HandlerTable>();
    for (const name of order) behaviours.set(name, new HandlerTable(name, new Map([...general, ...byBehaviour.get(name)!])));
    this.behaviours = behaviours;
    this.initial = initialTable(this.options.initial, behaviours, general, this.name);
    this.concurrency = checkConcurrency(this.options.concurrency, this.name);
    this.admit = composeAdmit(this.extensions);
    this.startsWithHooks = this.extensions.some((e) => e.beforeStart !== undefined);
    this.shutdownMs = this.options.shutdownMs ?? (Reflect.getMetadata(SHUTDOWN_MS, actorClass) as number | undefined);
  }

  static of(actorClass: ActorClass): ActorDefinition {
    const cached = definitions.get(actorClass);
    if (cached !== undefined) return cached;
    if (typeof actorClass !== 'function') {
      throw new ActorConfigError(`spawn: expected an @Actor class, got ${String(actorClass)}`);
    }
    if (!Reflect.hasMetadata(ACTOR_OPTIONS, actorClass)) {
      throw new ActorConfigError(
        `spawn: ${actorClass.name || 'this class'} is not an actor. Decorate it with @Actor() ` +
          "(and import 'reflect-metadata' once at your program's entry point).",
      );
    }
    const definition = new ActorDefinition(actorClass);
    definitions.set(actorClass, definition);
    return definition;
  }

  /** The handler for a message in the initial behaviour, or undefined when none takes its class. */
  resolve(message: object): HandlerEntry | undefined {
    return this.initial.resolve(message);
  }

  /** The table of a behaviour; throws `ActorConfigError` naming the known ones for an unknown name. */
  behaviour(name: string, where: string): HandlerTable {
    const table = this.behaviours.get(name);
    if (table !== undefined) return table;
    const known = [...this.behaviours.keys()].map((n) => `'${n}'`).join(', ') || 'none';
    throw new ActorConfigError(
      `${where}: ${this.name} has no behaviour '${String(name)}' (declared: ${known}). ` +
        "Declare one with @Handler(Message, { in: 'name' }).",
      where,
    );
  }
}

function initialTable(
  initial: string | undefined,
  behaviours: ReadonlyMap<string, HandlerTable>,
  general: ReadonlyMap<MessageClass, HandlerEntry>,
  name: string,
): HandlerTable {
  if (initial !== undefined) {
    const table = behaviours.get(initial);
    if (table === undefined) {
      throw new ActorConfigError(`@Actor on ${name}: initial behaviour '${initial}' has no handler declared with { in: '${initial}' }`);
    }
    return table;
  }
  const first = behaviours.values().next();
  return first.done ? new HandlerTable(undefined, general) : first.value;
}

function composeAdmit(extensions: readonly ActorExtension[]): AdmitHook | undefined {
  const hooks = extensions.filter((e) => e.admit !== undefined);
  if (hooks.length === 0) return undefined;
  if (hooks.length === 1) return (cell, message) => hooks[0].admit!(cell, message);
  return (cell, message) => {
    for (const ext of hooks) {
      const refusal = ext.admit!(cell, message);
      if (refusal !== undefined) return refusal;
    }
    return undefined;
  };
}

function checkConcurrency(value: number | undefined, name: string): number {
  if (value === undefined || value === Infinity) return Infinity;
  if (!Number.isInteger(value) || value < 1) {
    throw new ActorConfigError(`@Actor on ${name}: concurrency must be a positive integer or Infinity, got ${String(value)}`);
  }
  return value;
}

const definitions = new WeakMap<ActorClass, ActorDefinition>();

/**
 * Handlers of the class and its actor base classes (a subclass's handler overrides its base's for
 * the same class and behaviour): those without `in`, those of each behaviour, and the names of the
 * behaviours in the order they were first declared.
 */
function collectHandlers(actorClass: ActorClass, tracksRequests: boolean): {
  all: Map<MessageClass, HandlerEntry>;
  general: Map<MessageClass, HandlerEntry>;
  byBehaviour: Map<string, Map<MessageClass, HandlerEntry>>;
  order: string[];
} {
  const chain: object[] = [];
  for (let p = actorClass.prototype as object | null; p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    chain.unshift(p);
  }
  const all = new Map<MessageClass, HandlerEntry>();
  const general = new Map<MessageClass, HandlerEntry>();
  const byBehaviour = new Map<string, Map<MessageClass, HandlerEntry>>();
  const order: string[] = [];
  for (const proto of chain) {
    const records = (Reflect.getOwnMetadata(HANDLERS, proto) as HandlerRecord[] | undefined) ?? [];
    for (const record of records) {
      const fn = (actorClass.prototype as Record<string | symbol, unknown>)[record.method];
      if (typeof fn !== 'function') continue;
      const entry: HandlerEntry = {
        fn: fn as HandlerEntry['fn'],
        messageClass: record.messageClass,
        reentrant: record.reentrant,
        tracked: record.reentrant || tracksRequests,
        takesContext: (fn as HandlerEntry['fn']).length !== 1,
        async: fn instanceof AsyncFunction,
      };
      all.set(record.messageClass, entry);
      if (record.behaviour === undefined) {
        general.set(record.messageClass, entry);
        continue;
      }
      let handlers = byBehaviour.get(record.behaviour);
      if (handlers === undefined) {
        byBehaviour.set(record.behaviour, (handlers = new Map()));
        order.push(record.behaviour);
      }
      handlers.set(record.messageClass, entry);
    }
  }
  return { all, general, byBehaviour, order };
}
