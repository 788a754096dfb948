import { ActorStoppedError } from '../../errors';
import { describeValue } from '../../message';
import type { Directive } from '../../supervision';
import { runAs, isThenable } from '../current';
import type { Request } from '../request';
import { LifecycleCell } from './lifecycle';
import { Flag, type Hooks, State } from './state';

/**
 * What happens when an actor fails: the caller of `send` gets the error, the failure is reported,
 * and the parent's strategy applies a directive: resume, restart (in place: the `Addr` and the
 * mailbox survive), stop, or escalate. A restart first halts the old instance (`restarting`, its
 * timers, its children) and only then starts a new one, so that two instances never run at once;
 * `@troupe/supervisor` uses `halt` and `revive` separately to restart a group of siblings the OTP
 * way (all halted, last started first, then all started again in start order).
 */
export abstract class SupervisedCell<Self extends SupervisedCell<Self>> extends LifecycleCell<Self> {
  /**
   * A handler or hook failed: the caller gets the error, the parent decides what happens next.
   * `origin` is the message being handled, or the name of the hook, for the report.
   */
  failed(error: unknown, request: Request | undefined, origin?: unknown): void {
    request?.fail(error);
    if (this.state >= State.Finishing) return;
    this.c.lastFailure = { error, at: this.system.clock.now() };
    const logger = this.system.logger;
    if ((this.flags & Flag.HALTING) !== 0) {
      // Its restart is under way: the parent decided already.
      return logger.error(`${this.path} failed ${describeOrigin(origin)} while restarting`, error);
    }
    this.flags |= Flag.SUSPENDED;
    this.system.emit('actor:failed', this.self, error);
    if (this.reports(request)) logger.error(`${this.path} failed ${describeOrigin(origin)}`, error);
    try {
      this.parent.strategy.handleFailure(this.self, error);
    } catch (strategyError) {
      logger.error(`${this.parent.path}: supervision strategy threw; stopping ${this.path}`, strategyError);
      this.terminate(error);
    }
  }

  /** Whether the logger reports this failure (`@Actor({ reportFailures })`); `request` is who saw it. */
  private reports(request: Request | undefined): boolean {
    if (!this.system.reportsFailures) return false;
    const which = this.definition.options.reportFailures;
    return which === undefined || which === 'all' || (which === 'unseen' && request === undefined);
  }

  /** Escalation from a child: this actor fails with the child's cause. */
  fail(cause: unknown, from?: Self): void {
    if (from !== undefined) from.escalated = true;
    if ((this.flags & Flag.SUSPENDED) !== 0) return;
    this.failed(cause, undefined, from === undefined ? undefined : `(escalated by ${from.path})`);
  }

  /** Applies a directive to this (suspended) cell. */
  apply(directive: Directive, cause: unknown): void {
    switch (directive) {
      case 'resume':
        return this.resume();
      case 'restart':
        return this.restart(cause);
      case 'stop':
        return this.terminate(cause);
      case 'escalate':
        return this.parent.fail(cause, this.self);
    }
  }

  resume(): void {
    if (this.state >= State.Finishing) return;
    this.flags &= ~Flag.SUSPENDED;
    this.escalated = false;
    for (let child = this.childList?.first; child !== undefined; child = child.nextSibling) {
      if (child.escalated) child.resume();
    }
    this.schedule();
  }

  /**
   * Replaces the instance in place, now (after `delayMs`): halts the old instance without waiting
   * for its handlers (the failure ended the one that mattered; a parent's `restartChild` wants a
   * stuck one gone), then starts a new one. The mailbox and the address survive.
   */
  restart(cause: unknown, delayMs = 0): void {
    void this.replace(cause, delayMs);
  }

  private async replace(cause: unknown, delayMs: number): Promise<void> {
    if (!(await this.halt(cause, false))) return;
    if (delayMs > 0 && !(await this.sleep(delayMs))) return;
    await this.revive(cause);
  }

  /**
   * Takes no more messages until `revive`: the handler in flight, if any, goes on, and the
   * actor's failures from now on are its restart's business. A strategy that restarts a group
   * holds every member at once, when it decides, then halts them one by one.
   */
  hold(): void {
    if (this.state < State.Finishing) this.flags |= Flag.SUSPENDED | Flag.HALTING;
  }

  /**
   * Stops the current instance and keeps the actor suspended, its mailbox intact: waits for the
   * handlers in flight when `waitForHandlers` (at most `shutdownMs`; those still running are then
   * cut loose, their requests rejected), runs `restarting`, cancels the timers, stops the children.
   * Resolves to false if the actor ended meanwhile.
   */
  async halt(cause: unknown, waitForHandlers: boolean): Promise<boolean> {
    if (this.state >= State.Finishing) return false;
    this.flags |= Flag.SUSPENDED | Flag.HALTING;
    if (waitForHandlers) await this.quiesce();
    if (this.state >= State.Finishing) return false;
    this.c.epoch++;
    this.flags &= ~(Flag.BUSY | Flag.SATURATED);
    const inflight = this.inflight;
    this.inflight = undefined;
    inflight?.fail(new ActorStoppedError(this.path, inflight.message, 'was restarted before it replied'));
    // The old instance's reentrant handlers still settle their own requests.
    this.cold!.reentrantRequests = undefined;
    this.cold!.reentrantCount = 0;
    await this.callRestarting(cause);
    this.cancelTimers();
    await this.stopChildren();
    return this.state < State.Finishing;
  }

  /**
   * Starts a new instance of a halted actor: constructor, `started`, then the queued messages.
   * Resolves when `started` has settled (or failed, which is a failure like any other).
   */
  async revive(cause: unknown): Promise<void> {
    if (this.state >= State.Finishing) return;
    this.flags &= ~Flag.HALTING;
    try {
      this.instance = this.construct();
    } catch (error) {
      this.flags &= ~Flag.SUSPENDED;
      return this.failed(error, undefined, 'in its constructor');
    }
    this.c.restarts++;
    this.table = this.definition.initial; // a restart returns to the initial behaviour
    this.system.emit('actor:restarted', this.self, cause);
    this.flags &= ~Flag.SUSPENDED;
    if (this.state === State.Running) this.state = State.Starting;
    if (this.state !== State.Starting) return this.schedule(); // stopping: go on draining
    const started = this.whenStarted();
    this.start();
    return started;
  }

  /**
   * Waits `ms` on the system's clock, as a timer of this actor: resolves to false if its timers
   * were cancelled meanwhile (it stopped, restarted or was killed) or it is no longer alive.
   */
  sleep(ms: number): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      const clock = this.system.clock;
      const handle = {
        cancel: () => {
          clock.clearTimeout(id);
          resolve(false);
        },
      };
      const id = clock.setTimeout(() => {
        this.removeTimer(handle);
        resolve(this.state < State.Finishing);
      }, ms);
      this.addTimer(handle);
    });
  }

  private callRestarting(cause: unknown): Promise<void> | void {
    const instance = this.instance as Hooks;
    if (instance.restarting === undefined) return;
    const report = (error: unknown): void => this.system.logger.error(`${this.path}: restarting() threw`, error);
    const result = runAs(this, () => instance.restarting!(this.ctx, cause), (error) => report(error));
    if (!isThenable(result)) return;
    const system = this.system;
    system.awaiting++;
    return Promise.resolve(result).then(undefined, report).finally(() => system.awaiting--);
  }
}

function describeOrigin(origin: unknown): string {
  if (origin === undefined) return '';
  if (typeof origin === 'string') return origin.startsWith('(') ? origin : `in ${origin}`;
  return `handling ${describeValue(origin)}`;
}
