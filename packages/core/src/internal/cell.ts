import { ActorStoppedError, MailboxFullError, UnhandledMessageError } from '../errors';
import type { Directive } from '../supervision';
import type { ActorSystem } from '../system';
import { Addr } from '../address';
import { Context } from '../context';
import { Terminated } from '../terminated';
import type { ActorDefinition } from './actor-definition';
import { Mailbox } from './mailbox';
import { Phase, Request } from './request';
import { scheduler } from './scheduler';
import { Waiters } from './waiters';
import { TimerTask } from './timer-task';
import { running } from './current';
import { removeItem } from './lists';

export type { Parent };
import { CellNode, type Parent } from './cell-node';

const enum State {
  Starting,
  Running,
  /** Draining its mailbox before it stops; accepts nothing new. */
  Stopping,
  /** Mailbox done; stopping children and calling `stopped`. */
  Finishing,
  Stopped,
}

const BUSY = 1;
const SCHEDULED = 2;
const SUSPENDED = 4;
const STOP_REQUESTED = 8;
const SATURATED = 16;

/** Messages one cell handles per run before it lets other actors go. */
const THROUGHPUT = 128;

/**
 * The machinery behind one actor: its mailbox, its run loop, its lifecycle and its place in
 * the tree. `Addr` and `Context` are thin public faces over it.
 */
export class ActorCell extends CellNode implements Parent {
  readonly addr: Addr<unknown>;
  private context: Context<unknown> | undefined = undefined;
  instance: object;
  readonly mailbox = new Mailbox();
  capacity: number;

  private state = State.Starting;
  /** busy, scheduled, suspended, stopRequested and saturated, packed in one small integer. */
  private flags = 0;
  /** The request whose non-reentrant async handler is in flight. */
  private inflight: Request | undefined = undefined;
  private waiters: Waiters | undefined = undefined;

  constructor(
    system: ActorSystem,
    parent: Parent,
    definition: ActorDefinition,
    args: readonly unknown[],
    name: string | number,
    capacity: number,
    link: (cell: ActorCell) => void,
  ) {
    super(system, parent, definition, args, name);
    this.capacity = capacity;
    this.addr = new Addr(this);
    if (definition.strategyFactory) this.strategy = definition.strategyFactory(this);
    this.instance = this.construct(); // a throwing constructor refuses the spawn
    link(this);
    const extensions = definition.extensions;
    let accepted = 0;
    try {
      for (; accepted < extensions.length; accepted++) extensions[accepted].spawned?.(this);
    } catch (error) {
      this.unlink();
      // The extensions that already accepted this actor learn that it will never run.
      for (let i = accepted - 1; i >= 0; i--) {
        try {
          extensions[i].terminated?.(this);
        } catch {
          // the spawn is failing already: keep the first error
        }
      }
      throw error;
    }
    this.schedule();
  }

  /** Inside a handler or hook that holds the mailbox (an async one awaiting, or a lifecycle hook). */
  private get busy(): boolean {
    return (this.flags & BUSY) !== 0;
  }
  private set busy(on: boolean) {
    this.flags = on ? this.flags | BUSY : this.flags & ~BUSY;
  }

  /** Waiting for a directive, a restart or a backoff delay: handles nothing meanwhile. */
  private get suspended(): boolean {
    return (this.flags & SUSPENDED) !== 0;
  }
  private set suspended(on: boolean) {
    this.flags = on ? this.flags | SUSPENDED : this.flags & ~SUSPENDED;
  }

  /** A graceful stop waits for the next message boundary. */
  private get stopRequested(): boolean {
    return (this.flags & STOP_REQUESTED) !== 0;
  }
  private set stopRequested(on: boolean) {
    this.flags = on ? this.flags | STOP_REQUESTED : this.flags & ~STOP_REQUESTED;
  }

  /** Reentrant handlers in flight reached the concurrency limit. */
  private get saturated(): boolean {
    return (this.flags & SATURATED) !== 0;
  }
  private set saturated(on: boolean) {
    this.flags = on ? this.flags | SATURATED : this.flags & ~SATURATED;
  }

  /** Bumped on restart and kill so that late completions of an old instance are ignored. */
  private get epoch(): number {
    return this.cold?.epoch ?? 0;
  }

  /** The actor's `Context`, made on first use: handlers that take only the message never need one. */
  get ctx(): Context<unknown> {
    return (this.context ??= new Context(this));
  }

  get isAlive(): boolean {
    return this.state < State.Stopping;
  }

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

  /** Queued messages that count against capacity. */
  get queued(): number {
    return this.mailbox.live;
  }

  // ---- sending -------------------------------------------------------------------------

  /** True when a new message must wait (or fail, for trySend): full, or others already waiting. */
  isFull(): boolean {
    return this.mailbox.live >= this.capacity || (this.waiters !== undefined && this.waiters.length > 0);
  }

  /** Queues a message regardless of capacity. The caller checked that the actor accepts messages. */
  enqueue(message: unknown, request: Request | undefined): void {
    if (request !== undefined) request.phase = Phase.Queued;
    this.mailbox.push(message, request);
    if ((this.flags & (SCHEDULED | BUSY | SUSPENDED | SATURATED)) === 0) this.schedule();
  }

  tell(message: unknown): Promise<void> {
    if (this.state >= State.Stopping) {
      this.deadLetter(message, 'stopped');
      return RESOLVED;
    }
    if (!this.isFull()) {
      this.enqueue(message, undefined);
      return RESOLVED;
    }
    return (this.waiters ??= new Waiters()).waitTell(message);
  }

  doSend(message: unknown): void {
    if (this.state >= State.Stopping) this.deadLetter(message, 'stopped');
    else this.enqueue(message, undefined);
  }

  trySend(message: unknown): void {
    if (this.state >= State.Stopping) throw new ActorStoppedError(this.path, message);
    if (this.isFull()) throw new MailboxFullError(this.path, this.capacity, message);
    this.enqueue(message, undefined);
  }

  /** Admits a request made by `send`: queues it, or parks it until there is room. */
  admit(request: Request): void {
    if (this.state >= State.Stopping) {
      request.fail(new ActorStoppedError(this.path, request.message));
    } else if (!this.isFull()) {
      this.enqueue(request.message, request);
    } else {
      request.phase = Phase.Waiting;
      (this.waiters ??= new Waiters()).waitRequest(request);
    }
  }

  /** A queued request settled early (timeout or abort): its slot no longer counts. */
  queuedRequestExpired(): void {
    this.mailbox.expired++;
    this.admitWaiters();
  }

  private admitWaiters(): void {
    const waiters = this.waiters;
    if (waiters === undefined) return;
    while (waiters.length > 0 && this.mailbox.live < this.capacity) {
      waiters.admitOne(this);
    }
  }

  setCapacity(capacity: number): void {
    this.capacity = capacity;
    this.admitWaiters();
  }

  // ---- the run loop ---------------------------------------------------------------------

  schedule(): void {
    if ((this.flags & SCHEDULED) !== 0) return;
    this.flags |= SCHEDULED;
    scheduler.schedule(this);
  }

  run(): void {
    this.flags &= ~SCHEDULED;
    if ((this.flags & (BUSY | SUSPENDED | SATURATED)) !== 0) return;
    if (this.state === State.Starting) return this.start();
    if (this.stopRequested && this.state === State.Running) return this.beginStop();
    const mailbox = this.mailbox;
    let budget = THROUGHPUT;
    while (mailbox.size > 0) {
      if (budget-- === 0) return this.schedule();
      const message = mailbox.shift();
      const request = mailbox.lastRequest;
      if (request !== undefined && request.phase !== Phase.Queued) {
        mailbox.expired--; // settled while queued (timed out or aborted): never handled
        continue;
      }
      if (this.waiters !== undefined) this.admitWaiters();
      this.invoke(message, request);
      if ((this.flags & (BUSY | SUSPENDED | SATURATED | STOP_REQUESTED)) !== 0 || this.state >= State.Finishing) {
        if (this.stopRequested && (this.flags & (BUSY | SUSPENDED)) === 0 && this.state === State.Running) this.beginStop();
        return;
      }
    }
    if (this.state === State.Stopping) void this.finish();
  }

  private invoke(message: unknown, request: Request | undefined): void {
    const entry = this.definition.resolve(message as object);
    if (entry === undefined) return this.unhandled(message, request);
    if (request !== undefined) request.phase = Phase.Active;
    if (this.cold?.waitingOn !== undefined) this.cold.waitingOn = undefined;
    const previous = running.cell;
    const previousReentrant = running.reentrant;
    const previousRequest = running.request;
    running.cell = this;
    running.reentrant = entry.reentrant;
    running.request = request;
    const detector = this.system.deadlocks;
    let result: unknown;
    try {
      result =
        detector === undefined || !entry.async
          ? entry.fn.call(this.instance, message, entry.takesContext ? this.ctx : undefined)
          : detector.run(this, entry.reentrant, entry.fn, this.instance, message, this.ctx);
    } catch (error) {
      running.cell = previous;
      running.reentrant = previousReentrant;
      running.request = previousRequest;
      return this.failed(error, request);
    }
    running.cell = previous;
    running.reentrant = previousReentrant;
    running.request = previousRequest;
    if (result !== null && typeof result === 'object' && typeof (result as PromiseLike<unknown>).then === 'function') {
      if (!entry.async) entry.async = true; // a promise from a plain method: follow it from now on
      this.awaitResult(result as PromiseLike<unknown>, request, entry.reentrant);
    } else if (request !== undefined) {
      request.succeed(result);
    }
  }

  private awaitResult(result: PromiseLike<unknown>, request: Request | undefined, reentrant: boolean): void {
    const epoch = this.epoch;
    if (reentrant) {
      const cold = this.c;
      cold.reentrantCount++;
      if (request !== undefined) (cold.reentrantRequests ??= new Set()).add(request);
      if (cold.reentrantCount >= this.definition.concurrency) this.saturated = true;
      result.then(
        (value) => {
          request?.succeed(value);
          if (epoch === this.epoch) this.reentrantSettled(request);
        },
        (error) => {
          if (epoch !== this.epoch || this.state >= State.Finishing) return request?.fail(error);
          this.reentrantSettled(request);
          this.failed(error, request);
        },
      );
      return;
    }
    this.busy = true;
    this.inflight = request;
    result.then(
      (value) => {
        request?.succeed(value);
        if (epoch !== this.epoch) return;
        this.busy = false;
        this.inflight = undefined;
        this.releaseWaits();
        this.schedule();
      },
      (error) => {
        if (epoch !== this.epoch) return request?.fail(error);
        this.busy = false;
        this.inflight = undefined;
        this.releaseWaits();
        this.failed(error, request);
      },
    );
  }

  private reentrantSettled(request: Request | undefined): void {
    const cold = this.c;
    cold.reentrantCount--;
    if (request !== undefined) cold.reentrantRequests?.delete(request);
    if (this.saturated && cold.reentrantCount < this.definition.concurrency) {
      this.saturated = false;
      this.schedule();
    }
  }

  private unhandled(message: unknown, request: Request | undefined): void {
    if (message instanceof TimerTask) return this.runTimer(message);
    const className = (message as object).constructor.name;
    if (request !== undefined) request.fail(new UnhandledMessageError(this.path, className, message));
    else this.deadLetter(message, 'unhandled');
  }

  private runTimer(task: TimerTask): void {
    const previous = running.cell;
    running.cell = this;
    let result: unknown;
    try {
      result = task.run(this.ctx);
    } catch (error) {
      running.cell = previous;
      return this.failed(error, undefined);
    }
    running.cell = previous;
    if (result instanceof Promise) this.awaitResult(result, undefined, false);
  }

  // ---- lifecycle ------------------------------------------------------------------------

  private construct(): object {
    const Class = this.definition.actorClass;
    return new Class(...this.args);
  }

  private start(): void {
    const epoch = this.epoch;
    this.busy = true;
    this.runHook(
      () => this.startInstance(),
      () => {
        if (epoch !== this.epoch) return;
        this.busy = false;
        this.state = State.Running;
        this.system.emit('actor:started', this);
        this.parent.strategy.childStarted?.(this);
        this.schedule();
      },
      (error) => {
        if (epoch !== this.epoch) return;
        this.busy = false;
        this.state = State.Running;
        this.failed(error, undefined);
      },
    );
  }

  private startInstance(): void | Promise<void> {
    const instance = this.instance as Hooks;
    const extensions = this.definition.extensions;
    let pending: Promise<void> | undefined;
    for (const ext of extensions) {
      if (ext.beforeStart === undefined) continue;
      pending = pending ? pending.then(() => ext.beforeStart!(this, instance)) : toPromise(ext.beforeStart(this, instance));
    }
    if (instance.started === undefined) return pending;
    return pending ? pending.then(() => instance.started!(this.ctx)) : instance.started(this.ctx);
  }

  /** Runs a hook that may be sync or async, then `done` or `failed`, without an async wrapper. */
  private runHook(hook: () => unknown, done: (value: unknown) => void, failed: (error: unknown) => void): void {
    const previous = running.cell;
    running.cell = this;
    let result: unknown;
    try {
      result = hook();
    } catch (error) {
      running.cell = previous;
      return failed(error);
    }
    running.cell = previous;
    if (result instanceof Promise || (result !== null && typeof result === 'object' && typeof (result as PromiseLike<unknown>).then === 'function')) {
      (result as PromiseLike<unknown>).then(done, failed);
    } else {
      done(result);
    }
  }

  /** Graceful stop: after the current message, `stopping` may veto; then drain and finish. */
  requestStop(): Promise<void> {
    const stopped = this.stopped;
    if (this.state >= State.Stopping || this.stopRequested) return stopped;
    this.stopRequested = true;
    // At its concurrency limit the actor takes no message until a handler settles; the stop must
    // not wait for that: refuse new messages now and drain as handlers settle.
    if (this.saturated && !this.busy && !this.suspended && this.state === State.Running) this.beginStop();
    else if (!this.busy && !this.suspended) this.schedule();
    return stopped;
  }

  private beginStop(): void {
    const instance = this.instance as Hooks;
    if (instance.stopping === undefined) return this.stopOrRevive();
    const epoch = this.epoch;
    this.busy = true;
    this.runHook(
      () => instance.stopping!(this.ctx),
      (verdict) => {
        if (epoch !== this.epoch) return;
        this.busy = false;
        if (verdict === 'continue') {
          this.stopRequested = false; // vetoed: `stopped` stays pending until the actor really ends
          this.schedule();
        } else {
          this.stopOrRevive();
        }
      },
      (error) => {
        if (epoch !== this.epoch) return;
        this.busy = false;
        this.failed(error, undefined);
      },
    );
  }

  /** A graceful stop that was not vetoed: ends the actor, unless its parent restarts it in place. */
  private stopOrRevive(): void {
    if (!this.stopFinal && !this.system.isShuttingDown && this.parent.strategy.childStopping?.(this)) {
      this.stopRequested = false; // `stopped` stays pending, as after a veto
      return this.restart(undefined);
    }
    this.enterStopping();
  }

  private enterStopping(): void {
    this.state = State.Stopping;
    this.stopRequested = false;
    this.notifyStopping();
    this.waiters?.refuseAll(this);
    this.schedule(); // drain what is queued, then finish
  }

  /** Stops children (last started first), runs `stopped`, and tells everyone. */
  private async finish(): Promise<void> {
    if (this.state !== State.Stopping) return;
    this.state = State.Finishing;
    this.cancelTimers();
    await this.stopChildren();
    if (this.state !== State.Finishing) return; // killed meanwhile
    await this.callStopped();
    this.markStopped();
  }

  /**
   * Kill: no veto, no draining. The in-flight request and queued requests reject with
   * ActorStoppedError, queued commands go to dead letters, children are killed.
   */
  terminate(cause?: unknown): void {
    if (this.state === State.Stopped) return;
    for (const ext of this.definition.extensions) ext.killed?.(this);
    if (cause !== undefined) this.cause = cause;
    const wasAlive = this.state < State.Stopping;
    const wasFinishing = this.state === State.Finishing;
    this.state = State.Finishing;
    if (wasAlive) this.notifyStopping();
    this.c.epoch++;
    this.busy = false;
    this.suspended = false;
    this.inflight?.fail(new ActorStoppedError(this.path, this.inflight.message, 'was stopped before it replied'));
    this.inflight = undefined;
    this.dropReentrant();
    this.dropMailbox();
    this.waiters?.refuseAll(this);
    this.cancelTimers();
    for (let i = this.children.length - 1; i >= 0; i--) this.children[i].terminate();
    if (wasFinishing) return this.markStopped();
    const done = (): void => this.markStopped();
    this.callStopped().then(done, done);
  }

  /** Extensions learn the moment this actor stops accepting messages for good. */
  private notifyStopping(): void {
    for (const ext of this.definition.extensions) ext.stopping?.(this);
  }

  private dropReentrant(): void {
    const cold = this.cold;
    this.saturated = false;
    if (cold === undefined) return;
    const requests = cold.reentrantRequests;
    cold.reentrantRequests = undefined;
    cold.reentrantCount = 0;
    if (requests) for (const r of requests) r.fail(new ActorStoppedError(this.path, r.message, 'was stopped before it replied'));
  }

  private dropMailbox(): void {
    const mailbox = this.mailbox;
    while (mailbox.size > 0) {
      const message = mailbox.shift();
      const request = mailbox.lastRequest;
      if (request === undefined) this.deadLetter(message, 'stopped');
      else if (request.phase === Phase.Queued) request.fail(new ActorStoppedError(this.path, message, 'stopped before it handled the request'));
    }
    mailbox.expired = 0;
  }

  private async callStopped(): Promise<void> {
    const instance = this.instance as Hooks;
    if (instance.stopped === undefined) return;
    try {
      await instance.stopped(this.ctx);
    } catch (error) {
      this.system.logger.error(`${this.path}: stopped() threw`, error);
    }
  }

  private markStopped(): void {
    if (this.state === State.Stopped) return;
    this.state = State.Stopped;
    this.dropMailbox(); // anything doSent by children while they stopped
    this.releaseWaits();
    this.unlink();
    for (const ext of this.definition.extensions) ext.terminated?.(this);
    this.parent.strategy.childTerminated?.(this);
    const watchers = this.cold?.watchers;
    if (watchers !== undefined) this.cold!.watchers = undefined;
    if (watchers) for (const watcher of watchers) watcher.doSend(new Terminated(this.addr, this.cause));
    this.system.emit('actor:stopped', this);
    this.cold?.stopDeferred?.resolve(); // or created already resolved on first access
  }

  /** Stops the children, last started first; a child awaiting a decision from this actor is killed. */
  async stopChildren(): Promise<void> {
    for (let i = this.children.length - 1; i >= 0; i--) {
      const child = this.children[i];
      if (child === undefined) continue;
      child.stopFinal = true;
      if (child.escalated) child.terminate();
      else await child.stopWithin(child.shutdownMs);
    }
  }

  /** Graceful stop, escalated to a kill after `ms`. */
  stopWithin(ms: number): Promise<void> {
    const stopped = this.requestStop();
    if (!Number.isFinite(ms)) return stopped;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        this.system.logger.warn(`${this.path} did not stop within ${ms} ms; killing it`);
        this.terminate();
        resolve();
      }, ms);
    });
    return Promise.race([stopped, deadline]).finally(() => clearTimeout(timer));
  }

  // ---- failure and restart --------------------------------------------------------------

  /** A handler or hook failed: the caller gets the error, the parent decides what happens next. */
  failed(error: unknown, request: Request | undefined): void {
    request?.fail(error);
    if (this.state >= State.Finishing) return;
    this.suspended = true;
    this.system.emit('actor:failed', this, error);
    this.system.logger.debug?.(`${this.path} failed`, error);
    try {
      this.parent.strategy.handleFailure(this, error);
    } catch (strategyError) {
      this.system.logger.error(`${this.parent.path}: supervision strategy threw; stopping ${this.path}`, strategyError);
      this.terminate(error);
    }
  }

  /** Escalation from a child: this actor fails with the child's cause. */
  fail(cause: unknown, from?: ActorCell): void {
    if (from !== undefined) from.escalated = true;
    if (this.suspended) return;
    this.failed(cause, undefined);
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
        return this.parent.fail(cause, this);
    }
  }

  resume(): void {
    if (this.state >= State.Finishing) return;
    this.suspended = false;
    this.escalated = false;
    for (const child of this.children) if (child.escalated) child.resume();
    this.schedule();
  }

  /**
   * Replaces the instance: `restarting` on the old one, timers cancelled, children stopped, a new
   * instance from the class and its arguments, `started`. The mailbox and the address survive.
   */
  restart(cause: unknown, delayMs = 0): void {
    if (this.state >= State.Finishing) return;
    this.suspended = true;
    this.c.epoch++;
    this.busy = false;
    this.inflight?.fail(new ActorStoppedError(this.path, this.inflight.message, 'was restarted before it replied'));
    this.inflight = undefined;
    if (this.cold !== undefined) {
      this.cold.reentrantRequests = undefined; // the old instance's reentrant work still settles its own requests
      this.cold.reentrantCount = 0;
    }
    this.saturated = false;
    if (delayMs > 0) {
      const timer = setTimeout(() => this.restart(cause, 0), delayMs);
      this.addTimer({ cancel: () => clearTimeout(timer) });
      return;
    }
    void this.replaceInstance(cause);
  }

  private async replaceInstance(cause: unknown): Promise<void> {
    const epoch = this.epoch;
    const old = this.instance as Hooks;
    try {
      await old.restarting?.(this.ctx, cause);
    } catch (error) {
      this.system.logger.error(`${this.path}: restarting() threw`, error);
    }
    this.cancelTimers();
    await this.stopChildren();
    if (epoch !== this.epoch || this.state >= State.Finishing) return;
    try {
      this.instance = this.construct();
    } catch (error) {
      this.suspended = false;
      return this.failed(error, undefined);
    }
    this.restarts++;
    this.system.emit('actor:restarted', this, cause);
    this.suspended = false;
    if (this.state === State.Running) this.state = State.Starting;
    if (this.state === State.Starting) this.start();
    else this.schedule();
  }

  // ---- timers, watch, deadlock bookkeeping ---------------------------------------------

  addWatcher(watcher: ActorCell): void {
    if (this.state === State.Stopped) {
      watcher.doSend(new Terminated(this.addr, this.cause));
      return;
    }
    const watchers = (this.c.watchers ??= []);
    if (!watchers.includes(watcher)) watchers.push(watcher);
  }

  removeWatcher(watcher: ActorCell): void {
    removeItem(this.cold?.watchers, watcher);
  }

  /** Whether this actor is inside a handler that holds its mailbox (a wait here blocks it). */
  get blocking(): boolean {
    return this.busy;
  }

  /** Requests this actor made from a blocking handler and is waiting on. */
  get outstanding(): readonly Request[] {
    return this.cold?.waitingOn ?? NONE;
  }

  requestMade(request: Request): void {
    (this.c.waitingOn ??= []).push(request);
  }

  requestSettled(request: Request): void {
    removeItem(this.cold?.waitingOn, request);
  }

  /** When the blocking handler ends, its waits end with it. */
  private releaseWaits(): void {
    if (this.cold !== undefined) this.cold.waitingOn = undefined;
  }

  deadLetter(message: unknown, reason: 'stopped' | 'unhandled'): void {
    this.system.deadLetters.publish(message, this.path, reason);
  }
}

interface Hooks {
  started?(ctx: Context<unknown>): void | Promise<void>;
  stopping?(ctx: Context<unknown>): unknown;
  stopped?(ctx: Context<unknown>): void | Promise<void>;
  restarting?(ctx: Context<unknown>, cause: unknown): void | Promise<void>;
}

const NONE: readonly Request[] = [];
const RESOLVED: Promise<void> = Promise.resolve();

function toPromise(value: void | Promise<void>): Promise<void> {
  return value instanceof Promise ? value : Promise.resolve();
}
