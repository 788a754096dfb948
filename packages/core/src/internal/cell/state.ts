import type { TimerHandle } from '../../timers';
import type { ChildList, Sibling } from '../children';
import type { PairRing } from '../ring';
import type { Timed } from '../deadlines';
import type { Request } from '../request';
import type { SupervisionStrategy } from '../strategy';

/** Where an actor is in its life. */
export const enum State {
  Starting,
  Running,
  /** Draining its mailbox before it stops; accepts nothing new. */
  Stopping,
  /** Mailbox done (or dropped by a kill); stopping children and calling `stopped`. */
  Finishing,
  Stopped,
}

/** Run flags, packed in one small integer (a const enum: every use compiles to a number). */
export const enum Flag {
  /** Inside a handler or hook that holds the mailbox (an async one awaiting, or a lifecycle hook). */
  BUSY = 1,
  /** In the scheduler's run queue. */
  SCHEDULED = 2,
  /** Waiting for a directive, a restart or a backoff delay: handles nothing meanwhile. */
  SUSPENDED = 4,
  /** A graceful stop waits for the next message boundary. */
  STOP_REQUESTED = 8,
  /** Reentrant handlers in flight reached the concurrency limit. */
  SATURATED = 16,
  /** Killed: ends once its `stopped` hook settles and its children have stopped. */
  KILLED = 32,
  /** Its instance is being replaced (restart): a failure now is not reported to the parent again. */
  HALTING = 64,
  /** The handler running asked `ctx.stash()`: its message goes to the stash when it returns. */
  STASHING = 128,
  /** A receive timeout is set (see timers.ts). */
  RECEIVE_TIMEOUT = 256,
  /** System messages (a watch's `Terminated`) wait: they go before the mailbox. */
  SYSTEM_PENDING = 512,
  /** Starting inside its first run, which goes on to the messages if the start ends at once. */
  STARTING_IN_RUN = 1024,
}

/** Messages one cell handles per run before it lets other actors go. */
export const THROUGHPUT = 128;

/** Grace period for a graceful stop, and for `stopped` after a kill. */
export const DEFAULT_SHUTDOWN_MS = 5_000;

/** Whether the `stopped` hook has run for the actor's end. */
export const enum EndHook {
  NotCalled,
  Running,
  Done,
}

/** The lifecycle hooks an actor class may declare. */
export interface Hooks {
  started?(ctx: unknown): void | Promise<void>;
  stopping?(ctx: unknown): unknown;
  stopped?(ctx: unknown): void | Promise<void>;
  restarting?(ctx: unknown, cause: unknown): void | Promise<void>;
}

/**
 * The rarely used part of a cell's state, allocated on first use so that an idle actor stays
 * small: supervision settings, children, timers, watchers, the stop's bookkeeping, tags.
 */
export class ColdState<C extends Sibling<C>> {
  strategy: SupervisionStrategy<C> | undefined = undefined;
  shutdownMs = DEFAULT_SHUTDOWN_MS;
  stopFinal = false;
  cause: unknown = undefined;
  restarts = 0;
  escalated = false;
  /** Bumped on restart and kill so that late completions of an old instance are ignored. */
  epoch = 0;
  args: readonly unknown[] | undefined = undefined;
  children: ChildList<C> | undefined = undefined;
  reentrantCount = 0;
  reentrantRequests: Set<Request> | undefined = undefined;
  timers: Set<TimerHandle> | undefined = undefined;
  watchers: Set<C> | undefined = undefined;
  stopDeferred: { promise: Promise<void>; resolve: () => void } | undefined = undefined;
  /** The bound on the stop under way (see `LifecycleCell.bound`). */
  stopBound: Timed | undefined = undefined;
  endHook = EndHook.NotCalled;
  /** Set while a restart waits for the old instance's handlers to settle. */
  quiesced: (() => void) | undefined = undefined;
  /** Resolved when the start under way settles (see `whenStarted`). */
  startGate: { promise: Promise<void>; resolve: () => void } | undefined = undefined;
  tags: Map<symbol, unknown> | undefined = undefined;
  restartTimes: number[] | undefined = undefined;
  /** Messages set aside by `ctx.stash()`, with their requests, oldest first. */
  stash: PairRing | undefined = undefined;
  /** System messages waiting to go before the mailbox, oldest first. */
  system: PairRing | undefined = undefined;
  /** `ctx.setReceiveTimeout`: the delay, the message, its timer, when the actor last had a message. */
  receiveTimeout: ReceiveTimeout | undefined = undefined;
  /** The last failure and when it happened, for an inspector. */
  lastFailure: { readonly error: unknown; readonly at: number } | undefined = undefined;
  /** Requests this actor made from a blocking handler (deadlock detection). */
  waitingOn: Request[] | undefined = undefined;
}

/** A receive timeout: `message` goes to the actor once `ms` pass without another message. */
export interface ReceiveTimeout {
  readonly ms: number;
  readonly message: unknown;
  timer: unknown;
  /** The clock's time when the actor last finished handling messages. */
  lastActive: number;
  /** Its entry among the actor's timers. */
  readonly handle: { cancel(): void };
}
