import { EventEmitter } from 'eventemitter3';
import type { ActorRef, Addr } from './address';
import { Context } from './context';
import { DeadLetters, type DeadLetter, type DeadLetterReason } from './dead-letters';
import { ActorConfigError } from './errors';
import { consoleLogger, guardLogger, type Logger } from './logger';
import { Terminated } from './terminated';
import type { ActorClass, SpawnOptions } from './types';
import type { ActorCell } from './internal/cell/cell';
import { checkCapacity } from './internal/checks';
import { systemClock, type Clock } from './internal/clock';
import { Deadlines } from './internal/deadlines';
import { DeadlockDetector } from './internal/deadlock';
import type { CellEnv, CellEvent } from './internal/port';
import { RootGuardian } from './internal/root';
import { RingScheduler, type Scheduler } from './internal/scheduler';
import { spawnCell } from './internal/spawn';

declare module './context' {
  interface ContextTypes {
    system: ActorSystem;
  }
}

/** Options of {@link ActorSystem}. */
export interface SystemOptions {
  /** The system's name, for logs. Default `"troupe"`. */
  name?: string;
  /** Mailbox capacity of actors that set none. Default 1000. */
  defaultMailbox?: number;
  /** Default `send` timeout in ms. Default 30 000. */
  askTimeoutMs?: number;
  /** Where failures and warnings are reported. Default: the console. `silentLogger` says nothing. */
  logger?: Logger;
  /** Refuse any `send` that would close a cycle of waiting actors (A→B→A), at some cost per message. */
  detectDeadlocks?: boolean;
}

/** What a test kit (or a worker thread's host) may set in a system beyond its options. */
export interface SystemRuntime {
  clock?: Clock;
  scheduler?: Scheduler;
  /** False where another system reports the failures (a worker thread's system). Default true. */
  reportFailures?: boolean;
}

/** The payload of every `system.events` actor event. */
export interface ActorEvent {
  readonly path: string;
  readonly actor: ActorRef;
}

/**
 * Events on `system.events`. Sibling packages add their own (`supervisor:gave-up`, ...) by
 * declaration merging: `declare module '@troupe/core' { interface SystemEvents { ... } }`.
 * A listener that throws is reported to the logger; it never disturbs the actors.
 */
export interface SystemEvents {
  'actor:started': [ActorEvent];
  'actor:stopped': [ActorEvent & { readonly cause?: unknown }];
  'actor:restarted': [ActorEvent & { readonly attempt: number; readonly cause: unknown }];
  'actor:failed': [ActorEvent & { readonly error: unknown }];
  deadletter: [DeadLetter];
  'system:failure': [{ readonly cause: unknown }];
}

/**
 * The home of a tree of actors. Top-level actors are spawned with {@link ActorSystem.spawn}
 * under the root path `/user`; `shutdown` stops them all. Each system has its own clock and run
 * queue: nothing one system's actors do can stall another system's.
 *
 * @example
 * ```ts
 * const system = new ActorSystem({ name: 'app' });
 * const counter = system.spawn(Counter, { args: [10], name: 'counter' });
 * await counter.tell(new Increment());
 * await system.shutdown();
 * ```
 */
export class ActorSystem {
  readonly name: string;
  readonly defaultMailbox: number;
  readonly askTimeoutMs: number;
  /** The logger given in the options, guarded: what it throws is caught and shown on the console. */
  readonly logger: Logger;
  /** Lifecycle events of every actor; see {@link SystemEvents}. */
  readonly events = new EventEmitter<SystemEvents>();
  /** Messages that reached no actor. */
  readonly deadLetters: DeadLetters;
  /** @internal */
  readonly deadlocks: DeadlockDetector<ActorCell> | undefined;
  /** @internal The root of the tree: parent of every actor the system spawns. */
  readonly root: RootGuardian;
  /** @internal */
  readonly clock: Clock;
  /** @internal */
  readonly scheduler: Scheduler;
  /** @internal */
  readonly deadlines: Deadlines;
  /** @internal */
  readonly reportsFailures: boolean;
  /** @internal Handler and hook promises the actors wait on now (see `CellEnv.awaiting`). */
  awaiting = 0;

  private nextName = 0;
  private shuttingDown: Promise<void> | undefined = undefined;

  constructor(options: SystemOptions = {}, /** @internal */ runtime: SystemRuntime = {}) {
    if (typeof options !== 'object' || options === null) {
      throw new ActorConfigError(`ActorSystem: options must be an object, got ${String(options)}`);
    }
    this.name = options.name ?? 'troupe';
    this.defaultMailbox = checkCapacity(options.defaultMailbox ?? 1000, `system ${this.name} (defaultMailbox)`);
    const askTimeoutMs = options.askTimeoutMs ?? 30_000;
    if (typeof askTimeoutMs !== 'number' || !(askTimeoutMs > 0)) {
      throw new ActorConfigError(`ActorSystem: askTimeoutMs must be a positive number, got ${String(askTimeoutMs)}`);
    }
    this.askTimeoutMs = askTimeoutMs;
    this.logger = guardLogger(options.logger ?? consoleLogger);
    this.deadlocks = options.detectDeadlocks ? new DeadlockDetector<ActorCell>((owner): owner is ActorCell => (owner as Partial<ActorCell>).system === this) : undefined;
    this.clock = runtime.clock ?? systemClock;
    this.scheduler = runtime.scheduler ?? new RingScheduler((error) => this.logger.error(`system ${this.name}: an actor run threw (a defect in Troupe); other actors go on`, error));
    this.deadlines = new Deadlines(this.clock);
    this.reportsFailures = runtime.reportFailures ?? true;
    this.deadLetters = new DeadLetters((letter) => {
      this.logger.debug?.(`dead letter to ${letter.path} (${letter.reason}): ${letter.messageClass}`);
      this.emitEvent('deadletter', letter);
    }, this.logger);
    this.root = new RootGuardian((cause) => this.rootFailure(cause));
    // Cells see the system through `CellEnv`, whose members are internal: checked here, not in
    // the published type (where they are stripped).
    const env: CellEnv<ActorCell> = this;
    void env;
  }

  /** Spawns a top-level actor under `/user`. Synchronous: the address is usable at once. */
  spawn<C extends ActorClass>(actorClass: C, options?: SpawnOptions<C>): Addr<InstanceType<C>> {
    return spawnCell(this, this.root, actorClass, options).addr as Addr<InstanceType<C>>;
  }

  /** The top-level actors, in the order they were spawned. */
  get actors(): ActorRef[] {
    return this.root.childList.toArray().map((c) => c.addr as ActorRef);
  }

  get isShuttingDown(): boolean {
    return this.shuttingDown !== undefined;
  }

  /**
   * Stops every actor gracefully, last spawned first (each within its `shutdownMs`), and resolves
   * when all have stopped. Actors still running after `timeoutMs` (default 10 000) are killed.
   * Calling it again returns the same promise. A bad `timeoutMs` rejects with a `TypeError`.
   */
  shutdown(options: { timeoutMs?: number } = {}): Promise<void> {
    const timeoutMs = options?.timeoutMs ?? 10_000;
    if (typeof timeoutMs !== 'number' || !(timeoutMs >= 0)) {
      return Promise.reject(new TypeError(`system ${this.name}: shutdown's timeoutMs must be a number of ms >= 0, got ${String(timeoutMs)}`));
    }
    return (this.shuttingDown ??= this.stopAll(timeoutMs));
  }

  private async stopAll(timeoutMs: number): Promise<void> {
    const children = this.root.childList;
    let expired = false;
    let timer: unknown;
    const killAll = new Promise<void>((resolve) => {
      timer = this.clock.setTimeout(() => {
        expired = true;
        resolve();
      }, timeoutMs);
    });
    const stopInOrder = async (): Promise<void> => {
      for (let child = children.last; child !== undefined && !expired; child = children.last) {
        if (child.awaitsParent) child.terminate(); // suspended until its (root) parent decides: nothing to drain
        else await child.requestStop();
      }
    };
    await Promise.race([stopInOrder(), killAll]);
    this.clock.clearTimeout(timer);
    const left = children.toArray();
    for (let i = left.length - 1; i >= 0; i--) left[i].terminate();
    this.deadlocks?.close();
  }

  // ---- what cells need of their system (CellEnv) -----------------------------------------

  /** @internal The serial number of the next unnamed actor (its name, `$<base36>`, is built on first read). */
  nextSerial(): number {
    return this.nextName++;
  }

  /** @internal */
  deadLetter(message: unknown, path: string, reason: DeadLetterReason): void {
    this.deadLetters.publish(message, path, reason);
  }

  /** @internal */
  contextOf(cell: ActorCell): Context<unknown> {
    return new Context(cell);
  }

  /** @internal */
  terminatedOf(cell: ActorCell): Terminated {
    return new Terminated(cell.addr as ActorRef, cell.cause);
  }

  /** @internal Emits an actor event, building its payload only when someone listens. */
  emit(event: CellEvent, cell: ActorCell, detail?: unknown): void {
    if (this.events.listenerCount(event) === 0) return;
    const base = { path: cell.path, actor: cell.addr as ActorRef };
    switch (event) {
      case 'actor:started':
        return this.emitEvent(event, base);
      case 'actor:stopped':
        return this.emitEvent(event, { ...base, cause: cell.cause });
      case 'actor:restarted':
        return this.emitEvent(event, { ...base, attempt: cell.restarts, cause: detail });
      case 'actor:failed':
        return this.emitEvent(event, { ...base, error: detail });
    }
  }

  /** Emits on `events`; a listener that throws is reported, never passed on into the runtime. */
  private emitEvent<E extends keyof SystemEvents>(event: E, ...args: SystemEvents[E]): void {
    try {
      (this.events.emit as (event: E, ...args: SystemEvents[E]) => boolean)(event, ...args);
    } catch (error) {
      this.logger.error(`system ${this.name}: a system.events listener for '${event}' threw`, error);
    }
  }

  /** @internal A failure escalated past every actor: report it and shut down. */
  rootFailure(cause: unknown): void {
    this.logger.error(`system ${this.name}: a failure reached the root; shutting down`, cause);
    this.emitEvent('system:failure', { cause });
    void this.shutdown();
  }
}

/** Makes a system with a clock and a scheduler of the caller's (a test kit's); for sibling packages. */
export function createSystem(options: SystemOptions = {}, runtime: SystemRuntime = {}): ActorSystem {
  return new ActorSystem(options, runtime);
}
