import type { ActorCell } from './cell';

/**
 * The actor whose handler or hook is running synchronously right now, if any, and whether that
 * handler is reentrant. Set and reset around every call into user code (two field stores on one
 * constant object), so that `send` can refuse a self-send that would deadlock.
 */
export const running: { cell: ActorCell | undefined; reentrant: boolean } = { cell: undefined, reentrant: false };
