import { v4 as uuid } from 'uuid';
import { InvalidMessageError } from './errors';
import type { Message, MessageClass, ReplyOf } from './message';
import type { HandledBy } from './types';
import type { ActorCell } from './internal/cell/cell';
import { sendNow, sendRequest, tellMessage, type SendOptions } from './internal/send';

/** Phantom key carrying an address's actor type; nothing is stored under it. */
declare const actorType: unique symbol;

/**
 * What every actor address is, whatever the actor's type: its identity and its lifecycle.
 * `Terminated.actor`, `ctx.parent`, `ctx.watch` and events use it, and a collection of mixed
 * actors can hold it (to stop, watch or name them). It sends nothing typed; `Addr<A>` extends it.
 */
export class ActorRef {
  private cachedId: string | undefined = undefined;
  /** @internal The machinery behind the address; sibling packages reach it through `cellOf`. */
  readonly cell: ActorCell;

  /** @internal */
  constructor(cell: ActorCell) {
    this.cell = cell;
  }

  /** A unique id (UUID v4), made on first use. */
  get id(): string {
    return (this.cachedId ??= uuid());
  }

  /** The actor's name, unique among its live siblings. */
  get name(): string {
    return this.cell.name;
  }

  /** The actor's path in the tree, such as `/user/pipeline/reader`. */
  get path(): string {
    return this.cell.path;
  }

  /** True until the actor begins to stop. */
  get isAlive(): boolean {
    return this.cell.isAlive;
  }

  /** Messages queued in the mailbox now (not counting the one being handled). */
  get queued(): number {
    return this.cell.queued;
  }

  /** The mailbox capacity. */
  get capacity(): number {
    return this.cell.capacity;
  }

  /** Resolves when the actor has fully stopped. */
  get stopped(): Promise<void> {
    return this.cell.stopped;
  }

  /**
   * Graceful stop: `stopping` may veto; then the mailbox drains, children stop, `stopped` runs.
   * Resolves when the actor has stopped. Bounded by the actor's `shutdownMs` (default 5 s): past
   * it the actor is killed and the logger warns.
   */
  stop(): Promise<void> {
    return this.cell.requestStop();
  }

  /**
   * Stop now: no veto, no draining. Queued requests reject; queued commands go to dead letters;
   * `stopped` still runs, for at most `shutdownMs`. Resolves when the actor and its children have stopped.
   */
  kill(): Promise<void> {
    this.cell.terminate();
    return this.cell.stopped;
  }

  toString(): string {
    return `Addr(${this.cell.path})`;
  }

  /** Shown by `console.log` and `util.inspect`. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }

  toJSON(): string {
    return this.cell.path;
  }
}

/**
 * The address of an actor: the only way to reach it. One `Addr` object stands for the actor for
 * its whole life, across restarts; comparing addresses with `===` compares actors. An `Addr<A>`
 * can stand wherever an `Addr<unknown>` or an `ActorRef` is expected.
 *
 * Four ways to deliver, after tokio and actix:
 * - `tell` queues and resolves once the message is in the mailbox; it waits while the mailbox is
 *   full (backpressure). Waiting senders are served in the order they called.
 * - `send` is request–reply: it waits for room like `tell`, then resolves with the handler's
 *   reply, typed from the message class.
 * - `trySend` queues now or throws `MailboxFullError`.
 * - `doSend` always queues, ignoring capacity.
 *
 * @example
 * ```ts
 * const counter = system.spawn(Counter, { name: 'counter' });
 * await counter.tell(new Increment());
 * const n: number = await counter.send(new GetCount(), { timeoutMs: 500 });
 * ```
 */
export class Addr<A = unknown> extends ActorRef {
  /**
   * Type-level only (never present at run time): makes `Addr<A>` covariant in `A`, so that an
   * `Addr<Counter>` is an `Addr<unknown>` but never an `Addr<Logger>`.
   */
  declare readonly [actorType]?: A;

  /**
   * Fire-and-forget. Resolves once the message is in the mailbox; waits while the mailbox is full.
   * To a stopped actor, or with no handler for the message, the message goes to dead letters.
   * Rejects with `InvalidMessageError` for anything that is not a `Message`.
   */
  tell<M extends HandledBy<A>>(message: M): Promise<void> {
    return tellMessage(this.cell, message);
  }

  /**
   * Request–reply. Resolves with the handler's reply; rejects with the handler's own error, with
   * `TimeoutError` after `timeoutMs` (default: the system's `askTimeoutMs`), with
   * `ActorStoppedError`, `UnhandledMessageError`, or `DeadlockError`; a bad option rejects with a
   * `TypeError` naming it. A request that times out while still queued is never handed to the
   * handler, and leaves the mailbox at once. While pending it keeps the process alive.
   */
  send<M extends HandledBy<A>>(message: M, options?: SendOptions): Promise<ReplyOf<M>> {
    return sendRequest(this.cell, message, options) as Promise<ReplyOf<M>>;
  }

  /** Queues now, or throws `MailboxFullError` (the mailbox is full or others wait for room). */
  trySend<M extends HandledBy<A>>(message: M): void {
    sendNow(this.cell, message, true);
  }

  /** Always queues, ignoring capacity (actix's `do_send`). To a stopped actor: dead letters. */
  doSend<M extends HandledBy<A>>(message: M): void {
    sendNow(this.cell, message, false);
  }

  /** A type-erased handle that accepts only one message class, for passing to other actors. */
  recipient<M extends HandledBy<A>>(messageClass: MessageClass<M>): Recipient<M> {
    return new Recipient<M>(this, messageClass);
  }
}

/**
 * A type-erased address that accepts one message class (actix's `Recipient`): hand it to code that
 * should be able to send `M` to some actor without knowing which actor class it is.
 *
 * @example
 * ```ts
 * const onTick: Recipient<Tick> = clock.recipient(Tick);
 * onTick.doSend(new Tick());
 * ```
 */
export class Recipient<M extends Message<unknown>> {
  /** @internal */
  constructor(
    readonly addr: Addr<unknown>,
    readonly messageClass: MessageClass<M>,
  ) {}

  get path(): string {
    return this.addr.path;
  }

  get isAlive(): boolean {
    return this.addr.isAlive;
  }

  tell(message: M): Promise<void> {
    if (!(message instanceof this.messageClass)) return Promise.reject(this.refuse(message));
    return tellMessage(this.addr.cell, message);
  }

  send(message: M, options?: SendOptions): Promise<ReplyOf<M>> {
    if (!(message instanceof this.messageClass)) return Promise.reject(this.refuse(message));
    return sendRequest(this.addr.cell, message, options) as Promise<ReplyOf<M>>;
  }

  trySend(message: M): void {
    if (!(message instanceof this.messageClass)) throw this.refuse(message);
    sendNow(this.addr.cell, message, true);
  }

  doSend(message: M): void {
    if (!(message instanceof this.messageClass)) throw this.refuse(message);
    sendNow(this.addr.cell, message, false);
  }

  private refuse(message: unknown): InvalidMessageError {
    return new InvalidMessageError(message, this.addr.path, `this recipient takes ${this.messageClass.name} only`);
  }
}

export type { SendOptions };
