import { ActorSystem, type ActorClass, type Addr, type DeadLetter, type Logger, type SpawnOptions, type SystemOptions } from '@troupe/core';
import { cellOf, createSystem, envOf, spawnCell, systemClock, type CellEnv, type Clock, type Parent, type ActorCell } from '@troupe/core/internal';
import { NotIdleError } from './errors';
import { ProbeActor, ProbeState, TestProbe, type ProbeOptions } from './probe';
import { Spy, spiedClass, spyOfCell, watchSpy } from './spy';
import { awaitingOf, describeBusy, hasWork } from './internal/actors';
import { describeError, plural } from './internal/describe';
import { KitScheduler, type SchedulePolicy } from './internal/kit-scheduler';
import { Tracer } from './internal/tracer';
import { macrotask, realDelay, RealDeadline } from './internal/turns';
import { VirtualClock } from './internal/virtual-clock';
import type { FailureRecord, KitPort } from './internal/kit-port';

/** The system as cells see it (`spawnCell`'s first parameter). */

/** Options of {@link TestKit.create}. */
export interface TestKitOptions {
  /**
   * Give the system a virtual clock that moves only with {@link TestKit.advance} (and the probes'
   * `withinMs`). Default false: the real clock.
   */
  virtualTime?: boolean;
  /**
   * Options of the wrapped `ActorSystem`. Without a `logger`, the kit keeps what the system
   * reports in {@link TestKit.logs} and prints nothing.
   */
  systemOptions?: SystemOptions;
}

/** Options of {@link TestKit.runUntilIdle}. */
export interface IdleOptions {
  /**
   * Real milliseconds to wait for handlers that await something outside the system (real I/O)
   * before giving up with `NotIdleError`. Default 2000.
   */
  timeoutMs?: number;
}

/** Options of {@link TestKit.spawn}: spawn's own, and `spy`. */
export type KitSpawnOptions<C extends ActorClass> = SpawnOptions<C> & {
  /** Record the messages the actor handles and its lifecycle events: see {@link TestKit.spyOf}. */
  spy?: boolean;
};

/** What the system reported to its logger, when the kit holds the logger. */
export interface LogEntry {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly message: string;
  readonly details: readonly unknown[];
}

export type { FailureRecord };

/** How `explore` builds its kits (not part of the API: use `TestKit.create`). */
export interface KitRuntime {
  policy?: SchedulePolicy;
  /** Nothing outside the system may wake it (no real I/O): a kit that cannot go on says so at once. */
  closed?: boolean;
  trace?: boolean;
}

/** Consecutive timers fired without any actor running before a drive gives up (a no-op interval). */
const IDLE_FIRES = 1_000;

/**
 * An `ActorSystem` whose clock and run queue a test controls: probes that record what they
 * receive, virtual time, a way to wait until every actor is idle, and spies.
 *
 * Lifecycle: `TestKit.create()` builds a fresh system; use `tk.system` as any system; end every
 * test with `await tk.shutdown()` (under virtual time it moves the clock as the stop bounds
 * need, so it never waits in real time).
 *
 * @example
 * ```ts
 * const tk = TestKit.create({ virtualTime: true });
 * const counter = tk.system.spawn(Counter);
 * const probe = tk.probe<Count>();
 * counter.doSend(new Report(probe));
 * await probe.expectMessage(Count);
 * await tk.advance(60_000);            // an hour of timers in milliseconds
 * await tk.shutdown();
 * ```
 */
export class TestKit implements KitPort {
  /** The system under test. */
  readonly system: ActorSystem;
  /** Whether the system runs on virtual time. */
  readonly virtualTime: boolean;
  /** What the system reported to its logger (empty when `systemOptions.logger` was given). */
  readonly logs: LogEntry[] = [];
  /** Every actor failure so far, oldest first. */
  readonly failures: FailureRecord[] = [];
  /** Every dead letter so far, oldest first. */
  readonly deadLetters: DeadLetter[] = [];
  /** @internal */
  readonly clock: VirtualClock | undefined;
  /** @internal */
  readonly scheduler: KitScheduler;
  /** @internal */
  readonly tracer: Tracer | undefined;
  /** @internal Kit operations that own the clock now (advance, a probe's wait, runUntilIdle, shutdown). */
  timeOwners = 0;
  private readonly closed: boolean;
  /** The system as the machinery sees it (its port for cells, and its root). */
  private readonly env: CellEnv<ActorCell> & { readonly root: Parent };
  private timeLock: Promise<unknown> = Promise.resolve();
  private probes = 0;
  private dueQueued = false;
  private halted = false;

  /** Use {@link TestKit.create}. */
  constructor(options: TestKitOptions = {}, /** @internal */ runtime: KitRuntime = {}) {
    if (typeof options !== 'object' || options === null) throw new TypeError(`TestKit.create: options must be an object, got ${String(options)}`);
    this.virtualTime = runtime.policy !== undefined || options.virtualTime === true;
    this.closed = runtime.closed === true;
    const clock: Clock = this.virtualTime ? new VirtualClock() : systemClock;
    this.clock = clock instanceof VirtualClock ? clock : undefined;
    const systemOptions = { ...options.systemOptions };
    if (systemOptions.logger === undefined) systemOptions.logger = this.capturingLogger();
    this.scheduler = new KitScheduler(runtime.policy, (error) => this.logs.push({ level: 'error', message: 'an actor run threw (a defect in Troupe)', details: [error] }));
    this.system = createSystem(systemOptions, { clock, scheduler: this.scheduler });
    this.env = envOf(this.system);
    if (runtime.trace) {
      this.tracer = new Tracer(() => clock.now(), () => this.scheduler.runs);
      this.scheduler.observer = this.tracer;
    }
    if (this.clock !== undefined) this.clock.onDue = () => this.queueDueTimers();
    this.system.events.on('actor:failed', (e) => this.failures.push({ actor: e.path, error: e.error, at: clock.now() }));
    this.system.events.on('deadletter', (letter) => this.deadLetters.push(letter));
  }

  /** A kit around a fresh system. */
  static create(options: TestKitOptions = {}): TestKit {
    return new TestKit(options);
  }

  /** The system clock's time: virtual ms from 0, or `Date.now()`. */
  now(): number {
    return this.clock?.now() ?? systemClock.now();
  }

  /**
   * Moves virtual time forward by `ms`: fires the timers due by then one at a time, in due order
   * (then creation order), and lets the system run until no actor is ready after each, so that
   * what a timer causes happens before the next timer fires. Resolves with the clock at the new
   * time. Needs `virtualTime: true`.
   */
  advance(ms: number): Promise<void> {
    if (this.clock === undefined) return Promise.reject(new TypeError('tk.advance needs a kit with virtual time: TestKit.create({ virtualTime: true })'));
    if (typeof ms !== 'number' || !(ms >= 0) || ms === Infinity) {
      return Promise.reject(new TypeError(`tk.advance: ms must be a finite number of ms >= 0, got ${String(ms)}`));
    }
    return this.owningTime(async () => {
      await this.advanceUntil(undefined, this.clock!.now() + ms);
    });
  }

  /**
   * Resolves once the system is idle: no actor ready to run, every mailbox empty, no handler or
   * hook promise pending. Time does not move meanwhile. Rejects with `NotIdleError`, naming the
   * actors that are not idle, when that cannot happen without time passing (virtual time: an
   * actor waits on a timer, such as a restart backoff) or after `timeoutMs` of real time.
   */
  async runUntilIdle(options: IdleOptions = {}): Promise<void> {
    const timeoutMs = options?.timeoutMs ?? 2000;
    if (typeof timeoutMs !== 'number' || !(timeoutMs >= 0)) throw new TypeError(`tk.runUntilIdle: timeoutMs must be a number of ms >= 0, got ${String(timeoutMs)}`);
    this.timeOwners++;
    const deadline = new RealDeadline(timeoutMs);
    try {
      for (let polls = 0; ; polls++) {
        await this.settle();
        if (this.isIdle()) return;
        const onTime = this.clock !== undefined && awaitingOf(this.system) === 0;
        if (onTime || this.closed || deadline.expired) throw this.notIdle(onTime, timeoutMs);
        // A handler awaits something outside the system (real I/O, a real timer): poll for it.
        await (polls < 100 ? macrotask() : realDelay(1));
      }
    } finally {
      deadline.cancel();
      this.timeOwners--;
    }
  }

  /**
   * A probe: an address that records every message it receives, with expectations that wait
   * for them (see {@link TestProbe}). It is an actor of the system (`/user/$probe-<n>`), so
   * actors can hold it, send it anything, watch it; it stops with the system.
   */
  probe<T = unknown>(options: ProbeOptions<T> = {}): TestProbe<T> {
    const state = new ProbeState(this, options.reply as ((message: unknown) => unknown) | undefined);
    const cell = spawnCell(this.env, this.env.root, ProbeActor, { name: options.name ?? `$probe-${++this.probes}`, args: [state] });
    const probe = new TestProbe<T>(cell, state);
    cell.addr = probe;
    return probe;
  }

  /**
   * Spawns a top-level actor, as `tk.system.spawn` does. With `{ spy: true }` the kit records
   * every message the actor handles (with its reply or error) and its lifecycle events: read
   * them with {@link spyOf}. A spied actor is an instance of a subclass of `actorClass` made by
   * the kit (same name, same handlers, each wrapped to record).
   */
  spawn<C extends ActorClass>(actorClass: C, options: KitSpawnOptions<C> = {}): Addr<InstanceType<C>> {
    const { spy, ...spawnOptions } = options;
    if (!spy) return this.system.spawn(actorClass, spawnOptions as SpawnOptions<C>);
    const addr = this.system.spawn(spiedClass(actorClass), spawnOptions as SpawnOptions<C>);
    watchSpy(this, cellOf(addr));
    return addr;
  }

  /** The spy of an actor spawned with `tk.spawn(Class, { spy: true })`. */
  spyOf<A>(addr: Addr<A>): Spy<A> {
    const spy = spyOfCell(cellOf(addr));
    if (spy === undefined) throw new TypeError(`tk.spyOf: ${addr.path} has no spy; spawn it with tk.spawn(Class, { spy: true })`);
    return spy as Spy<A>;
  }

  /**
   * Shuts the system down (`system.shutdown`): every actor stops, last spawned first. Under
   * virtual time the clock moves as the stops need (a vetoed stop is killed after its
   * `shutdownMs`, at once in real time), so it resolves in milliseconds.
   */
  async shutdown(options: { timeoutMs?: number } = {}): Promise<void> {
    const done = this.system.shutdown(options);
    if (this.clock === undefined) return done;
    await this.owningTime(() => this.drive(done));
    return done;
  }

  // ---- what probes, spies and explore use ------------------------------------------------

  /** @internal Runs `fn` as the only kit operation that moves the clock, after those before it. */
  owningTime<R>(fn: () => Promise<R>): Promise<R> {
    const run = async (): Promise<R> => {
      this.timeOwners++;
      try {
        return await fn();
      } finally {
        this.timeOwners--;
      }
    };
    const result = this.timeLock.then(run, run);
    this.timeLock = result.catch(() => undefined);
    return result;
  }

  /**
   * @internal Lets the system run until no actor is ready to run: every promise continuation and
   * every actor run that follows from what has happened so far, and the timers due now. Time
   * does not move; handlers may still be waiting (on a timer, or on real I/O).
   */
  async settle(): Promise<void> {
    for (;;) {
      await macrotask();
      if (this.halted) throw new Error('this test kit was halted by explore (the schedule was abandoned)');
      if (this.fireDue()) continue;
      if (this.scheduler.isEmpty) return;
    }
  }

  /**
   * @internal Fires due timers one at a time, settling after each, until `done()` holds or the
   * next timer is due after `target`; then moves the clock to `target` (unless `done()` held:
   * time stops at the moment it did). Returns whether `done()` held.
   */
  async advanceUntil(done: (() => boolean) | undefined, target: number): Promise<boolean> {
    const clock = this.clock!;
    await this.settle();
    for (;;) {
      if (done?.()) return true;
      const next = clock.nextDue();
      if (next === undefined || next > target) break;
      this.fireNext();
      await this.settle();
    }
    clock.moveTo(target);
    return done?.() ?? false;
  }

  /** @internal Fires the next virtual timer (time moves to it). */
  fireNext(): boolean {
    if (!this.clock!.fireNext()) return false;
    this.tracer?.timerFired(this.clock!.now());
    return true;
  }

  /** @internal Drops every ready actor and refuses to run any more: explore abandons a schedule. */
  halt(): void {
    this.halted = true;
    this.scheduler.halt();
  }

  /** @internal Whether the system is idle now. */
  isIdle(): boolean {
    return this.scheduler.isEmpty && awaitingOf(this.system) === 0 && !hasWork(this.system);
  }

  /** @internal What the kit knows about actors that failed and letters that died, for failure messages. */
  meanwhile(sinceFailures: number, sinceLetters: number): string {
    const lines: string[] = [];
    const at = (time: number): string => (this.clock === undefined ? '' : ` at ${time} ms`);
    for (const f of this.failures.slice(sinceFailures).slice(-5)) lines.push(`  ${f.actor} failed${at(f.at)}: ${describeError(f.error)}`);
    for (const d of this.deadLetters.slice(sinceLetters).slice(-5)) lines.push(`  a ${d.messageClass} to ${d.path} went to dead letters (${d.reason})`);
    return lines.length === 0 ? '' : `\nMeanwhile:\n${lines.join('\n')}`;
  }

  /** Settles, then fires timers (time moves) until `promise` settles. */
  private async drive(promise: Promise<unknown>): Promise<void> {
    let settled = false;
    promise.then(
      () => (settled = true),
      () => (settled = true),
    );
    let idleFires = 0;
    let runs = this.scheduler.runs;
    for (let polls = 0; ; ) {
      await this.settle();
      if (settled) return;
      if (this.scheduler.runs !== runs) {
        runs = this.scheduler.runs;
        idleFires = 0;
      }
      if (idleFires < IDLE_FIRES && this.fireNext()) {
        idleFires++;
        continue;
      }
      // No timer left that does anything: only something outside the system can help now.
      if (this.closed || awaitingOf(this.system) === 0 || polls++ > 2000) throw this.notIdle(awaitingOf(this.system) === 0, 2000);
      await realDelay(1);
    }
  }

  private fireDue(): boolean {
    const clock = this.clock;
    if (clock === undefined) return false;
    const next = clock.nextDue();
    if (next === undefined || next > clock.now()) return false;
    return this.fireNext();
  }

  /** A timer due now was set: fire it on the next turn, whether or not the test calls the kit. */
  private queueDueTimers(): void {
    if (this.dueQueued) return;
    this.dueQueued = true;
    void macrotask().then(() => {
      this.dueQueued = false;
      if (!this.halted && this.fireDue()) this.queueDueTimers();
    });
  }

  private notIdle(waitsOnTime: boolean, timeoutMs: number): NotIdleError {
    const busy = describeBusy(this.system);
    const who =
      busy.length > 0
        ? busy.map((l) => `  ${l}`).join('\n')
        : `  ${plural(awaitingOf(this.system), 'promise')} of a reentrant handler or a hook pending (the kit cannot tell whose)`;
    const next = this.clock?.nextDue();
    const timer = next === undefined ? '' : `next timer at ${next} ms; now ${this.clock!.now()} ms`;
    const why = waitsOnTime
      ? `nothing can happen until virtual time moves${timer && ` (${timer})`}: use tk.advance(ms)`
      : this.closed
        ? 'no actor can run and nothing outside the system may wake it'
        : `still busy after ${timeoutMs} ms of real time (a handler awaits something that has not settled${timer && `; if it waits on virtual time (${timer}), use tk.advance(ms)`})`;
    return new NotIdleError(`the system is not idle: ${why}. Not idle:\n${who}`);
  }

  private capturingLogger(): Logger {
    const logs = this.logs;
    return {
      info: (message, ...details) => logs.push({ level: 'info', message, details }),
      warn: (message, ...details) => logs.push({ level: 'warn', message, details }),
      error: (message, ...details) => logs.push({ level: 'error', message, details }),
    };
  }
}
