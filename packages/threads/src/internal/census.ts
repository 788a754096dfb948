import type { Worker } from 'node:worker_threads';

/**
 * Every worker thread of every threaded actor in this process that has not exited yet, counted
 * from the threads' own `exit` events. For tests and diagnostics: after `system.shutdown()` it is
 * empty.
 */
const live = new Set<Worker>();

/** Counts a thread in until it exits. */
export function enlist(worker: Worker, onExit: () => void): void {
  live.add(worker);
  worker.once('exit', () => {
    live.delete(worker);
    onExit();
  });
}

/** Worker threads of threaded actors that are still running, in this process. */
export function liveThreadCount(): number {
  return live.size;
}
