import type { ActorCell } from './cell';
import type { Request } from './request';

/**
 * The actor whose handler or hook is running synchronously right now, if any, and whether that
 * handler is reentrant. Set and reset around every call into user code (two field stores on one
 * constant object), so that `send` can refuse a self-send that would deadlock.
 */
export const running: { cell: ActorCell | undefined; reentrant: boolean; request: Request | undefined } = {
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
