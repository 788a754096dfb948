import { EventEmitter } from 'eventemitter3';
import type { ActorRef, Addr } from './address';
import { checkCapacity } from './context';
import { DeadLetters, type DeadLetter } from './dead-letters';
import { ActorConfigError } from './errors';
import { consoleLogger, type Logger } from './logger';
import type { ActorArgs, ActorClass } from './types';
import type { ActorCell, Parent } from './internal/cell';
import { DeadlockDetector } from './internal/deadlock';
import { DeadlineList } from './internal/request';
import { expire } from './internal/send';
import { spawnCell } from './internal/spawn';
import { removeItem } from './internal/lists';
import { DefaultStrategy, type SupervisionStrategy } from './internal/strategy';

/** Options of {@link ActorSystem}. */
export interface SystemOptions {
  /** The system's name, for logs. Default `"troupe"`. */
  name?: string;
  /** Mailbox capacity of actors that set none. Default 1000. */
  defaultMailbox?: number;
  /** Default `send` timeout in ms. Default 30 000. */
  askTimeoutMs?: number;
  /** Where failures and warnings are reported. Default: the console. */
  logger?: Logger;
  /** Refuse any `send` that would close a cycle of waiting actors (A→B→A), at some cost per message. */
  detectDeadlocks?: boolean;
}

/** Options of `spawn`. */
export interface SpawnOptions<C extends ActorClass = ActorClass> {
  /** Constructor arguments, kept for restarts. */
  args?: ActorArgs<C>;
  /** Unique among siblings; default a generated `$<n>`. */
  name?: string;
  /** Mailbox capacity; overrides the class's `@Actor({ mailbox })`. */
  mailbox?: number;
  /** How long a graceful stop by the parent may take before the child is killed. Default 5000 ms. */
  shutdownMs?: number;
  /** For supervisor strategies: `permanent`, `transient` or `temporary`. */
  restart?: 'permanent' | 'transient' | 'temporary';
}

/** The payload of every `system.events` actor event. */
export interface ActorEvent {
  readonly path: string;
  readonly actor: ActorRef;
}

/**
 * Events on `system.events`. Sibling packages add their own (`supervisor:gave-up`, ...) by
 * declaration merging: `declare module '@troupe/core' { interface SystemEvents { ... } }`.
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
 * under the root path `/user`; `shutdown` stops them all.
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
  readonly logger: Logger;
  /** Lifecycle events of every actor; see {@link SystemEvents}. */
  readonly events = new EventEmitter<SystemEvents>();
  /** Messages that reached no actor. */
  readonly deadLetters: DeadLetters;
  /** @internal */
  readonly deadlocks: DeadlockDetector | undefined;
  /** @internal The root of the tree: parent of every actor the system spawns. */
  readonly root: Parent;

  private nextName = 0;
  private shuttingDown: Promise<void> | undefined = undefined;
  private readonly deadlineLists = new Map<number, DeadlineList>();
  private readonly defaultDeadlines: DeadlineList;

  constructor(options: SystemOptions = {}) {
    this.name = options.name ?? 'troupe';
    this.defaultMailbox = checkCapacity(options.defaultMailbox ?? 1000, `system ${this.name} (defaultMailbox)`);
    const askTimeoutMs = options.askTimeoutMs ?? 30_000;
    if (typeof askTimeoutMs !== 'number' || !(askTimeoutMs > 0)) {
      throw new ActorConfigError(`ActorSystem: askTimeoutMs must be a positive number, got ${String(askTimeoutMs)}`);
    }
    this.askTimeoutMs = askTimeoutMs;
    this.logger = options.logger ?? consoleLogger;
    this.deadlocks = options.detectDeadlocks ? new DeadlockDetector() : undefined;
    this.deadLetters = new DeadLetters((letter) => {
      this.logger.debug?.(`dead letter to ${letter.path} (${letter.reason}): ${letter.messageClass}`);
      if (this.events.listenerCount('deadletter') > 0) this.events.emit('deadletter', letter);
    });
    this.defaultDeadlines = new DeadlineList(askTimeoutMs, expire);
    this.deadlineLists.set(askTimeoutMs, this.defaultDeadlines);
    this.root = new RootGuardian(this);
  }

  /** Spawns a top-level actor under `/user`. Synchronous: the address is usable at once. */
  spawn<C extends ActorClass>(actorClass: C, options?: SpawnOptions<C>): Addr<InstanceType<C>> {
    return spawnCell(this, this.root, actorClass, options).addr as unknown as Addr<InstanceType<C>>;
  }

  /** The top-level actors, in the order they were spawned. */
  get actors(): ActorRef[] {
    return this.root.children.map((c) => c.addr);
  }

  get isShuttingDown(): boolean {
    return this.shuttingDown !== undefined;
  }

  /**
   * Stops every actor gracefully, last spawned first, and resolves when all have stopped. Actors
   * still running after `timeoutMs` (default 10 000) are killed. Calling it again returns the
   * same promise.
   */
  shutdown(options: { timeoutMs?: number } = {}): Promise<void> {
    return (this.shuttingDown ??= this.stopAll(options.timeoutMs ?? 10_000));
  }

  private async stopAll(timeoutMs: number): Promise<void> {
    const children = this.root.children;
    const deadline = Date.now() + timeoutMs;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const killAll = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        for (let i = children.length - 1; i >= 0; i--) children[i]?.terminate();
        resolve();
      }, timeoutMs);
    });
    const stopInOrder = async (): Promise<void> => {
      while (children.length > 0 && Date.now() <= deadline) {
        const child = children[children.length - 1];
        if (child.escalated) child.terminate(); // suspended until its (root) parent decides: nothing to drain
        else await child.requestStop();
      }
    };
    await Promise.race([stopInOrder(), killAll]);
    clearTimeout(timer);
    for (let i = children.length - 1; i >= 0; i--) children[i]?.terminate();
  }

  /** @internal The serial number of the next unnamed actor (its name, `$<base36>`, is built on first read). */
  nextSerial(): number {
    return this.nextName++;
  }

  /** @internal The deadline list for one timeout duration. */
  deadlinesFor(timeoutMs: number): DeadlineList {
    if (timeoutMs === this.askTimeoutMs) return this.defaultDeadlines;
    let list = this.deadlineLists.get(timeoutMs);
    if (list === undefined) {
      list = new DeadlineList(timeoutMs, expire);
      this.deadlineLists.set(timeoutMs, list);
    }
    return list;
  }

  /** @internal Emits an actor event, building its payload only when someone listens. */
  emit(event: 'actor:started' | 'actor:stopped' | 'actor:restarted' | 'actor:failed', cell: ActorCell, detail?: unknown): void {
    const events = this.events;
    if (events.listenerCount(event) === 0) return;
    const base = { path: cell.path, actor: cell.addr };
    switch (event) {
      case 'actor:started':
        return void events.emit(event, base);
      case 'actor:stopped':
        return void events.emit(event, { ...base, cause: cell.cause });
      case 'actor:restarted':
        return void events.emit(event, { ...base, attempt: cell.restarts, cause: detail });
      case 'actor:failed':
        return void events.emit(event, { ...base, error: detail });
    }
  }

  /** @internal A failure escalated past every actor: report it and shut down. */
  rootFailure(cause: unknown): void {
    this.logger.error(`system ${this.name}: a failure reached the root; shutting down`, cause);
    this.events.emit('system:failure', { cause });
    void this.shutdown();
  }
}

/** The parent of top-level actors (`/user`). Its strategy is core's default. */
class RootGuardian implements Parent {
  readonly path = '/user';
  readonly strategy: SupervisionStrategy = new DefaultStrategy();
  readonly children: ActorCell[] = [];

  constructor(private readonly system: ActorSystem) {}

  adopt(child: ActorCell): void {
    this.children.push(child);
  }

  release(child: ActorCell): void {
    removeItem(this.children, child);
  }

  fail(cause: unknown, from?: ActorCell): void {
    if (from !== undefined) from.escalated = true;
    this.system.rootFailure(cause);
  }
}
