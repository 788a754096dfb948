import { v4 as uuid } from 'uuid';
import type { MessageClass, ReplyOf } from './message';
import { UnhandledMessageError } from './errors';
import type { HandledBy } from './types';
import type { ActorCell } from './internal/cell';
import { refusalOf, sendRequest, type SendOptions } from './internal/send';
import { Recipient } from './recipient';

/**
 * What every actor address is, whatever the actor's type: its identity and its lifecycle.
 * `Terminated.actor`, `ctx.parent`, `ctx.watch` and events use it, so that an `Addr<Counter>`
 * can stand wherever "some actor" is meant. To send messages, use the typed {@link Addr}.
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

  /** The actor's name, unique among its siblings. */
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

  /** Graceful stop: `stopping` may veto; then the mailbox drains. Resolves when the actor has stopped. */
  stop(): Promise<void> {
    return this.cell.requestStop();
  }

  /** Stop now: no veto, no draining. Queued requests reject; queued commands go to dead letters. */
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
 * its whole life, across restarts; comparing addresses with `===` compares actors.
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
   * Fire-and-forget. Resolves once the message is in the mailbox; waits while the mailbox is full.
   * To a stopped actor, or with no handler for the message, the message goes to dead letters.
   * Rejects with `InvalidMessageError` for anything that is not a `Message`.
   */
  tell(message: HandledBy<A>): Promise<void> {
    const refusal = refusalOf(this.cell, message);
    if (refusal !== undefined) return refusedTell(this.cell, message, refusal);
    return this.cell.tell(message);
  }

  /**
   * Request–reply. Resolves with the handler's reply; rejects with the handler's own error, with
   * `TimeoutError` after `timeoutMs` (default: the system's `askTimeoutMs`), with
   * `ActorStoppedError`, `UnhandledMessageError`, or `DeadlockError`. A request that times out
   * while still queued is never handed to the handler.
   */
  send<M extends HandledBy<A>>(message: M, options?: SendOptions): Promise<ReplyOf<M>> {
    return sendRequest(this.cell, message, options) as Promise<ReplyOf<M>>;
  }

  /** Queues now, or throws `MailboxFullError` (the mailbox is full or others wait for room). */
  trySend(message: HandledBy<A>): void {
    const refusal = refusalOf(this.cell, message);
    if (refusal !== undefined) return void refusedTell(this.cell, message, refusal, true);
    this.cell.trySend(message);
  }

  /** Always queues, ignoring capacity (actix's `do_send`). To a stopped actor: dead letters. */
  doSend(message: HandledBy<A>): void {
    const refusal = refusalOf(this.cell, message);
    if (refusal !== undefined) return void refusedTell(this.cell, message, refusal, true);
    this.cell.doSend(message);
  }

  /** A type-erased handle that accepts only one message class, for passing to other actors. */
  recipient<M extends HandledBy<A>>(messageClass: MessageClass<M>): Recipient<M> {
    return new Recipient<M>(this as unknown as Addr<unknown>, messageClass);
  }
}

/**
 * A command refused at the call (see `refusalOf`). An `UnhandledMessageError` means no handler
 * takes the message: like any unhandled command it goes to dead letters and the call settles.
 * Any other refusal is the caller's error: `tell` rejects with it, `trySend`/`doSend` throw it.
 */
function refusedTell(cell: ActorCell, message: unknown, refusal: Error, sync = false): Promise<void> {
  if (refusal instanceof UnhandledMessageError) {
    cell.deadLetter(message, 'unhandled');
    return RESOLVED;
  }
  if (sync) throw refusal;
  return Promise.reject(refusal);
}

const RESOLVED: Promise<void> = Promise.resolve();

export type { SendOptions };
