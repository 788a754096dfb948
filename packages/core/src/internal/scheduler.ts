import { setImmediate as immediate } from 'node:timers';

/** Something the scheduler can run: an actor cell with messages to handle. */
export interface Runnable {
  run(): void;
}

/** Cell runs in one flush before the scheduler yields to other microtasks. */
const RUNS_PER_FLUSH = 256;
/** Flushes in a row without a macrotask before the scheduler yields to I/O and timers. */
const FLUSHES_PER_MACROTASK = 64;

const resolved = Promise.resolve();

/**
 * The run queue shared by every actor of the process. A cell with work is appended once; one
 * microtask drains the queue, so thousands of busy actors cost one microtask, not one each.
 * After a bounded amount of work the flush yields: first to other microtasks (so awaiting
 * callers proceed), and every so often to the event loop (so I/O and timers are not starved).
 *
 * Scheduling uses a native promise and `node:timers`, which jest's fake timers do not replace:
 * actors keep running under fake timers, while their own timers (`ctx.runLater`) are faked.
 */
class Scheduler {
  private queue: Runnable[] = [];
  private next: Runnable[] = [];
  private pending = false;
  private flushesSinceMacrotask = 0;
  private readonly flushBound = (): void => this.flush();
  private readonly macrotaskBound = (): void => {
    this.flushesSinceMacrotask = 0;
    this.flush();
  };

  schedule(cell: Runnable): void {
    this.queue.push(cell);
    if (!this.pending) this.request();
  }

  private request(): void {
    this.pending = true;
    if (++this.flushesSinceMacrotask > FLUSHES_PER_MACROTASK) immediate(this.macrotaskBound);
    else void resolved.then(this.flushBound);
  }

  private flush(): void {
    let runs = 0;
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = this.next;
      for (let i = 0; i < batch.length; i++) {
        if (runs++ === RUNS_PER_FLUSH) {
          // Keep the rest of this batch, in order, ahead of what arrived meanwhile.
          const rest = batch.slice(i);
          batch.length = 0;
          this.next = batch;
          this.queue = rest.concat(this.queue);
          this.request();
          return;
        }
        batch[i].run();
      }
      batch.length = 0;
      this.next = batch;
    }
    this.pending = false;
    if (this.flushesSinceMacrotask > 0) this.resetAfterMacrotask();
  }

  private resetScheduled = false;
  private resetAfterMacrotask(): void {
    if (this.resetScheduled) return;
    this.resetScheduled = true;
    immediate(() => {
      this.resetScheduled = false;
      this.flushesSinceMacrotask = 0;
    });
  }
}

export const scheduler = new Scheduler();
