import type { ActorDefinition } from '../actor-definition';
import type { HandlerTable } from '../handler-table';
import { ChildList, type Sibling } from '../children';
import type { CellEnv, Parent } from '../port';
import { defaultStrategy, type SupervisionStrategy } from '../strategy';
import { ColdState, DEFAULT_SHUTDOWN_MS, State } from './state';

const NO_ARGS: readonly unknown[] = Object.freeze([]);

/**
 * An actor's identity and its place in the tree: name, path, parent and children, its run state,
 * and the state that most actors never need (supervision settings, timers, watchers, tags), kept
 * in one object allocated on first use so that an idle actor stays small. The layers above add
 * the mailbox, timers, death watch, lifecycle, fault handling and the run loop; `Self` is the
 * final cell class, so that parents, children and watchers are typed without importing it.
 */
export abstract class CellNode<Self extends CellNode<Self>> implements Sibling<Self>, Parent<Self> {
  /** The actor's `Addr`, made by spawn; opaque to the machinery. */
  addr: unknown = undefined;
  private context: unknown = undefined;
  prevSibling: Self | undefined = undefined;
  nextSibling: Self | undefined = undefined;
  protected state = State.Starting;
  /** Run flags (see state.ts), packed in one small integer. */
  protected flags = 0;
  protected cold: ColdState<Self> | undefined = undefined;
  /** The handlers of the current behaviour (`ctx.become` swaps the table). */
  protected table: HandlerTable;
  private cachedPath: string | undefined = undefined;
  /** The name, or the serial number a generated name is made from when first read. */
  private label: string | number;

  constructor(
    readonly system: CellEnv<Self>,
    readonly parent: Parent<Self>,
    readonly definition: ActorDefinition,
    args: readonly unknown[],
    name: string | number,
  ) {
    this.label = name;
    this.table = definition.initial;
    if (args.length > 0) this.c.args = args;
  }

  /** This object as the final cell type. */
  protected get self(): Self {
    return this as unknown as Self;
  }

  protected get c(): ColdState<Self> {
    return (this.cold ??= new ColdState<Self>());
  }

  /** The actor's `Context`, made on first use: handlers that take only the message never need one. */
  get ctx(): unknown {
    return (this.context ??= this.system.contextOf(this.self));
  }

  get isAlive(): boolean {
    return this.state < State.Stopping;
  }

  /** Stopped for good. */
  get isStopped(): boolean {
    return this.state === State.Stopped;
  }

  /** The actor's name, unique among its live siblings; generated ones (`$1a`) are built on first read. */
  get name(): string {
    const label = this.label;
    return typeof label === 'string' ? label : (this.label = `$${label.toString(36)}`);
  }

  /** The path, such as `/user/pipeline/reader`. Built without recursion: trees may be very deep. */
  get path(): string {
    if (this.cachedPath !== undefined) return this.cachedPath;
    const chain: CellNode<Self>[] = [];
    let node: Parent<Self> = this;
    while (node instanceof CellNode && node.cachedPath === undefined) {
      chain.push(node);
      node = node.parent;
    }
    let path = node.path;
    for (let i = chain.length - 1; i >= 0; i--) path = chain[i].cachedPath = `${path}/${chain[i].name}`;
    return path;
  }

  /** The constructor arguments, kept for restarts (most actors have none: nothing is stored). */
  get args(): readonly unknown[] {
    return this.cold?.args ?? NO_ARGS;
  }

  // ---- behaviours ------------------------------------------------------------------------

  /** The current behaviour's name (undefined for a class that declares none). */
  get behaviour(): string | undefined {
    return this.table.behaviour;
  }

  /** Switches the active handlers from the next message on; an unknown name throws. */
  become(name: string): void {
    this.table = this.definition.behaviour(name, `ctx.become on ${this.path}`);
  }

  // ---- children --------------------------------------------------------------------------

  get childList(): ChildList<Self> | undefined {
    return this.cold?.children;
  }

  /** The live children, in the order they were started (a copy). */
  get children(): Self[] {
    return this.cold?.children?.toArray() ?? [];
  }

  /** The live child with this name, if any (a generated name is looked for one child at a time). */
  childNamed(name: string): Self | undefined {
    const list = this.cold?.children;
    const found = list?.byName(name);
    if (found !== undefined || !name.startsWith('$')) return found;
    for (let child = list?.first; child !== undefined; child = child.nextSibling) {
      if (child.isAlive && child.name === name) return child;
    }
    return undefined;
  }

  adopt(child: Self, before?: Self): void {
    const list = (this.c.children ??= new ChildList<Self>());
    list.insertBefore(child, before?.parent === this && !before.isStopped ? before : undefined);
    if (child.hasChosenName) list.claimName(child.name, child);
  }

  release(child: Self): void {
    this.cold?.children?.remove(child);
  }

  /**
   * Whether the spawner named this actor: generated names are unique by construction and need no
   * index. (Read at spawn, before a generated name is first built.)
   */
  get hasChosenName(): boolean {
    return typeof this.label === 'string';
  }

  /** Frees this actor's name among its siblings: it is no longer alive. */
  protected releaseName(): void {
    if (typeof this.label === 'string') this.parent.childList?.releaseName(this.label, this.self);
  }

  // ---- settings and records, in the cold state --------------------------------------------

  /** How this actor supervises its children. */
  get strategy(): SupervisionStrategy<Self> {
    return this.cold?.strategy ?? (defaultStrategy as unknown as SupervisionStrategy<Self>);
  }
  set strategy(strategy: SupervisionStrategy<Self>) {
    this.c.strategy = strategy;
  }

  /** How long a graceful stop may take before the actor is killed, and a kill's `stopped` may take. */
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

  /** Suspended until the parent, to which this actor escalated a failure, is resumed or restarted. */
  get escalated(): boolean {
    return this.cold?.escalated ?? false;
  }
  set escalated(value: boolean) {
    if (value || this.cold !== undefined) this.c.escalated = value;
  }

  /** Restart times, for restart intensity windows. */
  get restartLog(): number[] {
    return (this.c.restartTimes ??= []);
  }

  /** Per-cell data of sibling packages (supervisor child specs, registry names), keyed by symbol. */
  tag<T>(key: symbol): T | undefined {
    return this.cold?.tags?.get(key) as T | undefined;
  }

  setTag(key: symbol, value: unknown): void {
    (this.c.tags ??= new Map()).set(key, value);
  }

  /** Bumped on restart and kill so that late completions of an old instance are ignored. */
  protected get epoch(): number {
    return this.cold?.epoch ?? 0;
  }

  /** The parent failed, on escalation from this child: abstract here, the cell fails. */
  abstract fail(cause: unknown, from?: Self): void;
}
