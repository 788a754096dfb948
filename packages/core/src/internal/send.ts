import type { TransferListItem } from 'node:worker_threads';
import { Message } from '../message';
import { ActorConfigError, DeadlockError, InvalidMessageError, TimeoutError } from '../errors';
import type { ActorCell } from './cell';
import { running } from './current';
import { Request } from './request';
import { currentTurn } from './clock';

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

/**
 * Why `message` cannot be delivered to `cell` at all, checked at the call by every verb: it is
 * not a `Message`, or an extension's `admit` hook refuses it. Undefined when it may go in.
 */
export function refusalOf(cell: ActorCell, message: unknown): Error | undefined {
  if (!(message instanceof Message)) return new InvalidMessageError(message, cell.path);
  const admit = cell.definition.admit;
  return admit === undefined ? undefined : admit(cell, message);
}

/** The body of `Addr.send`: validation, deadlock checks, deadline, then admission to the mailbox. */
export function sendRequest(cell: ActorCell, message: unknown, options: SendOptions | undefined): Promise<unknown> {
  const refusal = refusalOf(cell, message);
  if (refusal !== undefined) return Promise.reject(refusal);
  const system = cell.system;
  let timeoutMs = system.askTimeoutMs;
  let signal: AbortSignal | undefined;
  if (options !== undefined) {
    if (options.timeoutMs !== undefined) timeoutMs = checkTimeout(options.timeoutMs, cell.path);
    signal = options.signal;
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (options.transfer !== undefined) transferLists.set(message as Message<unknown>, options.transfer);
  }

  const detector = system.deadlocks;
  // Inside a handler's synchronous part the marker says who calls; after an await only the
  // detector's async context can (entered only by handlers that return promises).
  const caller =
    running.cell !== undefined || detector === undefined ? (running.reentrant ? undefined : running.cell) : detector.caller();
  if (caller !== undefined) {
    if (caller === cell) return Promise.reject(new DeadlockError(cell.path, [cell.path, cell.path]));
    if (detector !== undefined) {
      const cycle = detector.findCycle(caller, cell);
      if (cycle !== undefined) return Promise.reject(new DeadlockError(cell.path, cycle));
    }
  }

  const request = new Request(cell, message);
  const promise = new Promise<unknown>((resolve, reject) => {
    request.resolve = resolve;
    request.reject = reject;
  });
  if (timeoutMs !== Infinity) {
    request.turn = currentTurn();
    system.deadlinesFor(timeoutMs).add(request);
  }
  if (signal !== undefined) {
    const onAbort = (): void => request.fail(signal.reason);
    request.extra = { signal, onAbort };
    signal.addEventListener('abort', onAbort, { once: true });
  }
  if (detector !== undefined && caller !== undefined) {
    (request.extra ??= {}).from = caller;
    caller.requestMade(request);
  }
  cell.admit(request);
  return promise;
}

/** Expires a request whose deadline passed. */
export function expire(request: Request): void {
  request.fail(new TimeoutError(request.target.path, request.list!.timeoutMs));
}

function checkTimeout(timeoutMs: number, path: string): number {
  if (typeof timeoutMs !== 'number' || Number.isNaN(timeoutMs) || timeoutMs <= 0) {
    throw new ActorConfigError(`send to ${path}: timeoutMs must be a positive number or Infinity, got ${String(timeoutMs)}`, path);
  }
  return timeoutMs;
}
