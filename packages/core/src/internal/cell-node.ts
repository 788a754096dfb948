import type { ActorSystem } from '../system';
import type { TimerHandle } from '../timers';
import type { ActorDefinition } from './actor-definition';
import type { ActorCell } from './cell';
import type { Request } from './request';
import { DefaultStrategy, type SupervisionStrategy } from './strategy';
import { removeItem } from './lists';

/** The parent of a cell: another cell, or the system's root guardian. */
export interface Parent {
  readonly path: string;
  readonly strategy: SupervisionStrategy;
  readonly children: readonly ActorCell[];
  adopt(child: ActorCell): void;
  release(child: ActorCell): void;
  /** The parent itself fails (escalation). */
  fail(cause: unknown, from?: ActorCell): void;
}

/** Grace period for children that do not stop when their parent restarts or stops. */
const DEFAULT_SHUTDOWN_MS = 5_000;

const defaultStrategy = new DefaultStrategy();

/**
 * An actor's identity and its place in the tree: name, path, parent and children, and the state
 * that most actors never need (supervision settings, timers, watchers, tags), kept in one object
 * allocated on first use so that an idle actor stays small. {@link ActorCell} adds the mailbox,
 * the run loop and the lifecycle.
 */
export abstract class CellNode {
  private cachedPath: string | undefined = undefined;
  /** The name, or the serial number a generated name is made from when first read. */
  private label: string | number;
  private kids: ActorCell[] | undefined = undefined;
  /** State most actors never need, allocated on first use to keep an idle actor small. */
  protected cold: ColdState | undefined = undefined;

  constructor(
    readonly system: ActorSystem,
    readonly parent: Parent,
    readonly definition: ActorDefinition,
    args: readonly unknown[],
    name: string | number,
  ) {
    this.label = name;
    if (args.length > 0) this.c.args = args;
  }

  /** The constructor arguments, kept for restarts (most actors have none: nothing is stored). */
  get args(): readonly unknown[] {
    return this.cold?.args ?? NO_ARGS;
  }

  /** The actor's name, unique among its siblings; generated ones (`$1a`) are built on first read. */
  get name(): string {
    const label = this.label;
    return typeof label === 'string' ? label : (this.label = `$${label.toString(36)}`);
  }

  protected unlink(): void {
    this.parent.release(this as unknown as ActorCell);
  }

  /** The live children, in the order they were started. */
  get children(): ActorCell[] {
    return this.kids ?? NO_CHILDREN;
  }

  adopt(child: ActorCell): void {
    (this.kids ??= []).push(child);
  }

  release(child: ActorCell): void {
    removeItem(this.kids, child);
  }

  protected get c(): ColdState {
    return (this.cold ??= new ColdState());
  }

  /** How this actor supervises its children. */
  get strategy(): SupervisionStrategy {
    return this.cold?.strategy ?? defaultStrategy;
  }
  set strategy(strategy: SupervisionStrategy) {
    this.c.strategy = strategy;
  }

  /** How long the parent waits for this actor to stop before it kills it. */
  get shutdownMs(): number {
    return this.cold?.shutdownMs ?? DEFAULT_SHUTDOWN_MS;
  }
  set shutdownMs(ms: number) {
    this.c.shutdownMs = ms;
  }

  /** Set when this stop is final (its parent stops or restarts it): the parent will not revive it. */
  get stopFinal(): boolean {
    return this.cold?.stopFinal ?? false;
  }
  set stopFinal(value: boolean) {
    this.c.stopFinal = value;
  }

  /** The failure that stopped this actor, if one did. */
  get cause(): unknown {
    return this.cold?.cause;
  }
  set cause(cause: unknown) {
    this.c.cause = cause;
  }

  /** How many times this actor has been restarted. */
  get restarts(): number {
    return this.cold?.restarts ?? 0;
  }
  set restarts(n: number) {
    this.c.restarts = n;
  }

  /** Suspended until the parent, to which this actor escalated a failure, is resumed or restarted. */
  get escalated(): boolean {
    return this.cold?.escalated ?? false;
  }
  set escalated(value: boolean) {
    if (value || this.cold !== undefined) this.c.escalated = value;
  }

  /** Per-cell data of sibling packages (supervisor child specs, registry names), keyed by symbol. */
  tag<T>(key: symbol): T | undefined {
    return this.cold?.tags?.get(key) as T | undefined;
  }

  setTag(key: symbol, value: unknown): void {
    (this.c.tags ??= new Map()).set(key, value);
  }

  /** Restart times, for restart intensity windows. */
  get restartLog(): number[] {
    return (this.c.restartTimes ??= []);
  }

  get path(): string {
    return (this.cachedPath ??= `${this.parent.path}/${this.name}`);
  }

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

}

/** Shared by every actor without children; never mutated (children are added with `adopt`). */
const NO_CHILDREN: ActorCell[] = [];

const NO_ARGS: readonly unknown[] = Object.freeze([]);

/** The rarely used part of a cell's state. */
class ColdState {
  strategy: SupervisionStrategy = defaultStrategy;
  shutdownMs = DEFAULT_SHUTDOWN_MS;
  stopFinal = false;
  cause: unknown = undefined;
  restarts = 0;
  escalated = false;
  reentrantCount = 0;
  reentrantRequests: Set<Request> | undefined = undefined;
  timers: Set<TimerHandle> | undefined = undefined;
  watchers: ActorCell[] | undefined = undefined;
  stopDeferred: { promise: Promise<void>; resolve: () => void } | undefined = undefined;
  tags: Map<symbol, unknown> | undefined = undefined;
  restartTimes: number[] | undefined = undefined;
  args: readonly unknown[] | undefined = undefined;
  /** Bumped on restart and kill so that late completions of an old instance are ignored. */
  epoch = 0;
  /** Requests this actor made from a blocking handler (deadlock detection). */
  waitingOn: Request[] | undefined = undefined;
}
