import { ActorStoppedError, type ActorRef, type ActorSystem, type Addr, type Logger } from '@troupe/core';
import { NameTakenError } from '@troupe/registry';
import { setClusterMember, setClusterName } from '@troupe/registry/internal';
import type { KV, KvEntry } from 'nats';
import { KvWatch } from './kv-watch';
import type { AddrRef } from './tree';

/** What the store needs of its node. */
export interface StoreHost {
  readonly cluster: string;
  readonly name: string;
  readonly incarnation: number;
  readonly system: ActorSystem;
  readonly logger: Logger;
  readonly connected: boolean;
  /** The reference of a local actor (gives it a handle). */
  refOf(addr: Addr<unknown>): AddrRef;
  /** The address for a reference: a proxy, or this node's actor. */
  addrOf(ref: AddrRef): ActorRef;
  /** Whether the node incarnation is known to be down. */
  isDown(node: string, incarnation: number): boolean;
  /** `name:lost`: this node held a name and another node took it while this one was away. */
  lost(name: string, holder: string): void;
  /** The watch of the bucket ended by itself (not by `stop` or a new `watch`): it should be started again. */
  watchEnded(): void;
}

/** A name's holder or a group member, as stored. */
interface Holder {
  readonly node: string;
  readonly incarnation: number;
  readonly handle: number;
  readonly path: string;
  readonly capacity: number;
}

interface Mirrored {
  readonly holder: Holder;
  readonly addr: ActorRef;
  revision: number;
}

interface Claim {
  readonly addr: Addr<unknown>;
  revision: number;
}

interface Membership {
  readonly group: string;
  readonly addr: Addr<unknown>;
}

/**
 * Cluster-wide names and groups in one JetStream key-value bucket per cluster. A name is the key
 * `n.<name>`: it is taken with create-if-absent, so of two nodes racing for it exactly one wins, and
 * released with a delete that names the revision it took (a delete never removes a successor's
 * claim). A group member is the key `g.<group>.<node>.<incarnation>.<handle>`. Every node watches
 * the whole bucket and mirrors it into its registry: other nodes' names and members become remote
 * addresses there. When a node is down, every survivor deletes its keys (revision-checked, so only
 * one delete counts). After a reconnection a node re-establishes the watch and claims its names and
 * memberships again; a name taken by another node meanwhile is lost (`name:lost`).
 */
export class ClusterStore {
  private readonly names = new Map<string, Mirrored>();
  private readonly members = new Map<string, Mirrored & { readonly group: string }>();
  private readonly claims = new Map<string, Claim>();
  private readonly memberships = new Map<string, Membership>();
  private readonly waiters = new Map<string, Set<(addr: ActorRef) => void>>();
  private readonly watcher: KvWatch;

  constructor(
    private readonly kv: KV,
    private readonly host: StoreHost,
  ) {
    this.watcher = new KvWatch(
      kv,
      '>',
      (entry) => this.apply(entry),
      (error) => {
        if (error !== undefined) this.host.logger.warn(`node ${this.host.name}: the watch of cluster names ended; watching again`, error);
        this.host.watchEnded();
      },
      (generation) => void this.reconcile(generation),
    );
  }

  // ---- the watch ------------------------------------------------------------------------

  /** (Re)starts the watch of the bucket; resolves once the current contents are mirrored, then claims again what this node holds. */
  watch(): Promise<void> {
    return this.watcher.start();
  }

  /** Stops the watch (the node leaves). */
  stop(): void {
    this.watcher.stop();
    for (const set of this.waiters.values()) set.clear();
  }

  private apply(entry: KvEntry): void {
    try {
      if (entry.key.startsWith('n.')) this.applyName(unescapeKey(entry.key.slice(2)), entry);
      else if (entry.key.startsWith('g.')) this.applyMember(entry);
    } catch (error) {
      this.host.logger.warn(`node ${this.host.name}: ignored cluster entry ${entry.key}`, error);
    }
  }

  private applyName(name: string, entry: KvEntry): void {
    const previous = this.names.get(name);
    if (entry.operation !== 'PUT') {
      if (previous !== undefined) {
        this.names.delete(name);
        setClusterName(this.host.system, name, undefined, previous.addr as Addr<unknown>);
      }
      const claim = this.claims.get(name);
      if (claim !== undefined && claim.revision <= entry.revision) void this.claimAgain(name, claim);
      return;
    }
    const holder = parseHolder(entry.value);
    if (this.isMine(holder)) {
      const claim = this.claims.get(name);
      if (claim !== undefined && holder.handle === this.host.refOf(claim.addr)[2]) claim.revision = entry.revision;
      return;
    }
    if (this.isStale(holder)) return void this.kv.delete(entry.key, { previousSeq: entry.revision }).catch(ignore);
    if (previous !== undefined && sameHolder(previous.holder, holder)) {
      previous.revision = entry.revision;
      return;
    }
    if (previous !== undefined) setClusterName(this.host.system, name, undefined, previous.addr as Addr<unknown>);
    const claim = this.claims.get(name);
    if (claim !== undefined) {
      // Another node holds a name this node claimed: it took it while this node was away.
      this.claims.delete(name);
      setClusterName(this.host.system, name, undefined, claim.addr);
      this.host.lost(name, this.fullPath(holder));
    }
    const addr = this.host.addrOf(refOfHolder(holder));
    this.names.set(name, { holder, addr, revision: entry.revision });
    setClusterName(this.host.system, name, addr as Addr<unknown>);
    this.wake(name, addr);
  }

  private applyMember(entry: KvEntry): void {
    const parts = entry.key.split('.');
    if (parts.length !== 5) return;
    const group = unescapeKey(parts[1]);
    const previous = this.members.get(entry.key);
    if (entry.operation !== 'PUT') {
      if (previous !== undefined) {
        this.members.delete(entry.key);
        setClusterMember(this.host.system, group, previous.addr as Addr<unknown>, false);
      }
      const mine = this.memberships.get(entry.key);
      if (mine !== undefined && mine.addr.isAlive && this.host.connected) void this.putMember(entry.key, mine);
      return;
    }
    const holder = parseHolder(entry.value);
    if (this.isMine(holder)) return;
    if (this.isStale(holder)) return void this.kv.delete(entry.key, { previousSeq: entry.revision }).catch(ignore);
    if (previous !== undefined) {
      previous.revision = entry.revision;
      return;
    }
    const addr = this.host.addrOf(refOfHolder(holder));
    this.members.set(entry.key, { holder, addr, revision: entry.revision, group });
    setClusterMember(this.host.system, group, addr as Addr<unknown>, true);
  }

  private fullPath(holder: Holder): string {
    return `troupe://${this.host.cluster}@${holder.node}${holder.path}`;
  }

  /** This node's own entry (this incarnation). */
  private isMine(holder: Holder): boolean {
    return holder.node === this.host.name && holder.incarnation === this.host.incarnation;
  }

  /** An entry of an earlier incarnation of this node, or of a node known to be down: to be deleted. */
  private isStale(holder: Holder): boolean {
    return holder.node === this.host.name || this.host.isDown(holder.node, holder.incarnation);
  }

  /** After the watch is (re)established: this node's names and memberships, claimed again where they went missing. */
  private async reconcile(generation: number): Promise<void> {
    for (const [name, claim] of [...this.claims]) {
      if (!this.watcher.isCurrent(generation)) return;
      await this.claimAgain(name, claim);
    }
    for (const [key, membership] of [...this.memberships]) {
      if (!this.watcher.isCurrent(generation)) return;
      if (membership.addr.isAlive) await this.putMember(key, membership);
    }
  }

  // ---- names ----------------------------------------------------------------------------

  /** Claims `name` for a local actor cluster-wide; rejects with `NameTakenError` when another actor holds it. */
  async claim(name: string, addr: Addr<unknown>): Promise<void> {
    const existing = this.claims.get(name);
    if (existing !== undefined && existing.addr === addr) return;
    const ref = this.host.refOf(addr);
    const key = `n.${escapeKey(name)}`;
    const value = holderValue(ref);
    let revision: number;
    try {
      revision = await this.kv.create(key, value);
    } catch (error) {
      const current = await this.kv.get(key);
      if (current === null || current.operation !== 'PUT') throw error;
      const holder = parseHolder(current.value);
      if (this.isMine(holder) && holder.handle === ref[2]) {
        revision = current.revision;
      } else if (this.isStale(holder)) {
        revision = await this.kv.update(key, value, current.revision).catch(() => {
          throw new NameTakenError(name, this.fullPath(holder));
        });
      } else {
        throw new NameTakenError(name, this.fullPath(holder));
      }
    }
    if (!addr.isAlive) {
      void this.kv.delete(key, { previousSeq: revision }).catch(ignore);
      throw new ActorStoppedError(addr.path, undefined, `stopped before its name "${name}" was registered`);
    }
    const claim: Claim = { addr, revision };
    this.claims.set(name, claim);
    setClusterName(this.host.system, name, addr);
    this.wake(name, addr);
    void addr.stopped.then(() => this.release(name, addr));
  }

  /** Releases this node's claim on `name` (with `addr`: only that actor's). */
  release(name: string, addr?: Addr<unknown>): void {
    const claim = this.claims.get(name);
    if (claim === undefined || (addr !== undefined && claim.addr !== addr)) return;
    this.claims.delete(name);
    setClusterName(this.host.system, name, undefined, claim.addr);
    if (this.host.connected) void this.kv.delete(`n.${escapeKey(name)}`, { previousSeq: claim.revision }).catch(ignore);
  }

  private async claimAgain(name: string, claim: Claim): Promise<void> {
    if (!claim.addr.isAlive || this.claims.get(name) !== claim || !this.host.connected) return;
    const key = `n.${escapeKey(name)}`;
    try {
      const current = await this.kv.get(key);
      if (current !== null && current.operation === 'PUT') {
        const holder = parseHolder(current.value);
        if (this.isMine(holder)) {
          claim.revision = current.revision;
          return;
        }
        if (!this.isStale(holder)) {
          if (this.claims.get(name) !== claim) return;
          this.claims.delete(name);
          setClusterName(this.host.system, name, undefined, claim.addr);
          this.host.lost(name, this.fullPath(holder));
          return;
        }
        claim.revision = await this.kv.update(key, holderValue(this.host.refOf(claim.addr)), current.revision);
        return;
      }
      claim.revision = await this.kv.create(key, holderValue(this.host.refOf(claim.addr)));
    } catch (error) {
      // another node won a race for it (the watch will say so), or the store is away: the next reconciliation tries again
      this.host.logger.debug?.(`node ${this.host.name}: claiming "${name}" again failed`, error);
    }
  }

  /** The holder of a name now, read from the store itself (not the mirror): this node's actor, a remote address, or undefined. */
  async lookup(name: string): Promise<ActorRef | undefined> {
    const claim = this.claims.get(name);
    if (claim !== undefined && claim.addr.isAlive) return claim.addr;
    const entry = await this.kv.get(`n.${escapeKey(name)}`);
    if (entry === null || entry.operation !== 'PUT') return undefined;
    const holder = parseHolder(entry.value);
    if (this.isMine(holder) || this.isStale(holder)) return undefined;
    const mirrored = this.names.get(name);
    if (mirrored !== undefined && sameHolder(mirrored.holder, holder)) return mirrored.addr.isAlive ? mirrored.addr : undefined;
    const addr = this.host.addrOf(refOfHolder(holder));
    return addr.isAlive ? addr : undefined;
  }

  /** The holder of a name as this node's mirror knows it. */
  known(name: string): ActorRef | undefined {
    const claim = this.claims.get(name);
    if (claim !== undefined && claim.addr.isAlive) return claim.addr;
    const mirrored = this.names.get(name);
    return mirrored !== undefined && mirrored.addr.isAlive ? mirrored.addr : undefined;
  }

  /** Calls `wake` once the name is held (by this node's mirror); returns the function that stops waiting. */
  onHeld(name: string, wake: (addr: ActorRef) => void): () => void {
    let set = this.waiters.get(name);
    if (set === undefined) this.waiters.set(name, (set = new Set()));
    set.add(wake);
    return () => {
      set.delete(wake);
      if (set.size === 0 && this.waiters.get(name) === set) this.waiters.delete(name);
    };
  }

  private wake(name: string, addr: ActorRef): void {
    const set = this.waiters.get(name);
    if (set === undefined) return;
    this.waiters.delete(name);
    for (const wake of set) wake(addr);
  }

  // ---- groups ---------------------------------------------------------------------------

  /** A local actor joined or left a cluster group. */
  publish(group: string, addr: Addr<unknown>, joined: boolean): void {
    const ref = this.host.refOf(addr);
    const key = `g.${escapeKey(group)}.${ref[0]}.${ref[1]}.${ref[2]}`;
    if (!joined) {
      if (!this.memberships.delete(key)) return;
      if (this.host.connected) void this.kv.delete(key).catch(ignore);
      return;
    }
    if (this.memberships.has(key)) return;
    const membership = { group, addr };
    this.memberships.set(key, membership);
    if (this.host.connected) void this.putMember(key, membership);
    void addr.stopped.then(() => this.publish(group, addr, false));
  }

  private async putMember(key: string, membership: Membership): Promise<void> {
    try {
      await this.kv.put(key, holderValue(this.host.refOf(membership.addr)));
      if (!membership.addr.isAlive || this.memberships.get(key) !== membership) await this.kv.delete(key);
    } catch (error) {
      this.host.logger.debug?.(`node ${this.host.name}: publishing a member of "${membership.group}" failed`, error);
    }
  }

  // ---- a node is down or this one leaves ------------------------------------------------

  /** Forgets a node's names and members, and deletes them from the store (once, whichever survivor is first). */
  nodeDown(node: string, incarnation: number): void {
    for (const [name, mirrored] of [...this.names]) {
      if (mirrored.holder.node !== node || mirrored.holder.incarnation !== incarnation) continue;
      this.names.delete(name);
      setClusterName(this.host.system, name, undefined, mirrored.addr as Addr<unknown>);
      if (this.host.connected) void this.kv.delete(`n.${escapeKey(name)}`, { previousSeq: mirrored.revision }).catch(ignore);
    }
    for (const [key, member] of [...this.members]) {
      if (member.holder.node !== node || member.holder.incarnation !== incarnation) continue;
      this.members.delete(key);
      setClusterMember(this.host.system, member.group, member.addr as Addr<unknown>, false);
      if (this.host.connected) void this.kv.delete(key, { previousSeq: member.revision }).catch(ignore);
    }
  }

  /** This node leaves: its names and memberships are deleted from the store (bounded by the caller). */
  async leave(): Promise<void> {
    const deletes: Promise<unknown>[] = [];
    for (const [name, claim] of this.claims) {
      setClusterName(this.host.system, name, undefined, claim.addr);
      deletes.push(this.kv.delete(`n.${escapeKey(name)}`, { previousSeq: claim.revision }).catch(ignore));
    }
    for (const key of this.memberships.keys()) deletes.push(this.kv.delete(key).catch(ignore));
    this.claims.clear();
    this.memberships.clear();
    for (const [name, mirrored] of this.names) setClusterName(this.host.system, name, undefined, mirrored.addr as Addr<unknown>);
    for (const member of this.members.values()) setClusterMember(this.host.system, member.group, member.addr as Addr<unknown>, false);
    this.names.clear();
    this.members.clear();
    if (this.host.connected) await Promise.all(deletes);
  }
}

function ignore(): void {}

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

/** A name or group as one key token: letters, digits, `_` and `-` as they are, any other byte as `=XX`. */
export function escapeKey(text: string): string {
  let out = '';
  for (const b of utf8.encode(text)) {
    const plain = (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b === 0x5f || b === 0x2d;
    out += plain ? String.fromCharCode(b) : `=${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

export function unescapeKey(token: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < token.length; i++) {
    if (token[i] === '=' && i + 3 <= token.length && /^[0-9A-F]{2}$/.test(token.slice(i + 1, i + 3))) {
      bytes.push(parseInt(token.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(token.charCodeAt(i));
    }
  }
  return fromUtf8.decode(new Uint8Array(bytes));
}

function holderValue(ref: AddrRef): Uint8Array {
  const [node, incarnation, handle, path, capacity] = ref;
  return utf8.encode(JSON.stringify({ node, incarnation, handle, path, capacity: Number.isFinite(capacity) ? capacity : -1 }));
}

function parseHolder(value: Uint8Array): Holder {
  const v = JSON.parse(fromUtf8.decode(value)) as Record<string, unknown>;
  if (
    typeof v.node !== 'string' ||
    typeof v.incarnation !== 'number' ||
    typeof v.handle !== 'number' ||
    typeof v.path !== 'string' ||
    typeof v.capacity !== 'number'
  ) {
    throw new TypeError('not a holder');
  }
  return { node: v.node, incarnation: v.incarnation, handle: v.handle, path: v.path, capacity: v.capacity < 0 ? Infinity : v.capacity };
}

function refOfHolder(h: Holder): AddrRef {
  return [h.node, h.incarnation, h.handle, h.path, h.capacity];
}

function sameHolder(a: Holder, b: Holder): boolean {
  return a.node === b.node && a.incarnation === b.incarnation && a.handle === b.handle;
}
