import { UnhandledMessageError } from '../../errors';
import { describeValue } from '../../message';
import type { ActorDefinition } from '../actor-definition';
import type { HandlerEntry } from '../handler-table';
import { running, isThenable, runAs } from '../current';
import type { CellEnv, Parent } from '../port';
import { Phase, Request, type Requester } from '../request';
import { TimerTask } from '../timer-task';
import { SupervisedCell } from './fault-handling';
import { Flag, State, THROUGHPUT } from './state';

const NONE: readonly Request[] = [];
/** Flags under which an actor is not idle: it cannot take a request on its caller's stack. */
const NOT_IDLE = Flag.BUSY | Flag.SCHEDULED | Flag.SUSPENDED | Flag.SATURATED | Flag.STOP_REQUESTED | Flag.SYSTEM_PENDING | Flag.RECEIVE_TIMEOUT | Flag.HALTING;

/**
 * The machinery behind one actor: the run loop on top of the layers below it, each one concern,
 * each importing only those under it: node (identity, tree, cold state) ← dispatch (mailbox,
 * waiting senders, system messages) ← stash ← timers (and the receive timeout) ← death watch ←
 * termination (kill, the end, shutdownMs bounds) ← lifecycle (start, graceful stop) ← fault
 * handling (failures, directives, restart) ← this. `Addr` and `Context` are thin public faces
 * over it, made by spawn and by the system.
 */
export class ActorCell extends SupervisedCell<ActorCell> implements Requester {
  constructor(
    system: CellEnv<ActorCell>,
    parent: Parent<ActorCell>,
    definition: ActorDefinition,
    args: readonly unknown[],
    name: string | number,
    capacity: number,
  ) {
    super(system, parent, definition, args, name);
    this.capacity = capacity;
  }

  /**
   * The second half of spawning (Akka's `init`): the strategy for its children, the first instance
   * (a throwing constructor refuses the spawn), its place in the tree, the extensions' consent,
   * and its first run, in which `started` runs.
   */
  init(before?: ActorCell): void {
    const definition = this.definition;
    if (definition.strategyFactory) this.strategy = definition.strategyFactory(this);
    this.instance = this.construct();
    this.parent.adopt(this, before);
    const extensions = definition.extensions;
    let accepted = 0;
    try {
      for (; accepted < extensions.length; accepted++) extensions[accepted].spawned?.(this);
    } catch (error) {
      this.parent.release(this);
      this.releaseName();
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

  // ---- the run loop ---------------------------------------------------------------------

  /**
   * A request made outside every actor's code (top-level code, a promise continuation) to this
   * actor while it is idle: running, nothing queued or in flight, no stop or failure pending.
   * The handler runs now, on the caller's stack, as xstate handles every event, and its reply
   * settles the returned promise: the caller, awaiting it, sees no difference but one
   * scheduler hop less. A plain handler's reply needs no `Request` and no deadline at all.
   * Undefined when the request must go through the mailbox: the actor is busy or not running,
   * the handler is tracked (reentrant, threads) or missing, or
   * the scheduler says no (its budget before yielding to I/O, or a test kit's scheduler, which
   * orders every run itself).
   */
  requestNow(message: unknown, timeoutMs: number, signal: AbortSignal | undefined): Promise<unknown> | undefined {
    if (this.state !== State.Running || (this.flags & NOT_IDLE) !== 0 || this.mailbox.length !== 0 || this.capacity === 0) return undefined;
    const entry = this.table.resolve(message as object);
    const system = this.system;
    if (entry === undefined || entry.tracked) return undefined;
    if (system.scheduler.runNow?.() !== true) return undefined;
    this.handled++;
    const run = running;
    run.cell = this;
    let result: unknown;
    try {
      result = this.callHandler(entry, message);
    } catch (error) {
      run.cell = undefined;
      return this.answerLater(entry, message, error, true, timeoutMs, signal);
    }
    run.cell = undefined;
    if ((this.flags & Flag.STASHING) === 0 && !isThenable(result)) return Promise.resolve(result);
    return this.answerLater(entry, message, result, false, timeoutMs, signal);
  }

  /**
   * `requestNow` when the handler threw, returned a promise or stashed its message: the caller's
   * request is made now, already handed to the handler, with its deadline, and goes the way of
   * any request whose handler did that.
   */
  private answerLater(entry: HandlerEntry, message: unknown, outcome: unknown, threw: boolean, timeoutMs: number, signal: AbortSignal | undefined): Promise<unknown> {
    const request = new Request(this, message);
    const promise = request.open(this.system.deadlines, timeoutMs, signal);
    request.phase = Phase.Active;
    if (threw) this.handlerThrew(outcome, message, request);
    else this.handlerReturned(entry, message, request, outcome);
    return promise;
  }

  run(): void {
    this.flags &= ~Flag.SCHEDULED;
    if ((this.flags & (Flag.BUSY | Flag.SUSPENDED | Flag.SATURATED)) !== 0) return;
    let state = this.state;
    if (state === State.Starting) {
      if (this.parent.strategy.childrenStartTogether === true) return this.start();
      if (!this.startNow()) return;
      state = State.Running;
    }
    if (state !== State.Running) {
      if (state === State.Finishing) return void ((this.flags & Flag.KILLED) !== 0 && this.tryEnd());
      if (state === State.Stopped) return;
    } else if ((this.flags & Flag.STOP_REQUESTED) !== 0) {
      return this.beginStop();
    }
    // Only this actor's handlers run until the drain ends: `running` names it once for all.
    const run = running;
    const outer = run.cell;
    run.cell = this;
    try {
      this.drain();
    } finally {
      run.cell = outer;
    }
  }

  /**
   * Starts the actor in its first run. A start that ends at once (no `started` hook, no
   * extension's `beforeStart`, or ones that returned without a promise) lets the same run go on
   * to the messages: no second trip through the run queue. True when it may.
   */
  private startNow(): boolean {
    this.flags |= Flag.STARTING_IN_RUN;
    this.start();
    const ranAtOnce = (this.flags & Flag.STARTING_IN_RUN) === 0; // `started` took the flag: it queued no run
    this.flags &= ~Flag.STARTING_IN_RUN;
    return ranAtOnce && this.state === State.Running && (this.flags & (Flag.BUSY | Flag.SUSPENDED | Flag.SATURATED)) === 0;
  }

  /** Handles the waiting system messages, then the mailbox, at most THROUGHPUT messages per run. */
  private drain(): void {
    if ((this.flags & Flag.SYSTEM_PENDING) !== 0 && !this.runSystem()) return;
    const mailbox = this.mailbox;
    let budget = THROUGHPUT;
    while (mailbox.length > 0) {
      if (budget-- === 0) return this.schedule();
      const message = mailbox.shift();
      const request = mailbox.lastSecond as Request | undefined;
      this.handled++;
      if (this.waiters !== undefined) this.admitWaiters();
      this.invoke(message, request);
      // One test of the flags after each message covers every reason to leave the loop.
      if ((this.flags & (Flag.BUSY | Flag.SUSPENDED | Flag.SATURATED | Flag.STOP_REQUESTED | Flag.SYSTEM_PENDING)) !== 0 || this.state >= State.Finishing) {
        if (!this.mayGoOn()) return;
      }
    }
    mailbox.trim();
    if ((this.flags & Flag.RECEIVE_TIMEOUT) !== 0) this.receiveTimeoutActive();
    if (this.state === State.Stopping) void this.finish();
  }

  /** After a message that left a flag: handles waiting system messages, or says why to stop. */
  private mayGoOn(): boolean {
    if ((this.flags & (Flag.BUSY | Flag.SUSPENDED | Flag.SATURATED | Flag.STOP_REQUESTED)) === 0 && this.state < State.Finishing) return this.runSystem();
    if ((this.flags & (Flag.STOP_REQUESTED | Flag.BUSY | Flag.SUSPENDED)) === Flag.STOP_REQUESTED && this.state === State.Running) this.beginStop();
    return false;
  }

  /** Handles the waiting system messages (a watch's `Terminated`) before the mailbox. */
  private runSystem(): boolean {
    while ((this.flags & Flag.SYSTEM_PENDING) !== 0) {
      this.invoke(this.takeSystem(), undefined);
      if ((this.flags & (Flag.BUSY | Flag.SUSPENDED | Flag.SATURATED | Flag.STOP_REQUESTED)) !== 0 || this.state >= State.Finishing) return this.mayGoOn();
    }
    return true;
  }

  /**
   * Calls the handler of a message: the hot path, kept small enough for V8 to inline into the
   * run loop, and without a store into `running` (the run set its `cell`). Reentrant handlers,
   * classes that track requests, deadlock detection: `invokeTracked`.
   */
  private invoke(message: unknown, request: Request | undefined): void {
    const entry = this.table.resolve(message as object);
    if (entry === undefined) return this.unhandled(message, request);
    if (entry.tracked || this.system.deadlocks !== undefined) return this.invokeTracked(entry, message, request);
    if (request !== undefined) request.phase = Phase.Active;
    let result: unknown;
    try {
      result = entry.fn.call(this.instance, message, entry.takesContext ? this.ctx : undefined);
    } catch (error) {
      return this.handlerThrew(error, message, request);
    }
    if ((this.flags & Flag.STASHING) !== 0 || isThenable(result)) return this.handlerReturned(entry, message, request, result);
    if (request !== undefined) request.succeed(result);
  }

  /**
   * `invoke` that says more in `running`: whether the handler is reentrant, and its request (for
   * `currentRequestSignal`); with deadlock detection, the handler may run in async context and the
   * actor's waits end with the handler.
   */
  private invokeTracked(entry: HandlerEntry, message: unknown, request: Request | undefined): void {
    if (request !== undefined) request.phase = Phase.Active;
    const detector = this.system.deadlocks;
    if (detector !== undefined && this.cold?.waitingOn !== undefined) this.cold.waitingOn = undefined;
    const run = running;
    run.reentrant = entry.reentrant;
    run.request = request;
    let result: unknown;
    let threw = false;
    try {
      result = this.callHandler(entry, message);
    } catch (error) {
      threw = true;
      result = error;
    }
    run.reentrant = false;
    run.request = undefined;
    if (threw) return this.handlerThrew(result, message, request);
    if ((this.flags & Flag.STASHING) !== 0 || isThenable(result)) return this.handlerReturned(entry, message, request, result);
    if (request !== undefined) request.succeed(result);
  }

  /**
   * Calls a handler outside `invoke`'s fast path: with deadlock detection, one that may await
   * runs owned by this actor (by nobody when reentrant), so that its sends after an `await`
   * are known to be its own.
   */
  private callHandler(entry: HandlerEntry, message: unknown): unknown {
    const detector = entry.async ? this.system.deadlocks : undefined;
    if (detector === undefined) return entry.fn.call(this.instance, message, entry.takesContext ? this.ctx : undefined);
    return detector.run(this, entry.reentrant, entry.fn, this.instance, message, this.ctx);
  }

  private handlerThrew(error: unknown, message: unknown, request: Request | undefined): void {
    this.flags &= ~Flag.STASHING;
    this.failed(error, request, message);
  }

  /** The handler asked `ctx.stash()`, or returned a promise. */
  private handlerReturned(entry: HandlerEntry, message: unknown, request: Request | undefined, result: unknown): void {
    if ((this.flags & Flag.STASHING) !== 0) return this.stashHandled(message, request, result);
    if (!entry.async) entry.async = true; // a promise from a plain method: follow it from now on
    this.awaitResult(result as PromiseLike<unknown>, request, entry.reentrant, message);
  }

  private awaitResult(result: PromiseLike<unknown>, request: Request | undefined, reentrant: boolean, message: unknown): void {
    const epoch = this.epoch;
    const system = this.system;
    system.awaiting++;
    if (reentrant) {
      const cold = this.c;
      cold.reentrantCount++;
      if (request !== undefined) (cold.reentrantRequests ??= new Set()).add(request);
      if (cold.reentrantCount >= this.definition.concurrency) this.flags |= Flag.SATURATED;
      result.then(
        (value) => {
          system.awaiting--;
          request?.succeed(value);
          if (epoch === this.epoch) this.reentrantSettled(request);
        },
        (error) => {
          system.awaiting--;
          if (epoch !== this.epoch || this.state >= State.Finishing) return request?.fail(error);
          this.reentrantSettled(request);
          this.failed(error, request, message);
        },
      );
      return;
    }
    this.flags |= Flag.BUSY;
    this.inflight = request;
    result.then(
      (value) => {
        system.awaiting--;
        request?.succeed(value);
        if (epoch !== this.epoch) return;
        this.flags &= ~Flag.BUSY;
        this.inflight = undefined;
        this.releaseWaits();
        this.handlersSettled();
        this.schedule();
      },
      (error) => {
        system.awaiting--;
        if (epoch !== this.epoch) return request?.fail(error);
        this.flags &= ~Flag.BUSY;
        this.inflight = undefined;
        this.releaseWaits();
        this.failed(error, request, message);
        this.handlersSettled();
      },
    );
  }

  /** The handler asked `ctx.stash()`: its message goes to the stash, unanswered. */
  private stashHandled(message: unknown, request: Request | undefined, result: unknown): void {
    const overflow = this.stashCurrent(message, request);
    if (overflow !== undefined) return this.failed(overflow, request, message);
    if (isThenable(result)) this.awaitResult(result, undefined, false, message); // it holds the mailbox till it ends
  }

  private reentrantSettled(request: Request | undefined): void {
    const cold = this.c;
    cold.reentrantCount--;
    if (request !== undefined) cold.reentrantRequests?.delete(request);
    this.handlersSettled();
    if ((this.flags & Flag.SATURATED) !== 0 && cold.reentrantCount < this.definition.concurrency) {
      this.flags &= ~Flag.SATURATED;
      this.schedule();
    }
  }

  private unhandled(message: unknown, request: Request | undefined): void {
    if (message instanceof TimerTask) return this.runTimer(message);
    if (request !== undefined) request.fail(new UnhandledMessageError(this.path, describeValue(message), message));
    else this.deadLetter(message, 'unhandled');
  }

  private runTimer(task: TimerTask): void {
    let threw = false;
    let error: unknown;
    const result = runAs(
      this,
      () => task.run(this.ctx),
      (e) => {
        threw = true;
        error = e;
        return undefined;
      },
    );
    if (threw) return this.failed(error, undefined, 'a timer callback');
    if (isThenable(result)) this.awaitResult(result, undefined, false, 'a timer callback');
  }

  // ---- what an inspector reads ------------------------------------------------------------

  /** Where the actor is in its life, as an inspector shows it. */
  get phase(): 'starting' | 'running' | 'suspended' | 'restarting' | 'stopping' | 'stopped' {
    switch (this.state) {
      case State.Starting:
        return (this.flags & Flag.HALTING) !== 0 ? 'restarting' : 'starting';
      case State.Running:
        if ((this.flags & Flag.HALTING) !== 0) return 'restarting';
        return (this.flags & Flag.SUSPENDED) !== 0 ? 'suspended' : 'running';
      case State.Stopped:
        return 'stopped';
      default:
        return 'stopping';
    }
  }

  /** The last failure of this actor and when it happened (the system clock's time), if any. */
  get lastFailure(): { readonly error: unknown; readonly at: number } | undefined {
    return this.cold?.lastFailure;
  }

  // ---- deadlock bookkeeping ---------------------------------------------------------------

  /** Whether this actor is inside a handler that holds its mailbox (a wait here blocks it). */
  get blocking(): boolean {
    return (this.flags & Flag.BUSY) !== 0;
  }

  /** Requests this actor made from a blocking handler and is waiting on. */
  get outstanding(): readonly Request[] {
    return this.cold?.waitingOn ?? NONE;
  }

  requestMade(request: Request): void {
    (this.c.waitingOn ??= []).push(request);
  }

  requestSettled(request: Request): void {
    const list = this.cold?.waitingOn;
    if (list === undefined) return;
    const index = list.lastIndexOf(request);
    if (index >= 0) list.splice(index, 1);
  }

  /** When the blocking handler ends, its waits end with it. */
  private releaseWaits(): void {
    if (this.cold !== undefined) this.cold.waitingOn = undefined;
  }
}
