import type { KV, KvEntry } from 'nats';
import { KvWatch } from '../kv-watch';
import type { ShardMove } from '../node';

/** Who owns a shard, as the store records it. */
export interface Owner {
  readonly node: string;
  readonly incarnation: number;
  /** The store's revision of this record: a hand-over or take-over names it, so that of two writers one wins. */
  readonly revision: number;
  readonly reason: ShardMove['reason'];
  /** The owner before, if any. */
  readonly from: string | undefined;
}

/** A node's region of the type (it hosts it, or only sends to it), as the store records it. */
export interface RegionEntry {
  readonly node: string;
  readonly incarnation: number;
  /** The handle and path of its endpoint, where other nodes forward messages for its shards. */
  readonly handle: number;
  readonly path: string;
  readonly host: boolean;
  /** It is stopping: it hands its shards over and takes none. */
  readonly leaving: boolean;
  readonly shards: number;
  readonly revision: number;
}

/** What the table tells its region. */
export interface TableListener {
  /** A shard's record changed (another owner, or the same owner at a new revision). */
  ownerChanged(shard: number, before: Owner | undefined, after: Owner | undefined): void;
  /** A region entry came, changed or went. */
  regionChanged(node: string, before: RegionEntry | undefined, after: RegionEntry | undefined): void;
  /** The mirror reached a new revision (after the entries of that revision were applied). */
  advanced(revision: number): void;
}

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

/**
 * One entity type's records in the cluster's key-value bucket (the one that holds the names): the
 * owner of each shard (`sh.<type>.o.<shard>`) and each node's region (`sh.<type>.r.<node>`), and a
 * mirror of them kept by a watch. Every change of owner is a write that names the revision it
 * replaces (create-if-absent for a shard nobody owns), so that of two nodes that race for a shard
 * exactly one wins: single ownership is decided here, never by a node's guess.
 */
export class ShardTable {
  readonly owners: (Owner | undefined)[];
  readonly regions = new Map<string, RegionEntry>();
  /** The revision of the newest record applied per shard (deletes included), so that an older one is never applied after it. */
  private readonly seen: number[];
  private readonly regionSeen = new Map<string, number>();
  /** The highest revision applied to the mirror. */
  revision = 0;
  private readonly prefix: string;
  private readonly watcher: KvWatch;

  constructor(
    private readonly kv: KV,
    readonly type: string,
    readonly shards: number,
    private readonly listener: TableListener,
    onWatchEnded: (error: unknown) => void,
  ) {
    this.prefix = `sh.${type}`;
    this.owners = new Array<Owner | undefined>(shards).fill(undefined);
    this.seen = new Array<number>(shards).fill(0);
    this.watcher = new KvWatch(kv, `${this.prefix}.>`, (entry) => this.apply(entry), onWatchEnded);
  }

  // ---- the mirror ---------------------------------------------------------------------------

  /** (Re)starts the watch; resolves once the current records are mirrored. */
  watch(): Promise<void> {
    return this.watcher.start();
  }

  stop(): void {
    this.watcher.stop();
  }

  private apply(entry: KvEntry): void {
    const rest = entry.key.slice(this.prefix.length + 1);
    try {
      if (rest.startsWith('o.')) this.applyOwner(Number(rest.slice(2)), entry);
      else if (rest.startsWith('r.')) this.applyRegion(rest.slice(2), entry);
    } finally {
      if (entry.revision > this.revision) {
        this.revision = entry.revision;
        this.listener.advanced(entry.revision);
      }
    }
  }

  private applyOwner(shard: number, entry: KvEntry): void {
    if (!Number.isInteger(shard) || shard < 0 || shard >= this.shards) return;
    if (this.seen[shard] >= entry.revision) return; // known already (our own write)
    this.seen[shard] = entry.revision;
    const before = this.owners[shard];
    const after = entry.operation === 'PUT' ? parseOwner(entry.value, entry.revision) : undefined;
    this.owners[shard] = after;
    if (before !== undefined || after !== undefined) this.listener.ownerChanged(shard, before, after);
  }

  private applyRegion(node: string, entry: KvEntry): void {
    if ((this.regionSeen.get(node) ?? 0) >= entry.revision) return;
    this.regionSeen.set(node, entry.revision);
    const before = this.regions.get(node);
    const after = entry.operation === 'PUT' ? parseRegion(entry.value, entry.revision) : undefined;
    if (after === undefined) this.regions.delete(node);
    else this.regions.set(node, after);
    this.listener.regionChanged(node, before, after);
  }

  /**
   * A write of this node succeeded: the mirror takes it at once (the watch brings it again later,
   * and is then ignored), so that this node routes by it without waiting for the watch.
   */
  private applied(shard: number, after: Owner | undefined, revision: number): void {
    if (this.seen[shard] >= revision) return;
    this.seen[shard] = revision;
    const before = this.owners[shard];
    this.owners[shard] = after;
    this.listener.ownerChanged(shard, before, after);
  }

  // ---- writes -------------------------------------------------------------------------------

  /** Takes a shard nobody owns; resolves with whether this node won it. */
  async claim(shard: number, node: string, incarnation: number): Promise<boolean> {
    const owner = { node, incarnation, reason: 'allocated' as const, from: undefined };
    let revision: number;
    try {
      revision = await this.kv.create(this.ownerKey(shard), ownerValue(owner));
    } catch {
      return false; // another node was first (the watch will say who)
    }
    this.applied(shard, { ...owner, revision }, revision);
    return true;
  }

  /**
   * Gives a shard to `node` in place of the record at `revision` (a hand-over by its owner, or a
   * take-over from a node that is down). Resolves with whether the write won.
   */
  async assign(shard: number, revision: number, to: { node: string; incarnation: number }, reason: Owner['reason'], from: string | undefined): Promise<boolean> {
    const owner = { node: to.node, incarnation: to.incarnation, reason, from };
    let written: number;
    try {
      written = await this.kv.update(this.ownerKey(shard), ownerValue(owner), revision);
    } catch {
      return false; // the record changed meanwhile: someone else moved it first
    }
    this.applied(shard, { ...owner, revision: written }, written);
    return true;
  }

  /** Removes a shard's record (its owner leaves and no node hosts the type), if it is still at `revision`. */
  async release(shard: number, revision: number): Promise<boolean> {
    try {
      await this.kv.delete(this.ownerKey(shard), { previousSeq: revision });
    } catch {
      return false;
    }
    // The delete's own revision is unknown here (it comes with the watch), but it follows `revision`.
    const before = this.owners[shard];
    if (this.seen[shard] <= revision) {
      this.seen[shard] = revision;
      this.owners[shard] = undefined;
      if (before !== undefined) this.listener.ownerChanged(shard, before, undefined);
    }
    return true;
  }

  /** Writes this node's region entry; resolves with its revision. */
  async putRegion(entry: Omit<RegionEntry, 'revision'>): Promise<number> {
    const value = { n: entry.node, i: entry.incarnation, h: entry.handle, p: entry.path, host: entry.host, leaving: entry.leaving, s: entry.shards };
    return this.kv.put(`${this.prefix}.r.${entry.node}`, utf8.encode(JSON.stringify(value)));
  }

  /** Deletes a node's region entry if it is still at `revision` (this node leaving, or a survivor cleaning up after a lost node). */
  async deleteRegion(node: string, revision?: number): Promise<void> {
    await this.kv.delete(`${this.prefix}.r.${node}`, revision === undefined ? undefined : { previousSeq: revision }).catch(() => undefined);
  }

  private ownerKey(shard: number): string {
    return `${this.prefix}.o.${shard}`;
  }
}

function ownerValue(owner: { node: string; incarnation: number; reason: string; from: string | undefined }): Uint8Array {
  return utf8.encode(JSON.stringify({ n: owner.node, i: owner.incarnation, w: owner.reason, f: owner.from ?? null }));
}

const REASONS = new Set(['allocated', 'rebalanced', 'handed-over', 'taken-over', 'released']);

function parseOwner(value: Uint8Array, revision: number): Owner | undefined {
  try {
    const v = JSON.parse(fromUtf8.decode(value)) as Record<string, unknown>;
    if (typeof v.n !== 'string' || typeof v.i !== 'number') return undefined;
    const reason = typeof v.w === 'string' && REASONS.has(v.w) ? (v.w as Owner['reason']) : 'allocated';
    return { node: v.n, incarnation: v.i, revision, reason, from: typeof v.f === 'string' ? v.f : undefined };
  } catch {
    return undefined;
  }
}

function parseRegion(value: Uint8Array, revision: number): RegionEntry | undefined {
  try {
    const v = JSON.parse(fromUtf8.decode(value)) as Record<string, unknown>;
    if (typeof v.n !== 'string' || typeof v.i !== 'number' || typeof v.h !== 'number' || typeof v.p !== 'string' || typeof v.s !== 'number') return undefined;
    return { node: v.n, incarnation: v.i, handle: v.h, path: v.p, host: v.host === true, leaving: v.leaving === true, shards: v.s, revision };
  } catch {
    return undefined;
  }
}
