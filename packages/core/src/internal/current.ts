import type { Request } from './request';

/**
 * The actor whose handler or hook is running synchronously right now, if any, whether that
 * handler is reentrant, and the request it handles. Set and reset around every call into user
 * code (three field stores on one constant object), so that `send` can refuse a self-send that
 * would deadlock.
 */
export const running: { cell: unknown; reentrant: boolean; request: Request | undefined } = {
  cell: undefined,
  reentrant: false,
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
  running.cell = cell;
  running.reentrant = false;
  try {
    return fn();
  } catch (error) {
    return onThrow(error);
  } finally {
    running.cell = previous;
    running.reentrant = previousReentrant;
  }
}

/** True for anything with a `then` method: native promises, and thenables from other libraries. */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && typeof value === 'object' && typeof (value as PromiseLike<unknown>).then === 'function';
}
