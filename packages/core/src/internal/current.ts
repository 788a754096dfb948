import type { Request } from './request';

/**
 * The actor whose code is running synchronously right now, if any: `send` refuses a self-send
 * that would deadlock, and `ctx.stash()` checks it is called from a handler. Kept cheap for the
 * hot path, where every store into this shared object costs a write barrier: `cell` is set once
 * per run of an actor's messages (only its handlers run meanwhile); `reentrant` and `request` only
 * for handlers that need them (reentrant ones, and classes whose extension `tracksRequests`);
 * `hook` while a lifecycle hook or a timer callback runs.
 */
export const running: { cell: unknown; reentrant: boolean; hook: boolean; request: Request | undefined } = {
  cell: undefined,
  reentrant: false,
  hook: false,
  request: undefined,
};

/**
 * Inside the synchronous part of a handler of a class whose extension `tracksRequests` (or a
 * reentrant one), the signal of the request it handles (undefined for a command): aborted when
 * the request settles without the handler's reply (timeout, the caller's abort, the actor stopped
 * or restarted). `@troupe/threads` uses it to end a worker's task.
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
  const previousHook = running.hook;
  const previousRequest = running.request;
  running.cell = cell;
  running.reentrant = false;
  running.hook = true;
  running.request = undefined;
  try {
    return fn();
  } catch (error) {
    return onThrow(error);
  } finally {
    running.cell = previous;
    running.reentrant = previousReentrant;
    running.hook = previousHook;
    running.request = previousRequest;
  }
}

/** True for anything with a `then` method: native promises, and thenables from other libraries. */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && typeof value === 'object' && typeof (value as PromiseLike<unknown>).then === 'function';
}
