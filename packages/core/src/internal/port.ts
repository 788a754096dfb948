import type { DeadLetterReason } from '../dead-letters';
import type { Logger } from '../logger';
import type { ChildList, Sibling } from './children';
import type { Clock } from './clock';
import type { Deadlines } from './deadlines';
import type { DeadlockDetector } from './deadlock';
import type { Scheduler } from './scheduler';
import type { SupervisionStrategy } from './strategy';

/** Actor events a cell reports to its system. */
export type CellEvent = 'actor:started' | 'actor:stopped' | 'actor:restarted' | 'actor:failed';

/**
 * What a cell needs of its system. The system implements it; cells see only this, so that the
 * machinery never imports the public faces (`ActorSystem`, `Context`, `Terminated`) that name it.
 * Generic over the cell type so that nothing here imports the cell either.
 */
export interface CellEnv<C> {
  readonly name: string;
  readonly scheduler: Scheduler;
  readonly clock: Clock;
  readonly deadlines: Deadlines;
  /** Never throws: a throwing user logger is caught and reported on the console. */
  readonly logger: Logger;
  readonly askTimeoutMs: number;
  readonly defaultMailbox: number;
  readonly deadlocks: DeadlockDetector<C> | undefined;
  readonly isShuttingDown: boolean;
  /** Whether a handler's failure is reported to the logger (a worker thread's system leaves it to its caller's). */
  readonly reportsFailures: boolean;
  /**
   * Promises of handlers and hooks that the system's actors are waiting on now: with an empty run
   * queue, zero means the system is idle (a test kit's `runUntilIdle`).
   */
  awaiting: number;
  /** The serial number of the next unnamed actor. */
  nextSerial(): number;
  /** Publishes a dead letter; never throws. */
  deadLetter(message: unknown, path: string, reason: DeadLetterReason): void;
  /** Emits an actor event to `system.events`; never throws. */
  emit(event: CellEvent, cell: C, detail?: unknown): void;
  /** The cell's `Context`, the face its handlers and hooks receive. */
  contextOf(cell: C): unknown;
  /** The `Terminated` message that tells a watcher `cell` has stopped. */
  terminatedOf(cell: C): object;
  /** A failure escalated past every actor. */
  rootFailure(cause: unknown): void;
}

/** The parent of a cell: another cell, or the system's root guardian. */
export interface Parent<C extends Sibling<C>> {
  readonly path: string;
  readonly strategy: SupervisionStrategy<C>;
  /** The live children in start order; undefined while there are none yet. */
  readonly childList: ChildList<C> | undefined;
  /** Links a new child, last or just before `before`. */
  adopt(child: C, before?: C): void;
  release(child: C): void;
  /** The parent itself fails (escalation). */
  fail(cause: unknown, from?: C): void;
}
