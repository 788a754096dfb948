import { promiseHooks } from 'node:v8';

/**
 * Which actor's handler the running code belongs to, followed across `await`s, for deadlock
 * detection. V8's promise hooks carry it: the owner current when a promise is made is written on
 * the promise, and is current again while that promise's reactions run (for `await` and `then`,
 * the promise V8 makes at the call: the owner is the one current where the code awaited).
 * `AsyncLocalStorage` does the same through async_hooks at several times the cost per request on
 * Node 20 (`npm run -w bench bench:async-context`). One set of hooks serves the process; it is on
 * while some system detects deadlocks, and every promise pays for it meanwhile.
 */
const OWNER = Symbol('troupe.handlerOwner');
type Owned = Promise<unknown> & { [OWNER]?: object };

let current: object | undefined;
let users = 0;
let stopHooks: (() => void) | undefined;

const hooks = {
  init(promise: Promise<unknown>): void {
    if (current !== undefined) (promise as Owned)[OWNER] = current;
  },
  before(promise: Promise<unknown>): void {
    current = (promise as Owned)[OWNER];
  },
  after(): void {
    // Reactions never nest: between two of them no handler's code runs on this path.
    current = undefined;
  },
};

/** The owner of the running code: set by `runOwned`, or carried by the promise whose reaction runs. */
export function handlerOwner(): object | undefined {
  return current;
}

/** Calls `fn` with `owner` current (undefined: owned by nobody), restoring the previous one after. */
export function runOwned<A extends unknown[], R>(owner: object | undefined, fn: (...args: A) => R, ...args: A): R {
  const previous = current;
  current = owner;
  try {
    return fn(...args);
  } finally {
    current = previous;
  }
}

/** One more user of the hooks (a system that detects deadlocks): they go on with the first. */
export function useHandlerContext(): void {
  if (users++ === 0) stopHooks = promiseHooks.createHook(hooks) as () => void; // typed `Function` in @types/node
}

/** One user less: the hooks go off with the last, and promises stop paying for them. */
export function releaseHandlerContext(): void {
  if (users === 0) return;
  if (--users === 0) {
    stopHooks?.();
    stopHooks = undefined;
    current = undefined;
  }
}

/** Whether the hooks are on (for tests: a system that no longer detects must not leave them on). */
export function handlerContextOn(): boolean {
  return users > 0;
}
