import { setImmediate as immediate } from 'node:timers';
import type { Runnable, Scheduler } from '@troupe/core/internal';

/** Actor runs before the scheduler yields to the event loop, as core's own scheduler does. */
const RUNS_PER_MACROTASK = 4096;

const resolved = Promise.resolve();

/**
 * Decides the order of actor runs. The default (none) is the runtime's own: first come, first
 * run, and promise continuations only once no actor is ready.
 */
export interface SchedulePolicy {
  /** Which of the `ready` actors (0 is the one that has waited longest) runs next. */
  pick(ready: number): number;
  /**
   * After a run, with actors still ready: true to let promise continuations (handlers resuming
   * after an `await`, callers resuming after `send`) run first.
   */
  yieldAfterRun(): boolean;
}

/** Sees every run: for traces. */
export interface RunObserver {
  beforeRun(cell: Runnable): void;
  afterRun(cell: Runnable): void;
  /** The scheduler let promise continuations run while actors were still ready. */
  yielded(): void;
}

/**
 * The run queue of a test kit's system. Ready actors run in a microtask, like core's scheduler;
 * what differs is that the kit can see it (is anything ready? how many runs so far?) and that a
 * {@link SchedulePolicy} may choose which ready actor runs next and when continuations run.
 *
 * Per-sender order and one message at a time still hold whatever the policy does: they are
 * properties of each actor's mailbox and run flags, not of the order of runs.
 */
export class KitScheduler implements Scheduler {
  /** Ready actors, oldest first, from `head` on. */
  private ready: (Runnable | undefined)[] = [];
  private head = 0;
  private pending = false;
  private runsSinceMacrotask = 0;
  private resetQueued = false;
  private halted = false;
  /** Actor runs so far. */
  runs = 0;
  observer: RunObserver | undefined = undefined;
  private readonly flushBound = (): void => this.flush();
  private readonly afterMacrotask = (): void => {
    this.runsSinceMacrotask = 0;
    this.flush();
  };
  private readonly resetBound = (): void => {
    this.resetQueued = false;
    this.runsSinceMacrotask = 0;
  };

  constructor(
    private readonly policy: SchedulePolicy | undefined,
    private readonly report: (error: unknown) => void,
  ) {}

  schedule(cell: Runnable): void {
    if (this.halted) return;
    this.ready.push(cell);
    if (!this.pending) this.request();
  }

  /** No actor is ready to run (nothing queued, nothing about to flush). */
  get isEmpty(): boolean {
    return this.ready.length === this.head;
  }

  /** How many actors are ready now. */
  get size(): number {
    return this.ready.length - this.head;
  }

  /** Drops the ready actors and runs nothing from now on (an abandoned schedule). */
  halt(): void {
    this.halted = true;
    this.ready = [];
    this.head = 0;
  }

  private request(): void {
    this.pending = true;
    if (this.runsSinceMacrotask > RUNS_PER_MACROTASK) immediate(this.afterMacrotask);
    else void resolved.then(this.flushBound);
  }

  private flush(): void {
    const policy = this.policy;
    while (this.size > 0) {
      if (this.runsSinceMacrotask > RUNS_PER_MACROTASK) return this.request();
      const cell = this.take(policy === undefined ? 0 : policy.pick(this.size));
      this.runs++;
      this.runsSinceMacrotask++;
      this.runOne(cell);
      if (policy !== undefined && this.size > 0 && policy.yieldAfterRun()) {
        this.observer?.yielded();
        return this.request();
      }
    }
    this.pending = false;
    if (!this.resetQueued) {
      this.resetQueued = true;
      immediate(this.resetBound);
    }
  }

  /** Takes the `index`-th ready actor out of the queue, keeping the order of the others. */
  private take(index: number): Runnable {
    const ready = this.ready;
    if (index > 0) return ready.splice(this.head + index, 1)[0]!;
    const cell = ready[this.head]!;
    ready[this.head++] = undefined;
    if (this.head === ready.length) {
      ready.length = 0;
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > ready.length) {
      this.ready = ready.slice(this.head);
      this.head = 0;
    }
    return cell;
  }

  private runOne(cell: Runnable): void {
    const observer = this.observer;
    try {
      if (observer === undefined) return cell.run();
      observer.beforeRun(cell);
      cell.run();
      observer.afterRun(cell);
    } catch (error) {
      // A defect (cells catch what user code throws): report it and go on with the others.
      this.report(error);
    }
  }
}
