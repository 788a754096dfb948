import { Message, type MessageClass } from '../message';

/** A handler ready to call: the method itself, resolved once per class. */
export interface HandlerEntry {
  readonly fn: (this: object, message: unknown, ctx: unknown) => unknown;
  readonly messageClass: MessageClass;
  readonly reentrant: boolean;
  /** Reentrant, or of a class whose extension `tracksRequests`: the slower call that says so in `running`. */
  readonly tracked: boolean;
  /** Whether the method declares a second parameter (or reads `arguments`): only then is a Context made for it. */
  readonly takesContext: boolean;
  /**
   * Whether the handler may hold its mailbox across an await, so that deadlock detection must
   * follow it with async context: true for `async` methods, and learned the first time any other
   * handler returns a promise. Synchronous handlers never pay for async context.
   */
  async: boolean;
}

/**
 * The handlers active in one behaviour of an actor class (`@Handler(C, { in: name })` plus every
 * handler without `in`), or in its only one. Dispatch resolves a message's constructor to the most
 * specific handler (walking the message's prototype chain) and caches the answer; the last class
 * seen is kept in two fields so that the common case, one message class in a row, costs no map
 * lookup. A cell points at its current table: `become` is one field store.
 */
export class HandlerTable {
  private readonly resolved = new Map<unknown, HandlerEntry | null>();
  private lastClass: unknown = undefined;
  private lastEntry: HandlerEntry | undefined = undefined;

  constructor(
    /** The behaviour's name; undefined for a class that declares none. */
    readonly behaviour: string | undefined,
    readonly handlers: ReadonlyMap<MessageClass, HandlerEntry>,
  ) {}

  /** The handler for a message, or undefined when no handler of this behaviour takes its class. */
  resolve(message: object): HandlerEntry | undefined {
    const ctor = message.constructor;
    if (ctor === this.lastClass) return this.lastEntry;
    let entry = this.resolved.get(ctor);
    if (entry === undefined) {
      entry = this.lookup(ctor) ?? null;
      this.resolved.set(ctor, entry);
    }
    this.lastClass = ctor;
    this.lastEntry = entry ?? undefined;
    return this.lastEntry;
  }

  private lookup(ctor: unknown): HandlerEntry | undefined {
    for (let c = ctor; typeof c === 'function'; c = Object.getPrototypeOf(c)) {
      const entry = this.handlers.get(c as MessageClass);
      if (entry !== undefined) return entry;
      if (c === Message) break;
    }
    return undefined;
  }
}
