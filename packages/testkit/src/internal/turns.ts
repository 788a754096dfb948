import { setImmediate as immediate, setTimeout as realSetTimeout, clearTimeout as realClearTimeout } from 'node:timers';

// `node:timers` rather than the globals: jest's (and sinon's) fake timers replace the globals,
// and the kit must keep working, and keep its own waits real, whatever a test has faked.

/** Resolves after every queued microtask has run: one turn of the event loop. */
export function macrotask(): Promise<void> {
  return new Promise<void>((resolve) => immediate(resolve));
}

/** Resolves after `ms` of real time (a wait for real I/O, never for the system's clock). */
export function realDelay(ms: number): Promise<void> {
  return new Promise<void>((resolve) => realSetTimeout(resolve, ms));
}

/** A real-time deadline: `expired` turns true after `ms`. Always `cancel` it: its timer holds the process meanwhile. */
export class RealDeadline {
  expired = false;
  private readonly timer: ReturnType<typeof realSetTimeout> | undefined;

  constructor(ms: number, onExpire?: () => void) {
    if (ms === Infinity) return;
    this.timer = realSetTimeout(() => {
      this.expired = true;
      onExpire?.();
    }, ms);
  }

  cancel(): void {
    if (this.timer !== undefined) realClearTimeout(this.timer);
  }
}
