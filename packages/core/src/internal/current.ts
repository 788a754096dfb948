import type { Request } from './request';

/**
 * The actor whose handler or hook is running synchronously right now, if any, whether that
 * handler is reentrant, and the message and request it handles (both undefined in a hook or a
 * timer). Set and reset around every call into user code (field stores on one constant object),
 * so that `send` can refuse a self-send that would deadlock and `ctx.stash()` knows what to keep.
 */
export const running: { cell: unknown; reentrant: boolean; message: unknown; request: Request | undefined } = {
  cell: undefined,
  reentrant: false,
  message: undefined,
  request: undefined,
};

/**
 * Inside a handler's synchronous part, the signal of the request it handles (undefined for a
 * command): aborted when the request settles without the handler's reply (timeout, the caller's
 * abort, the actor stopped or restarted). `@troupe/threads` uses it to end a worker's task.
 */
export function currentRequestSignal(): AbortSignal | undefined {
  return running.request?.signal();
}

/**
 * Calls user code (a hook, a timer callback) as the given actor: `running` says who runs while it
 * does, and is restored however it ends. Returns what `fn` returned; a throw is `onThrow`'s result.
 */
export function runAs<T>(cell: unknown, fn: () => T, onThrow: (error: unknown) => T): T {
  const previous = running.cell;
  const previousReentrant = running.reentrant;
  const previousMessage = running.message;
  const previousRequest = running.request;
  running.cell = cell;
  running.reentrant = false;
  running.message = running.request = undefined;
  try {
    return fn();
  } catch (error) {
    return onThrow(error);
  } finally {
    running.cell = previous;
    running.reentrant = previousReentrant;
    running.message = previousMessage;
    running.request = previousRequest;
  }
}

/** True for anything with a `then` method: native promises, and thenables from other libraries. */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && typeof value === 'object' && typeof (value as PromiseLike<unknown>).then === 'function';
}
