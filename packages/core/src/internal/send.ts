import type { TransferListItem } from 'node:worker_threads';
import { DeadlockError, InvalidMessageError, UnhandledMessageError } from '../errors';
import { describeValue, Message } from '../message';
import type { ActorCell } from './cell/cell';
import { running } from './current';
import { Request } from './request';

/** Options of `send`. */
export interface SendOptions {
  /** Reject with `TimeoutError` after this many ms. Default: the system's `askTimeoutMs`. `Infinity`: never. */
  timeoutMs?: number;
  /** Abort the request: it rejects with the signal's reason and, if still queued, is never handled. */
  signal?: AbortSignal;
  /**
   * Buffers to move rather than copy when the message crosses a thread (`@troupe/threads`);
   * ignored by actors in the calling thread.
   */
  transfer?: readonly TransferListItem[];
}

/** Transfer lists given to `send`, by message, for `@troupe/threads` to read (`transferListOf`). */
const transferLists = new WeakMap<object, readonly TransferListItem[]>();

/** The transfer list a message was sent with, if any. */
export function transferListOf(message: object): readonly TransferListItem[] | undefined {
  return transferLists.get(message);
}

const RESOLVED: Promise<void> = Promise.resolve();

/**
 * Why `message` cannot be delivered to `cell` at all, checked at the call by every verb: it is
 * not a `Message` (or one whose `constructor` was overwritten, so that its class cannot be told),
 * or an extension's `admit` hook refuses it. Undefined when it may go in. Never throws: a message
 * that throws when it is looked at is refused too.
 */
export function refusalOf(cell: ActorCell, message: unknown): Error | undefined {
  try {
    if (!(message instanceof Message)) return new InvalidMessageError(message, cell.path);
    const ctor: unknown = message.constructor;
    if (typeof ctor !== 'function') {
      return new InvalidMessageError(message, cell.path, `the message's constructor property is ${describeValue(ctor)}, not its class`);
    }
    const admit = cell.definition.admit;
    return admit === undefined ? undefined : admit(cell, message);
  } catch (error) {
    return new InvalidMessageError(message, cell.path, `the message could not be read (${String(error)})`);
  }
}

/**
 * A command refused at the call (see {@link refusalOf}). An `UnhandledMessageError` means no
 * handler takes the message: like any unhandled command it goes to dead letters and the call
 * settles. Any other refusal is the caller's error: `tell` rejects with it, `trySend`/`doSend`
 * throw it.
 */
export function refusedTell(cell: ActorCell, message: unknown, refusal: Error, sync: boolean): Promise<void> {
  if (refusal instanceof UnhandledMessageError) {
    cell.deadLetter(message, 'unhandled');
    return RESOLVED;
  }
  if (sync) throw refusal;
  return Promise.reject(refusal);
}

/** `Addr.tell`: checks at the call, then the mailbox. */
export function tellMessage(cell: ActorCell, message: unknown): Promise<void> {
  const refusal = refusalOf(cell, message);
  if (refusal !== undefined) return refusedTell(cell, message, refusal, false);
  return cell.tell(message);
}

/** `Addr.trySend` and `Addr.doSend`: checks at the call (throwing), then the mailbox. */
export function sendNow(cell: ActorCell, message: unknown, orFail: boolean): void {
  const refusal = refusalOf(cell, message);
  if (refusal !== undefined) return void refusedTell(cell, message, refusal, true);
  if (orFail) cell.trySend(message);
  else cell.doSend(message);
}

/**
 * `Addr.send`: checks at the call (a bad option rejects with a `TypeError` naming it), deadlock
 * checks, the deadline, then admission to the mailbox. Never throws.
 */
export function sendRequest(cell: ActorCell, message: unknown, options: SendOptions | undefined): Promise<unknown> {
  const refusal = refusalOf(cell, message);
  if (refusal !== undefined) return Promise.reject(refusal);
  const system = cell.system;
  let timeoutMs = system.askTimeoutMs;
  let signal: AbortSignal | undefined;
  if (options !== undefined) {
    const bad = badOption(options, cell.path);
    if (bad !== undefined) return Promise.reject(bad);
    if (options.timeoutMs !== undefined) timeoutMs = options.timeoutMs;
    signal = options.signal;
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (options.transfer !== undefined) transferLists.set(message as Message<unknown>, options.transfer);
  }

  const detector = system.deadlocks;
  // Inside a handler's synchronous part the marker says who calls; after an await only the
  // detector's async context can (entered only by handlers that return promises).
  const caller = (
    running.cell !== undefined || detector === undefined ? (running.reentrant ? undefined : running.cell) : detector.caller()
  ) as ActorCell | undefined;
  if (caller !== undefined) {
    if (caller === cell) return Promise.reject(new DeadlockError(cell.path, [cell.path, cell.path]));
    if (detector !== undefined) {
      const cycle = detector.findCycle(caller, cell);
      if (cycle !== undefined) return Promise.reject(new DeadlockError(cell.path, cycle));
    }
  }

  // From outside every actor's code, an idle actor may answer at once (see ActorCell.requestNow).
  if (caller === undefined && running.cell === undefined) {
    const reply = cell.requestNow(message, timeoutMs, signal);
    if (reply !== undefined) return reply;
  }

  const request = new Request(cell, message);
  const promise = request.open(system.deadlines, timeoutMs, signal);
  if (detector !== undefined && caller !== undefined) {
    (request.extra ??= {}).from = caller;
    caller.requestMade(request);
  }
  cell.admit(request);
  return promise;
}

/** The `TypeError` for a bad option of `send`, naming it, or undefined. */
function badOption(options: SendOptions, path: string): TypeError | undefined {
  if (typeof options !== 'object' || options === null) {
    return new TypeError(`send to ${path}: options must be an object, got ${describeValue(options)}`);
  }
  const { timeoutMs, signal, transfer } = options;
  if (timeoutMs !== undefined && (typeof timeoutMs !== 'number' || Number.isNaN(timeoutMs) || timeoutMs <= 0)) {
    return new TypeError(`send to ${path}: options.timeoutMs must be a positive number of ms or Infinity, got ${String(timeoutMs)}`);
  }
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    return new TypeError(`send to ${path}: options.signal must be an AbortSignal, got ${describeValue(signal)}`);
  }
  if (transfer !== undefined && !Array.isArray(transfer)) {
    return new TypeError(`send to ${path}: options.transfer must be an array, got ${describeValue(transfer)}`);
  }
  return undefined;
}
