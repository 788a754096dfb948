import { ActorConfigError } from '../../errors';
import type { TimerHandle } from '../../timers';
import { TimerTask } from '../timer-task';
import { DispatchCell } from './dispatch';

/**
 * An actor's timers: `runLater`, `runInterval` and `notifyLater` on the system's clock. Each
 * timer's callback is delivered through the mailbox (see {@link TimerTask}); every timer is
 * cancelled when the actor stops or restarts.
 */
export abstract class TimersCell<Self extends TimersCell<Self>> extends DispatchCell<Self> {
  addTimer(timer: TimerHandle): void {
    (this.c.timers ??= new Set()).add(timer);
  }

  removeTimer(timer: TimerHandle): void {
    this.cold?.timers?.delete(timer);
  }

  protected cancelTimers(): void {
    const timers = this.cold?.timers;
    if (timers === undefined) return;
    this.cold!.timers = undefined;
    for (const timer of timers) timer.cancel();
  }

  /** Runs `fn` inside the actor (between messages) after `ms`. A throw is a failure. */
  runLater(ms: number, fn: (ctx: unknown) => unknown): TimerHandle {
    checkDelay(ms, 'runLater', this.path);
    const task = new TimerTask(this, fn, false);
    task.id = this.system.clock.setTimeout(() => {
      this.removeTimer(task);
      this.doSend(task);
    }, ms);
    this.addTimer(task);
    return task;
  }

  /** Runs `fn` inside the actor every `ms` until cancelled, stopped or restarted. */
  runInterval(ms: number, fn: (ctx: unknown) => unknown): TimerHandle {
    checkDelay(ms, 'runInterval', this.path);
    if (ms === 0) throw new ActorConfigError(`runInterval on ${this.path}: the interval must be above 0 ms`, this.path);
    const task = new TimerTask(this, fn, true);
    task.id = this.system.clock.setInterval(() => {
      if (task.queued) return; // the previous tick still waits in the mailbox
      task.queued = true;
      this.doSend(task);
    }, ms);
    this.addTimer(task);
    return task;
  }

  /** Sends `message` to this actor after `ms`, ignoring capacity. */
  notifyLater(message: unknown, ms: number): TimerHandle {
    return this.runLater(ms, () => this.doSend(message));
  }
}

function checkDelay(ms: unknown, what: string, path: string): void {
  if (typeof ms !== 'number' || Number.isNaN(ms) || ms < 0 || ms === Infinity) {
    throw new ActorConfigError(`${what} on ${path}: the delay must be a finite number of ms >= 0, got ${String(ms)}`, path);
  }
}
