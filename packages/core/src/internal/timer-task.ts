import type { Context } from '../context';
import type { TimerHandle } from '../timers';
import type { ActorCell } from './cell';

/**
 * A timer's callback on its way into the actor. It travels through the mailbox like a message
 * (ignoring capacity), so that it runs between messages, never during an async handler, and a
 * throw is a failure of the actor like any handler's.
 */
export class TimerTask implements TimerHandle {
  clear: () => void = noop;
  queued = false;
  private cancelled = false;

  constructor(
    readonly cell: ActorCell,
    private readonly fn: (ctx: Context<unknown>) => unknown,
    readonly repeating: boolean,
  ) {}

  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    this.clear();
    this.cell.removeTimer(this);
  }

  /** Called by the cell when the task reaches the front of the mailbox. */
  run(ctx: Context<unknown>): unknown {
    this.queued = false;
    if (this.cancelled) return undefined;
    return this.fn(ctx);
  }
}

function noop(): void {}
