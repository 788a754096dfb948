import type { ActorSystem } from '@troupe/core';
import type { ActorCell } from '@troupe/core/internal';
import { describeError, type ErrorView } from './describe';
import { walkTree } from './walk';

/** One actor as `/api/tree` and the page show it. */
export interface ActorView {
  /** The inspector's own number for this actor, stable for its whole life (across restarts). */
  readonly id: number;
  /** The parent's `id`; 0 for a top-level actor. */
  readonly parent: number;
  readonly depth: number;
  /**
   * The actor's path. In `/api/tree` only: the page's stream leaves it out and joins the names
   * itself, so that a tree thousands deep does not send thousands of ever longer paths.
   */
  readonly path?: string;
  readonly name: string;
  /** The actor's class name. */
  readonly class: string;
  readonly state: string;
  /** Queued messages. */
  readonly mailbox: number;
  /** Mailbox capacity; `null` for an unbounded mailbox. */
  readonly capacity: number | null;
  /** Messages taken from the mailbox so far. */
  readonly handled: number;
  /** Messages per second, over the last sampling interval. */
  readonly rate: number;
  readonly restarts: number;
  readonly children: number;
  readonly lastFailure: (ErrorView & { readonly at: number }) | null;
}

/** The rate is measured over at least this long; a sooner sample keeps the last rate. */
const MIN_RATE_WINDOW_MS = 250;

/** An actor's row: its last sampled values, and where its rate is measured from. */
class Row {
  state = '';
  mailbox = 0;
  capacity: number | null = 0;
  handled = 0;
  rate = 0;
  restarts = 0;
  children = 0;
  failureAt = -1;
  failure: ErrorView | undefined = undefined;
  /** The walk that last saw this actor. */
  seen = 0;
  baseHandled: number;
  baseAt: number;

  constructor(
    readonly id: number,
    readonly cell: ActorCell,
    readonly parent: number,
    readonly depth: number,
    readonly path: string,
    readonly cls: string,
    now: number,
  ) {
    this.baseHandled = cell.handled;
    this.baseAt = now;
  }

  view(withPath: boolean): ActorView {
    return {
      id: this.id,
      parent: this.parent,
      depth: this.depth,
      ...(withPath ? { path: this.path } : undefined),
      name: this.cell.name,
      class: this.cls,
      state: this.state,
      mailbox: this.mailbox,
      capacity: this.capacity,
      handled: this.handled,
      rate: this.rate,
      restarts: this.restarts,
      children: this.children,
      lastFailure: this.failure === undefined ? null : { ...this.failure, at: this.failureAt },
    };
  }
}

/** What changed since the last {@link ActorTree.takeChanges}. */
export interface TreeChanges {
  readonly added: ActorView[];
  readonly changed: ActorView[];
  readonly removed: number[];
}

/**
 * The inspector's picture of the actor tree: one row per live actor (up to `maxActors`, in tree
 * order), refreshed by {@link sample}, which walks the tree and reads each cell's counters. It
 * never runs per message: messages per second come from the difference of `handled` between two
 * samples. While `recording`, it also collects what changed, for the page's coalesced updates.
 */
export class ActorTree {
  private readonly rows = new Map<ActorCell, Row>();
  private order: Row[] = [];
  private walk = 0;
  private nextId = 1;
  /** Live actors in the last sample, listed or not. */
  total = 0;
  recording = false;
  private readonly added = new Set<Row>();
  private readonly changed = new Set<Row>();
  private removed: number[] = [];

  constructor(
    private readonly system: ActorSystem,
    private readonly maxActors: number,
    private readonly showPayloads: boolean,
  ) {}

  /** Whether the last sample left actors out (more than `maxActors`). */
  get truncated(): boolean {
    return this.total > this.order.length;
  }

  /** Walks the tree now and updates every row. */
  sample(now: number): void {
    const walk = ++this.walk;
    const rows = this.rows;
    const order: Row[] = [];
    const max = this.maxActors;
    const recording = this.recording;
    let total = 0;
    walkTree(this.system, (cell, depth) => {
      total++;
      if (order.length >= max) return;
      let row = rows.get(cell);
      if (row === undefined) {
        const parent = rows.get(cell.parent as ActorCell);
        // A parent left out by maxActors leaves its children out too.
        if (depth > 0 && (parent === undefined || parent.seen !== walk)) return;
        row = new Row(this.nextId++, cell, parent?.id ?? 0, depth, cell.path, cell.definition.name, now);
        rows.set(cell, row);
        this.read(row, now);
        if (recording) this.added.add(row);
      } else if (this.read(row, now) && recording && !this.added.has(row)) {
        this.changed.add(row);
      }
      row.seen = walk;
      order.push(row);
    });
    if (this.order.length > 0) {
      for (const row of this.order) {
        if (row.seen === walk) continue;
        rows.delete(row.cell);
        if (!recording) continue;
        if (this.added.delete(row)) continue; // came and went between two updates: never shown
        this.changed.delete(row);
        this.removed.push(row.id);
      }
    }
    this.order = order;
    this.total = total;
  }

  /** Reads a cell into its row; true if anything shown changed. */
  private read(row: Row, now: number): boolean {
    const cell = row.cell;
    let changed = false;
    const state = cell.phase;
    if (state !== row.state) ((row.state = state), (changed = true));
    const mailbox = cell.queued;
    if (mailbox !== row.mailbox) ((row.mailbox = mailbox), (changed = true));
    const capacity = Number.isFinite(cell.capacity) ? cell.capacity : null;
    if (capacity !== row.capacity) ((row.capacity = capacity), (changed = true));
    const handled = cell.handled;
    if (handled !== row.handled) ((row.handled = handled), (changed = true));
    const elapsed = now - row.baseAt;
    if (elapsed >= MIN_RATE_WINDOW_MS) {
      const rate = Math.round(((handled - row.baseHandled) * 10_000) / elapsed) / 10;
      if (rate !== row.rate) ((row.rate = rate), (changed = true));
      row.baseHandled = handled;
      row.baseAt = now;
    }
    const restarts = cell.restarts;
    if (restarts !== row.restarts) ((row.restarts = restarts), (changed = true));
    const children = cell.childList?.size ?? 0;
    if (children !== row.children) ((row.children = children), (changed = true));
    const failure = cell.lastFailure;
    if (failure !== undefined && failure.at !== row.failureAt) {
      row.failureAt = failure.at;
      row.failure = describeError(failure.error, this.showPayloads);
      changed = true;
    }
    return changed;
  }

  /** The listed actors, in tree order, as of the last sample. */
  views(withPaths: boolean): ActorView[] {
    return this.order.map((row) => row.view(withPaths));
  }

  /** What changed since the last call (or since recording began), in tree order for additions. */
  takeChanges(): TreeChanges {
    const added = [...this.added].sort((a, b) => a.id - b.id).map((row) => row.view(false));
    const changed = [...this.changed].map((row) => row.view(false));
    const removed = this.removed;
    this.added.clear();
    this.changed.clear();
    this.removed = [];
    return { added, changed, removed };
  }

  /** Forgets what changed: a fresh snapshot covers it. */
  clearChanges(): void {
    this.added.clear();
    this.changed.clear();
    this.removed = [];
  }
}
