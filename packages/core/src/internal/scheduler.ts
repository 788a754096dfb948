import { setImmediate as immediate } from 'node:timers';

/** Something the scheduler can run: an actor cell with messages to handle. */
export interface Runnable {
  run(): void;
}

/** Decides when actors with work run. Each system has its own (injectable for a test kit). */
export interface Scheduler {
  schedule(cell: Runnable): void;
  /**
   * Whether an actor may run now, on its caller's stack, instead of through the run queue (an
   * idle actor answering a request: see `ActorCell.requestNow`). A scheduler without this method
   * (a test kit's, which decides every interleaving itself) never allows it.
   */
  runNow?(): boolean;
}

/** Cell runs in one flush before the scheduler yields to other microtasks. */
const RUNS_PER_FLUSH = 256;
/**
 * Work done without a macrotask before the scheduler yields to I/O and timers: a few
 * milliseconds of it. Counted in runs, not flushes, so that a request–reply loop (one run per
 * flush) does not pay for an event-loop turn every few requests. A run from the queue (up to
 * THROUGHPUT messages) counts {@link QUEUE_RUN}; an actor answering at once on its caller's stack
 * (one message) counts one: 4,096 queue runs or 32,768 answers.
 */
const WORK_PER_MACROTASK = 32_768;
const QUEUE_RUN = 8;

const resolved = Promise.resolve();

/**
 * A system's run queue: a ring buffer of cells with work. A cell is appended once (the cell
 * keeps a `scheduled` flag); one microtask drains the queue, so thousands of busy actors cost one
 * microtask, not one each. After a bounded amount of work the flush yields: first to other
 * microtasks (so awaiting callers proceed), and every so often to the event loop (so I/O and
 * timers are not starved).
 *
 * A run that throws (a defect: cells catch what user code throws) is reported and the flush goes
 * on in a new microtask, so one broken actor never stops the others.
 *
 * Scheduling uses a native promise and `node:timers`, which jest's fake timers do not replace:
 * actors keep running under fake timers, while their own timers (`ctx.runLater`) are faked.
 */
export class RingScheduler implements Scheduler {
  private ring: (Runnable | undefined)[] = new Array(64);
  private head = 0;
  private size = 0;
  private pending = false;
  private workSinceMacrotask = 0;
  private resetScheduled = false;
  private readonly flushBound = (): void => this.flush();
  private readonly afterMacrotask = (): void => {
    this.workSinceMacrotask = 0;
    this.flush();
  };
  private readonly resetBound = (): void => {
    this.resetScheduled = false;
    this.workSinceMacrotask = 0;
  };

  constructor(private readonly report: (error: unknown) => void) {}

  schedule(cell: Runnable): void {
    let ring = this.ring;
    if (this.size === ring.length) ring = this.grow();
    ring[(this.head + this.size) & (ring.length - 1)] = cell;
    this.size++;
    if (!this.pending) this.request();
  }

  /**
   * Counts a run on the caller's stack as work like runs from the queue: past the macrotask's
   * budget it says no, and the request goes through the queue, which then yields to I/O and
   * timers (a loop of awaited requests would otherwise never let them run).
   */
  runNow(): boolean {
    if (this.workSinceMacrotask >= WORK_PER_MACROTASK) return false;
    this.workSinceMacrotask++;
    if (!this.resetScheduled) {
      this.resetScheduled = true;
      immediate(this.resetBound);
    }
    return true;
  }

  private request(): void {
    this.pending = true;
    if (this.workSinceMacrotask >= WORK_PER_MACROTASK) immediate(this.afterMacrotask);
    else void resolved.then(this.flushBound);
  }

  private flush(): void {
    try {
      this.drain();
    } catch (error) {
      // The queue is consistent (the cell was taken off before it ran): go on in a new microtask.
      this.request();
      this.report(error);
    }
  }

  private drain(): void {
    let runs = 0;
    for (; this.size > 0; runs++) {
      if (runs === RUNS_PER_FLUSH) return this.request();
      // Re-read the ring: a run may have grown it.
      const current = this.ring;
      const head = this.head;
      const cell = current[head]!;
      current[head] = undefined;
      this.head = (head + 1) & (current.length - 1);
      this.size--;
      this.workSinceMacrotask += QUEUE_RUN;
      cell.run();
    }
    this.pending = false;
    if (!this.resetScheduled) {
      this.resetScheduled = true;
      immediate(this.resetBound);
    }
  }

  private grow(): (Runnable | undefined)[] {
    const old = this.ring;
    const length = old.length;
    const next = new Array<Runnable | undefined>(length * 2);
    for (let i = 0; i < this.size; i++) next[i] = old[(this.head + i) & (length - 1)];
    this.head = 0;
    this.ring = next;
    return next;
  }
}
