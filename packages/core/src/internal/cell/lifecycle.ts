import type { Request } from '../request';
import { Flag, type Hooks, State } from './state';
import { BoundKind, TerminationCell } from './termination';

/**
 * An actor's life up to its end: start (`started`, after the extensions' `beforeStart`), and the
 * graceful stop (`stopping` may veto; the mailbox drains; children stop, last started first;
 * then termination.ts ends it). A stop is bounded by `shutdownMs`: past it the actor is killed.
 */
export abstract class LifecycleCell<Self extends LifecycleCell<Self>> extends TerminationCell<Self> {
  /** A handler or hook failed: see fault-handling.ts. */
  abstract failed(error: unknown, request: Request | undefined, origin?: unknown): void;
  /** Replaces the instance in place: see fault-handling.ts. */
  abstract restart(cause: unknown, delayMs?: number): void;

  // ---- starting --------------------------------------------------------------------------

  protected construct(): object {
    const Class = this.definition.actorClass;
    return new Class(...this.args);
  }

  /**
   * Starts the instance: the extensions' `beforeStart`, then `started` (with neither, nothing to
   * call). Its messages come in the same run when the start ends at once, else in its next run
   * (always the next under a parent whose strategy has `childrenStartTogether`).
   */
  protected start(): void {
    const instance = this.instance as Hooks;
    if (!this.definition.startsWithHooks && instance.started === undefined) return this.started();
    const epoch = this.epoch;
    this.flags |= Flag.BUSY;
    this.runHook(
      () => this.startInstance(),
      () => {
        if (epoch !== this.epoch) return;
        this.flags &= ~Flag.BUSY;
        this.started();
      },
      (error) => {
        if (epoch !== this.epoch) return;
        this.flags &= ~Flag.BUSY;
        this.state = State.Running;
        this.startSettled();
        this.failed(error, undefined, 'started()');
      },
    );
  }

  /** `started` has settled: the actor runs. */
  private started(): void {
    this.state = State.Running;
    this.startSettled();
    this.system.emit('actor:started', this.self);
    const strategy = this.parent.strategy;
    if (strategy.childStarted !== undefined) {
      this.tryHook(() => strategy.childStarted!(this.self), 'childStarted of its parent’s strategy');
    }
    // Started inside its first run, at once: that run goes on to the messages (ActorCell.startNow).
    if ((this.flags & Flag.STARTING_IN_RUN) !== 0) this.flags &= ~Flag.STARTING_IN_RUN;
    else this.schedule();
  }

  private startSettled(): void {
    const cold = this.cold;
    if (cold === undefined) return;
    const gate = cold.startGate;
    cold.startGate = undefined;
    gate?.resolve();
    this.handlersSettled();
  }

  /** Resolves once the start under way (`started`) has settled, well or not; at once if none is. */
  whenStarted(): Promise<void> {
    if (this.state !== State.Starting) return RESOLVED;
    const cold = this.c;
    if (cold.startGate === undefined) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => (resolve = r));
      cold.startGate = { promise, resolve };
    }
    return cold.startGate.promise;
  }

  /** Suspended until its parent acts (it escalated, or it is halted for a restart): nothing to drain. */
  get awaitsParent(): boolean {
    return this.escalated || (this.flags & Flag.HALTING) !== 0;
  }

  private startInstance(): void | Promise<void> {
    const instance = this.instance as Hooks;
    let pending: Promise<void> | undefined;
    for (const ext of this.definition.extensions) {
      if (ext.beforeStart === undefined) continue;
      pending = pending ? pending.then(() => ext.beforeStart!(this, instance)) : toPromise(ext.beforeStart(this, instance));
    }
    if (instance.started === undefined) return pending;
    return pending ? pending.then(() => instance.started!(this.ctx)) : instance.started(this.ctx);
  }

  /** Resolves once no handler of this instance is in flight, or after `shutdownMs` (then says so). */
  protected quiesce(): Promise<void> {
    if (!this.handlersInFlight) return RESOLVED;
    return new Promise<void>((resolve) => {
      const clock = this.system.clock;
      const ms = this.shutdownMs;
      let timer: unknown;
      const done = (): void => {
        if (this.cold!.quiesced !== done) return;
        this.cold!.quiesced = undefined;
        if (timer !== undefined) clock.clearTimeout(timer);
        resolve();
      };
      this.c.quiesced = done;
      if (Number.isFinite(ms)) {
        timer = clock.setTimeout(() => {
          this.system.logger.warn(`${this.path}: a handler still ran ${ms} ms after its restart was ordered; restarting without waiting for it`);
          done();
        }, ms);
      }
    });
  }

  // ---- graceful stop ---------------------------------------------------------------------

  /** Graceful stop: after the current message, `stopping` may veto; then drain and finish. Bounded by `shutdownMs`. */
  requestStop(): Promise<void> {
    const stopped = this.stopped;
    if (this.state >= State.Stopping || (this.flags & Flag.STOP_REQUESTED) !== 0) return stopped;
    this.flags |= Flag.STOP_REQUESTED;
    this.bound(BoundKind.Stop);
    const flags = this.flags;
    // At its concurrency limit the actor takes no message until a handler settles; the stop must
    // not wait for that: refuse new messages now and drain as handlers settle.
    if ((flags & Flag.SATURATED) !== 0 && (flags & (Flag.BUSY | Flag.SUSPENDED)) === 0 && this.state === State.Running) this.beginStop();
    else if ((flags & (Flag.BUSY | Flag.SUSPENDED)) === 0) this.schedule();
    return stopped;
  }

  /** At a message boundary with a stop requested: the `stopping` hook may veto. */
  protected beginStop(): void {
    const instance = this.instance as Hooks;
    if (instance.stopping === undefined) return this.stopOrRevive();
    const epoch = this.epoch;
    this.flags |= Flag.BUSY;
    this.runHook(
      () => instance.stopping!(this.ctx),
      (verdict) => {
        if (epoch !== this.epoch) return;
        this.flags &= ~Flag.BUSY;
        this.handlersSettled();
        if (verdict === 'continue') {
          // Vetoed: `stopped` stays pending until the actor really ends, at the latest when the
          // stop's bound kills it.
          this.flags &= ~Flag.STOP_REQUESTED;
          this.schedule();
        } else {
          this.stopOrRevive();
        }
      },
      (error) => {
        if (epoch !== this.epoch) return;
        this.flags &= ~Flag.BUSY;
        this.handlersSettled();
        this.failed(error, undefined, 'stopping()');
      },
    );
  }

  /** A graceful stop that was not vetoed: ends the actor, unless its parent restarts it in place. */
  private stopOrRevive(): void {
    const strategy = this.parent.strategy;
    if (strategy.childStopping !== undefined && !this.stopFinal && !this.system.isShuttingDown) {
      this.flags |= Flag.SUSPENDED; // the strategy may restart it from inside the hook
      let kept = false;
      this.tryHook(() => (kept = strategy.childStopping!(this.self) === true), 'childStopping of its parent’s strategy');
      if (kept) {
        this.flags &= ~Flag.STOP_REQUESTED; // `stopped` stays pending, as after a veto
        this.settleBound();
        return;
      }
      this.flags &= ~Flag.SUSPENDED;
    }
    this.enterStopping();
  }

  private enterStopping(): void {
    this.state = State.Stopping;
    this.flags &= ~Flag.STOP_REQUESTED;
    this.releaseName();
    this.notifyExtensions('stopping');
    this.refuseWaiters();
    this.schedule(); // drain what is queued, then finish
  }

  /** The mailbox is drained: stop the children (last started first), run `stopped`, end. */
  protected async finish(): Promise<void> {
    if (this.state !== State.Stopping) return;
    this.state = State.Finishing;
    this.cancelTimers();
    this.dropStash();
    await this.stopChildren();
    if ((this.flags & Flag.KILLED) !== 0) return; // a kill took over
    this.callStopped();
  }

  /** Stops the children gracefully, last started first, each within its own `shutdownMs`. */
  async stopChildren(): Promise<void> {
    for (let list = this.childList; list !== undefined && list.size > 0; list = this.childList) {
      const children = list.toArray();
      for (let i = children.length - 1; i >= 0; i--) {
        const child = children[i];
        if (child.isStopped) continue;
        child.stopFinal = true;
        if (child.awaitsParent) child.terminate(); // suspended until this actor decides: nothing to drain
        await child.requestStop();
      }
    }
  }
}

const RESOLVED: Promise<void> = Promise.resolve();

function toPromise(value: void | Promise<void>): Promise<void> {
  return value instanceof Promise ? value : Promise.resolve();
}
