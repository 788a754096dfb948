import type { TimerHandle } from '../timers';
import type { Clock, TimerId } from './clock';

/** What a timer task needs of its actor. */
export interface TimerOwner {
  readonly system: { readonly clock: Clock };
  removeTimer(timer: TimerHandle): void;
}

/**
 * A timer's callback on its way into the actor. It travels through the mailbox like a message
 * (ignoring capacity), so that it runs between messages, never during an async handler, and a
 * throw is a failure of the actor like any handler's. The run loop takes it for an unhandled
 * message and runs it (an `instanceof` off the hot path); a kill drops it silently.
 */
export class TimerTask implements TimerHandle {
  id: TimerId = undefined;
  /** A tick of an interval waits in the mailbox: the next tick is skipped rather than piled up. */
  queued = false;
  private cancelled = false;

  constructor(
    private readonly owner: TimerOwner,
    private readonly fn: (ctx: unknown) => unknown,
    readonly repeating: boolean,
  ) {}

  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    const clock = this.owner.system.clock;
    if (this.repeating) clock.clearInterval(this.id);
    else clock.clearTimeout(this.id);
    this.owner.removeTimer(this);
  }

  /** Called by the cell when the task reaches the front of the mailbox. */
  run(ctx: unknown): unknown {
    this.queued = false;
    if (this.cancelled) return undefined;
    return this.fn(ctx);
  }
}
