import { ActorConfigError } from '../../errors';
import type { TimerHandle } from '../../timers';
import { TimerTask } from '../timer-task';
import { StashCell } from './stash';
import { Flag, State, type ReceiveTimeout } from './state';

/**
 * An actor's timers: `runLater`, `runInterval`, `notifyLater` and the receive timeout, on the
 * system's clock. Each timer's callback is delivered through the mailbox (see {@link TimerTask});
 * every timer is cancelled when the actor stops or restarts.
 */
export abstract class TimersCell<Self extends TimersCell<Self>> extends StashCell<Self> {
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

  // ---- receive timeout (Akka's setReceiveTimeout) -------------------------------------------

  /**
   * Delivers `message` to this actor once `ms` pass without it handling any other message;
   * re-armed after each message (after each run of messages, with the time it ended: one clock
   * reading per run, and only for actors that set one). Replaces an earlier one.
   */
  setReceiveTimeout(ms: number, message: unknown): void {
    checkDelay(ms, 'setReceiveTimeout', this.path);
    this.cancelReceiveTimeout();
    // Cancelled with the other timers when the actor stops or restarts.
    const handle = { cancel: (): void => this.cancelReceiveTimeout() };
    const timeout: ReceiveTimeout = { ms, message, timer: undefined, lastActive: this.system.clock.now(), handle };
    this.c.receiveTimeout = timeout;
    this.flags |= Flag.RECEIVE_TIMEOUT;
    this.addTimer(handle);
    this.armReceiveTimeout(timeout, ms);
  }

  cancelReceiveTimeout(): void {
    const timeout = this.cold?.receiveTimeout;
    if (timeout === undefined) return;
    this.cold!.receiveTimeout = undefined;
    this.flags &= ~Flag.RECEIVE_TIMEOUT;
    if (timeout.timer !== undefined) this.system.clock.clearTimeout(timeout.timer);
    this.removeTimer(timeout.handle);
  }

  /** The actor finished a run of messages: the receive timeout counts from now. */
  protected receiveTimeoutActive(): void {
    const timeout = this.cold!.receiveTimeout!;
    timeout.lastActive = this.system.clock.now();
    if (timeout.timer === undefined) this.armReceiveTimeout(timeout, timeout.ms);
  }

  private armReceiveTimeout(timeout: ReceiveTimeout, ms: number): void {
    timeout.timer = this.system.clock.setTimeout(() => this.receiveTimeoutDue(timeout), ms);
  }

  private receiveTimeoutDue(timeout: ReceiveTimeout): void {
    timeout.timer = undefined;
    if (this.cold?.receiveTimeout !== timeout || this.state >= State.Stopping) return;
    // In a handler, or messages waiting: not idle; look again in `ms`.
    if (this.mailbox.length > 0 || (this.flags & Flag.BUSY) !== 0) return this.armReceiveTimeout(timeout, timeout.ms);
    const idle = this.system.clock.now() - timeout.lastActive;
    if (idle < timeout.ms) return this.armReceiveTimeout(timeout, timeout.ms - idle); // a run ended since
    this.doSend(timeout.message); // its run re-arms the timeout when it ends
  }
}

function checkDelay(ms: unknown, what: string, path: string): void {
  if (typeof ms !== 'number' || Number.isNaN(ms) || ms < 0 || ms === Infinity) {
    throw new ActorConfigError(`${what} on ${path}: the delay must be a finite number of ms >= 0, got ${String(ms)}`, path);
  }
}
