import { Message } from './message';
import type { ActorRef } from './address';

/**
 * Delivered to a watcher (`ctx.watch(addr)`) when the watched actor has stopped. `cause` is the
 * failure that stopped it, if one did. A restart is not a termination.
 */
export class Terminated extends Message<void> {
  constructor(
    readonly actor: ActorRef,
    readonly cause?: unknown,
  ) {
    super();
  }
}
