import type { ActorCell } from './cell';

/**
 * The actor whose handler or hook is running synchronously right now, if any, and whether that
 * handler is reentrant. Set and reset around every call into user code, so that `send` can
 * refuse a self-send that would deadlock.
 */
export let current: ActorCell | undefined = undefined;
export let currentReentrant = false;

export function setCurrent(cell: ActorCell | undefined, reentrant = false): void {
  current = cell;
  currentReentrant = reentrant;
}
