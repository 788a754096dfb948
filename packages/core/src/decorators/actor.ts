import 'reflect-metadata';
import { ACTOR_OPTIONS } from './metadata-keys';
import type { Directive } from '../supervision';

/** Options of {@link Actor}. All are optional. */
export interface ActorOptions {
  /** Mailbox capacity (queued messages, not counting the one being handled). Default: the system's, 1000. */
  mailbox?: number;
  /**
   * How this actor's own failures are treated, consulted before the parent's strategy
   * (Akka typed's `Behaviors.supervise(...).onFailure`). Return `undefined` to let the parent decide.
   */
  onFailure?: (error: unknown) => Directive | undefined;
  /**
   * How many reentrant handlers may be in flight at once (default: no limit). When the limit is
   * reached the actor takes no further message until one settles, so the rest wait in the
   * mailbox under its capacity, as backpressure.
   */
  concurrency?: number;
  /**
   * How long a graceful stop may take (the `stopping` veto, the drain, `stopped`) before the actor
   * is killed, and how long `stopped` may take after a kill. Default 5000 ms; `Infinity` waits forever.
   */
  shutdownMs?: number;
  /**
   * Which of this actor's failures the system's logger reports (path, message class, error with
   * stack): `'all'` (the default), `'unseen'` (only those no caller receives: a `tell`, a hook, a
   * timer; for actors whose handlers reject requests with domain errors as part of their protocol),
   * or `'none'`. The failure is handled by the parent's strategy either way.
   */
  reportFailures?: 'all' | 'unseen' | 'none';
  /**
   * The behaviour a new instance starts in (and returns to after a restart). Default: the first
   * behaviour named by a `@Handler(C, { in })` of the class.
   */
  initial?: string;
}

/**
 * Marks a class as an actor. Only records metadata; the order of class decorators does not matter.
 *
 * An actor's life: **starting** (`started` runs; messages sent meanwhile wait in the mailbox),
 * **running** (one message at a time), **stopping** (`stopping` may veto a graceful stop; then the
 * mailbox is drained and children stop, last started first), **stopped** (`stopped` runs and
 * `addr.stopped` resolves). A failure (a handler or hook that throws) suspends the actor while its
 * parent decides: resume, restart (`restarting` on the old instance, a new instance, `started`
 * again; address and mailbox survive), stop, or escalate.
 *
 * @example
 * ```ts
 * @Actor({ mailbox: 100 })
 * class Counter {
 *   private value = 0;
 *   @Handler() increment(_: Increment) { this.value += 1; }
 *   @Handler() get(_: GetCount): number { return this.value; }
 * }
 * ```
 */
export function Actor(options: ActorOptions = {}): ClassDecorator {
  return (target) => {
    Reflect.defineMetadata(ACTOR_OPTIONS, options, target);
  };
}
