import { ActorStoppedError } from '../../errors';
import type { Turn } from '../clock';
import { isThenable, runAs } from '../current';
import type { DeadlineQueue, Timed } from '../deadlines';
import { WatchedCell } from './death-watch';
import { Flag, EndHook, type Hooks, State } from './state';

type ExtensionHook = 'stopping' | 'killed' | 'terminated';

export const enum BoundKind {
  /** A graceful stop: past it the actor is killed. */
  Stop,
  /** A kill's `stopped` hook: past it the actor ends without waiting for the hook. */
  Kill,
}

/** The time limit (`shutdownMs`) on a stop under way, kept in the system's deadline queues. */
class StopBound implements Timed {
  turn: Turn | undefined = undefined;
  list: DeadlineQueue | undefined = undefined;
  pending = true;

  constructor(
    private readonly cell: { boundExpired(kind: BoundKind): void },
    readonly kind: BoundKind,
  ) {}

  expire(): void {
    this.settle();
    this.cell.boundExpired(this.kind);
  }

  settle(): void {
    if (!this.pending) return;
    this.pending = false;
    this.list!.settled(this);
  }
}

/**
 * How an actor ends: a kill (no veto, no drain, for the actor and every descendant, walked with an
 * explicit stack, never recursion), `stopped`, and the end itself (watchers, parent, events), once
 * its children have ended. Also the `shutdownMs` bounds: past a stop's, the actor is killed; past a
 * kill's, it ends without waiting for `stopped`. And the helpers that call user and sibling code.
 */
export abstract class TerminationCell<Self extends TerminationCell<Self>> extends WatchedCell<Self> {
  /** The current instance of the actor class. */
  instance: object = NO_INSTANCE;

  /** Runs a hook that may be sync or async, then `done` or `failed`, without an async wrapper. */
  protected runHook(hook: () => unknown, done: (value: unknown) => void, failed: (error: unknown) => void): void {
    let threw = false;
    let error: unknown;
    const result = runAs(this, hook, (e) => {
      threw = true;
      error = e;
      return undefined;
    });
    if (threw) return failed(error);
    if (!isThenable(result)) return done(result);
    const system = this.system;
    system.awaiting++;
    result.then(
      (value) => {
        system.awaiting--;
        done(value);
      },
      (reason) => {
        system.awaiting--;
        failed(reason);
      },
    );
  }

  /** Calls a sibling package's or strategy's code, reporting what it throws instead of passing it on. */
  protected tryHook(fn: () => unknown, what: string): void {
    try {
      fn();
    } catch (error) {
      this.system.logger.error(`${this.path}: ${what} threw`, error);
    }
  }

  protected notifyExtensions(hook: ExtensionHook): void {
    for (const ext of this.definition.extensions) {
      const fn = ext[hook];
      if (fn !== undefined) this.tryHook(() => fn.call(ext, this), `the ${hook} hook of an extension`);
    }
  }

  // ---- handlers in flight -----------------------------------------------------------------

  /** A handler or hook holds the mailbox, or reentrant handlers are in flight. */
  protected get handlersInFlight(): boolean {
    return (this.flags & Flag.BUSY) !== 0 || (this.cold?.reentrantCount ?? 0) > 0;
  }

  /** Called whenever a handler or hook settles: ends a `quiesce` that waits for it. */
  protected handlersSettled(): void {
    const quiesced = this.cold?.quiesced;
    if (quiesced !== undefined && !this.handlersInFlight) quiesced();
  }

  /** Resolves when the actor has fully stopped. */
  get stopped(): Promise<void> {
    const cold = this.c;
    if (cold.stopDeferred === undefined) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => (resolve = r));
      cold.stopDeferred = { promise, resolve };
      if (this.state === State.Stopped) resolve();
    }
    return cold.stopDeferred.promise;
  }

  // ---- kill ------------------------------------------------------------------------------

  /**
   * Kill: no veto, no draining, for this actor and every descendant. In-flight and queued requests
   * reject with ActorStoppedError, queued commands go to dead letters; `stopped` still runs (within
   * `shutdownMs`), children before their parents. Walks the subtree with an explicit stack.
   */
  terminate(cause?: unknown): void {
    if (this.state === State.Stopped) return;
    if (cause !== undefined) this.cause = cause;
    const killed: TerminationCell<Self>[] = [];
    const stack: TerminationCell<Self>[] = [this];
    while (stack.length > 0) {
      const cell = stack.pop()!;
      if (!cell.killHere()) continue;
      killed.push(cell);
      // Pushed first to last, so that the last started is killed first.
      for (let child = cell.childList?.first; child !== undefined; child = child.nextSibling) stack.push(child);
    }
    for (let i = killed.length - 1; i >= 0; i--) killed[i].afterKill();
  }

  /** The part of a kill that concerns this actor alone; false if it was killed or stopped already. */
  private killHere(): boolean {
    if (this.state === State.Stopped || (this.flags & Flag.KILLED) !== 0) return false;
    this.notifyExtensions('killed');
    const wasAlive = this.state < State.Stopping;
    this.state = State.Finishing;
    if (wasAlive) {
      this.releaseName();
      this.notifyExtensions('stopping');
    }
    this.c.epoch++;
    this.flags = (this.flags & ~(Flag.BUSY | Flag.SUSPENDED | Flag.SATURATED | Flag.STOP_REQUESTED)) | Flag.KILLED;
    const inflight = this.inflight;
    this.inflight = undefined;
    inflight?.fail(new ActorStoppedError(this.path, inflight.message, 'was stopped before it replied'));
    this.dropReentrant();
    this.dropMailbox();
    this.dropStash();
    this.dropSystem();
    this.refuseWaiters();
    this.cancelTimers();
    this.handlersSettled();
    return true;
  }

  private afterKill(): void {
    switch (this.c.endHook) {
      case EndHook.NotCalled:
        this.bound(BoundKind.Kill);
        return this.callStopped();
      case EndHook.Running: // a graceful stop's `stopped` is running: give it `shutdownMs` from now
        return this.bound(BoundKind.Kill);
      case EndHook.Done:
        return this.tryEnd();
    }
  }

  /** In-flight reentrant requests reject; their handlers' late results are ignored. */
  private dropReentrant(): void {
    const cold = this.cold;
    if (cold === undefined) return;
    const requests = cold.reentrantRequests;
    cold.reentrantRequests = undefined;
    cold.reentrantCount = 0;
    if (requests) for (const r of requests) r.fail(new ActorStoppedError(this.path, r.message, 'was stopped before it replied'));
  }

  // ---- the end ---------------------------------------------------------------------------

  /** Runs `stopped` (errors are reported, not failures), then ends the actor if it can. */
  protected callStopped(): void {
    const cold = this.c;
    cold.endHook = EndHook.Running;
    const instance = this.instance as Hooks;
    const done = (): void => {
      if (cold.endHook !== EndHook.Running) return; // overdue already
      cold.endHook = EndHook.Done;
      this.tryEnd();
    };
    if (instance.stopped === undefined) return done();
    this.runHook(
      () => instance.stopped!(this.ctx),
      done,
      (error) => {
        this.system.logger.error(`${this.path}: stopped() threw`, error);
        done();
      },
    );
  }

  /** Ends the actor once its `stopped` has run and its children have ended. */
  protected tryEnd(): void {
    if (this.state !== State.Finishing || this.c.endHook !== EndHook.Done) return;
    const children = this.childList;
    if (children !== undefined && children.size > 0) return; // the last one to end reschedules this actor
    this.markStopped();
  }

  override release(child: Self): void {
    super.release(child);
    // A killed parent waits for its children: let it end from its run loop (no recursion up the tree).
    if ((this.flags & Flag.KILLED) !== 0 && this.childList!.size === 0) this.schedule();
  }

  private markStopped(): void {
    if (this.state === State.Stopped) return;
    this.state = State.Stopped;
    this.settleBound();
    this.dropMailbox(); // anything doSent by children while they stopped
    this.dropStash();
    this.dropSystem();
    if (this.cold !== undefined) this.cold.waitingOn = undefined;
    this.parent.release(this.self);
    this.notifyExtensions('terminated');
    const strategy = this.parent.strategy;
    if (strategy.childTerminated !== undefined) {
      this.tryHook(() => strategy.childTerminated!(this.self), 'childTerminated of its parent’s strategy');
    }
    this.nextSibling = undefined; // kept until now as where it stood, for the strategy
    this.tellWatchers();
    this.system.emit('actor:stopped', this.self);
    this.cold?.stopDeferred?.resolve(); // or created already resolved on first access
  }

  // ---- bounds ----------------------------------------------------------------------------

  /** Starts the `shutdownMs` bound of a stop (once), or of a kill's `stopped` (replacing a stop's). */
  protected bound(kind: BoundKind): void {
    const ms = this.shutdownMs;
    if (!Number.isFinite(ms)) return;
    const cold = this.c;
    const current = cold.stopBound as StopBound | undefined;
    if (current !== undefined && current.pending) {
      if (current.kind === kind) return;
      current.settle();
    }
    const bound = new StopBound(this, kind);
    cold.stopBound = bound;
    this.system.deadlines.add(bound, ms);
  }

  protected settleBound(): void {
    const bound = this.cold?.stopBound as StopBound | undefined;
    if (bound === undefined) return;
    this.cold!.stopBound = undefined;
    bound.settle();
  }

  /** @internal Called by the bound when `shutdownMs` has passed. */
  boundExpired(kind: BoundKind): void {
    if (this.state === State.Stopped) return;
    if (kind === BoundKind.Stop) {
      this.system.logger.warn(`${this.path} did not stop within ${this.shutdownMs} ms (shutdownMs); killing it`);
      return this.terminate();
    }
    this.system.logger.warn(`${this.path}: stopped() did not settle within ${this.shutdownMs} ms (shutdownMs) after a kill; ending without it`);
    this.c.endHook = EndHook.Done;
    this.tryEnd();
  }
}

const NO_INSTANCE: object = Object.freeze({});
