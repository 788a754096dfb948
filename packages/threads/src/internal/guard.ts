import { Addr, Message, UnhandledMessageError } from '@troupe/core';
import { cellOf } from '@troupe/core/internal';
import type { ThreadedRuntime } from './runtime';

const { tell, send, trySend, doSend } = Addr.prototype;
const RESOLVED = Promise.resolve();

/**
 * Checks every message at the call, before it reaches the mailbox: the address's four ways to
 * deliver get own versions on this one `Addr` object (the same object core hands out as
 * `ctx.self`, in `Terminated` and from the registry), which refuse a message that cannot cross
 * to a thread with `InvalidMessageError` (thrown by `trySend`/`doSend`, rejected by
 * `tell`/`send`) and treat one that no handler takes as core does (dead letters, or
 * `UnhandledMessageError` for `send`). Everything else is core's own method.
 *
 * Core has no hook for this; see /tmp/core-requests/threads-admit.md.
 */
export function guard(addr: Addr<unknown>, runtime: ThreadedRuntime): void {
  const check = (message: unknown): Error | undefined =>
    message instanceof Message && addr.isAlive ? runtime.admit(message) : undefined;
  const deadLetter = (message: unknown): void => cellOf(addr).deadLetter(message, 'unhandled');

  Object.defineProperties(addr, {
    tell: own(function (this: Addr<unknown>, message: Message<unknown>): Promise<void> {
      const refusal = check(message);
      if (refusal === undefined) return tell.call(this, message);
      if (refusal instanceof UnhandledMessageError) return (deadLetter(message), RESOLVED);
      return Promise.reject(refusal);
    }),
    send: own(function (this: Addr<unknown>, message: Message<unknown>, options?: Parameters<typeof send>[1]): Promise<unknown> {
      const refusal = check(message);
      return refusal === undefined ? send.call(this, message, options) : Promise.reject(refusal);
    }),
    trySend: own(function (this: Addr<unknown>, message: Message<unknown>): void {
      const refusal = check(message);
      if (refusal === undefined) return trySend.call(this, message);
      if (refusal instanceof UnhandledMessageError) return deadLetter(message);
      throw refusal;
    }),
    doSend: own(function (this: Addr<unknown>, message: Message<unknown>): void {
      const refusal = check(message);
      if (refusal === undefined) return doSend.call(this, message);
      if (refusal instanceof UnhandledMessageError) return deadLetter(message);
      throw refusal;
    }),
  });
}

function own(value: Function): PropertyDescriptor {
  return { value, writable: false, enumerable: false, configurable: true };
}
