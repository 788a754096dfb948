import { ActorConfigError, Addr } from '@troupe/core';
import { ActorDefinition, addrOf, cellOf, envOf, spawnCell, spawnProxy, type ActorCell, type Request } from '@troupe/core/internal';
import { EntityAddr } from '../../sharding/entity-addr';
import type { EntitySpec } from '../../sharding/entity';
import type { DownMember, NodeRuntime } from '../node';
import { Activations, LocalShard } from './activations';
import { EndpointCell, EntityRefCell, RegionActor } from './cells';
import type { AnyAddr } from './delivery';
import { Barrier } from './envelope';
import { allocate } from './placement';
import { LEAVING, Routing, RUNNING, STARTING, STOPPED } from './routing';
import { ShardTable, type Owner, type RegionEntry, type TableListener } from './shard-table';

function noop(): void {}

/** What a region is made of. */
export interface RegionOptions {
  readonly spec: EntitySpec;
  /** The entity class; needed to host. */
  readonly entityClass: new (id: string) => object;
  /** Whether this node hosts entities of the type, or only sends to them. */
  readonly host: boolean;
}

/**
 * One entity type on one node (Akka's shard region): it routes every message to an entity of the
 * type, from this node's addresses and from other nodes, to the node that owns the entity's shard,
 * and, when it hosts the type, owns shards and runs their entities.
 *
 * **Ownership.** The store decides who owns a shard (see {@link ShardTable}); the region acts on its
 * mirror of it. Every node computes the same desired placement from the same mirror and membership
 * ({@link allocate}); a node then only ever claims a shard nobody owns, takes over a shard whose
 * owner is known to be down, or hands over a shard it owns itself (after stopping its entities):
 * never a shard a live node owns. A write that loses a race changes nothing.
 *
 * **Routing** is the other half, in routing.ts ({@link Routing}): this class adds ownership,
 * placement, the lease and the region's life to it.
 *
 * **Leaving.** A node that stops cleanly marks its region leaving, hands over every shard (entities
 * stopped first, so that no two activations of an entity ever run), then waits for every other
 * node to confirm that its mirror has seen the hand-overs ({@link Barrier}): after that no message
 * can still be on its way here, and what came meanwhile has been forwarded. Only then does it go.
 */
export class Region extends Routing implements TableListener {
  readonly table: ShardTable;
  readonly activations: Activations | undefined;
  readonly ready: Promise<void>;
  readonly endpoint: Addr<unknown>;
  private readonly actorCell: ActorCell;
  private readonly refCapacity: number;
  private readonly revisionWaits: Array<{ readonly revision: number; readonly resolve: () => void }> = [];
  private readonly refs = new Map<string, WeakRef<EntityAddr<unknown>>>();
  private readonly forgotten = new FinalizationRegistry<string>((id) => {
    if (this.refs.get(id)?.deref() === undefined) this.refs.delete(id);
  });
  private mirrored = false;
  private ownRevision: number | undefined = undefined;
  private reconciling: Promise<void> | undefined = undefined;
  private again = false;
  private reconcileQueued = false;
  private leaving: Promise<void> | undefined = undefined;
  /** The mirror was read afresh from the store since the fence went up. */
  private freshMirror = false;
  /**
   * No take-over before this time (ms since the epoch): set when this node comes back from not
   * hearing itself, since whom it declared down meanwhile may only have been out of its reach (and
   * reconnecting on its own schedule). A node still unheard after that is really down.
   */
  private quietUntil = 0;

  /** How long a node back from an outage takes nothing over: three heartbeats, plus time for the others to reconnect too. */
  private get quietMs(): number {
    return 5 * this.runtime.heartbeatMs + 1000;
  }
  private readonly timers: ReturnType<typeof setInterval>[] = [];
  private readonly listeners: Array<() => void> = [];

  constructor(
    runtime: NodeRuntime,
    hostCell: ActorCell,
    private readonly options: RegionOptions,
  ) {
    super(runtime, options.spec.type, options.spec.shards);
    const { spec, entityClass, host } = options;
    const system = runtime.system;
    this.actorCell = spawnCell(envOf(system), hostCell, RegionActor, { name: spec.type });
    const endpointName = `${spec.type}:in`;
    this.endpoint = spawnProxy(new EndpointCell(hostCell, this, endpointName, `${hostCell.path}/${endpointName}`), Addr);
    this.refCapacity = ActorDefinition.of(entityClass).options.mailbox ?? system.defaultMailbox;
    this.activations = host ? new Activations(system, this.actorCell, entityClass, (d) => this.route(d)) : undefined;
    this.table = new ShardTable(runtime.kv, spec.type, spec.shards, this, (error) => this.watchEnded(error));
    this.ready = this.start();
    this.ready.catch(noop);
  }

  // ---- start and stop -----------------------------------------------------------------------

  private async start(): Promise<void> {
    try {
      await this.table.watch();
      this.mirrored = true;
      for (const entry of this.table.regions.values()) this.checkShards(entry);
      const [, , handle, path] = this.runtime.refOf(this.endpoint);
      const revision = await this.table.putRegion({
        node: this.me,
        incarnation: this.runtime.incarnation,
        handle,
        path,
        host: this.options.host,
        leaving: false,
        shards: this.shards,
      });
      if (this.state !== STARTING) return;
      this.ownRevision = revision;
      this.state = RUNNING;
    } catch (error) {
      if (this.state === STARTING) {
        this.failure = error;
        this.stop(error);
      }
      throw error;
    }
    const events = this.runtime.events;
    const up = (): void => this.changed();
    const down = (member: DownMember): void => this.nodeDown(member);
    const back = (): void => this.reconnected();
    events.on('node:up', up);
    events.on('node:down', down);
    events.on('reconnected', back);
    this.listeners.push(() => events.off('node:up', up), () => events.off('node:down', down), () => events.off('reconnected', back));
    const tick = setInterval(() => this.tick(), this.runtime.heartbeatMs);
    tick.unref();
    this.timers.push(tick);
    const lease = setInterval(() => this.checkLease(), Math.max(5, this.runtime.heartbeatMs / 4));
    lease.unref();
    this.timers.push(lease);
    const after = this.options.spec.passivateAfterMs;
    if (this.activations !== undefined && Number.isFinite(after)) {
      const every = Math.max(10, Math.min(Math.floor(after / 4), 10_000));
      const sweep = setInterval(() => this.activations!.sweep(every, after), every);
      sweep.unref();
      this.timers.push(sweep);
    }
    this.changed();
  }

  /** A node with another shard count for this type is a configuration error: said loudly. */
  private checkShards(entry: RegionEntry): void {
    if (entry.shards === this.shards) return;
    throw new ActorConfigError(
      `Sharding: entity type "${this.type}" has ${this.shards} shards on node ${this.me} but ${entry.shards} on node ${entry.node}; ` +
        'every node must use the same @Entity options (the shard count is fixed for the life of the cluster)',
    );
  }

  /** Leaves cleanly (see the class comment). Idempotent; bounded by `leaveMs`. */
  leave(): Promise<void> {
    return (this.leaving ??= this.handOverAndGo());
  }

  private async handOverAndGo(): Promise<void> {
    const deadline = Date.now() + Math.max(10_000, 40 * this.runtime.heartbeatMs);
    await Promise.race([this.ready.catch(noop), sleep(Math.max(0, deadline - Date.now()))]);
    if (this.state !== RUNNING) return this.stop();
    this.state = LEAVING;
    try {
      await this.putOwnRegion(true);
      const acts = this.activations;
      while (Date.now() < deadline && this.runtime.connected) {
        await this.reconcile();
        await until(() => (acts?.shards.size ?? 0) === 0, deadline);
        await this.confirmAll(deadline);
        if ((acts?.shards.size ?? 0) === 0 && !this.ownsAny()) break;
      }
      await until(() => this.forwarding === 0 && (acts?.byId.size ?? 0) === 0, deadline);
      if (this.runtime.connected) await this.table.deleteRegion(this.me, this.ownRevision);
    } catch (error) {
      this.runtime.logger.error(`node ${this.me}: sharding of "${this.type}" could not hand its shards over cleanly`, error);
    } finally {
      this.stop();
    }
  }

  /** Every other node of the type confirms that its mirror has reached this node's last write. */
  private async confirmAll(deadline: number): Promise<void> {
    const revision = this.table.revision;
    const asks: Promise<unknown>[] = [];
    for (const entry of this.table.regions.values()) {
      if (entry.node === this.me || this.runtime.isDown(entry.node, entry.incarnation)) continue;
      const addr = this.endpointOfEntry(entry);
      if (addr === undefined) continue;
      const timeoutMs = Math.max(1, Math.min(deadline - Date.now(), 20 * this.runtime.heartbeatMs));
      asks.push((addr as unknown as AnyAddr).send(new Barrier(revision), { timeoutMs }).catch(noop));
    }
    await Promise.all(asks);
  }

  private ownsAny(): boolean {
    return this.table.owners.some((o) => o !== undefined && this.isMine(o));
  }

  private async putOwnRegion(leaving: boolean): Promise<void> {
    if (!this.runtime.connected) return;
    const [, , handle, path] = this.runtime.refOf(this.endpoint);
    try {
      this.ownRevision = await this.table.putRegion({
        node: this.me,
        incarnation: this.runtime.incarnation,
        handle,
        path,
        host: this.options.host,
        leaving,
        shards: this.shards,
      });
    } catch (error) {
      this.runtime.logger.warn(`node ${this.me}: sharding of "${this.type}" could not update its region entry`, error);
    }
  }

  /** Ends the region: what still waits fails, addresses end, the entities stop. */
  stop(cause?: unknown): void {
    if (this.state === STOPPED) return;
    this.state = STOPPED;
    for (const timer of this.timers.splice(0)) clearInterval(timer);
    for (const off of this.listeners.splice(0)) off();
    this.table.stop();
    for (const wait of this.revisionWaits.splice(0)) wait.resolve();
    const waiting = [...this.waiting.values()].flat();
    this.waiting.clear();
    for (const d of waiting) if (d.pending) d.fail(this.unavailable(d, cause));
    for (const ref of this.refs.values()) {
      const addr = ref.deref();
      if (addr !== undefined) cellOf(addr).terminate(cause);
    }
    this.refs.clear();
    void this.endpoint.stop();
    void addrOf(this.actorCell).stop();
  }

  private watchEnded(error: unknown): void {
    if (this.state === STOPPED) return;
    if (error !== undefined) this.runtime.logger.warn(`node ${this.me}: the watch of shard owners of "${this.type}" ended; watching again`, error);
    setTimeout(() => void this.rewatch(), this.runtime.heartbeatMs).unref();
  }

  private async rewatch(): Promise<void> {
    while (this.state !== STOPPED && this.runtime.connected) {
      try {
        await this.table.watch();
        this.freshMirror = true;
        this.changed();
        return;
      } catch {
        await sleep(this.runtime.heartbeatMs);
      }
    }
  }

  /**
   * The lease on this node's shards. Other nodes declare this one down after three heartbeats
   * without hearing it, and then take its shards over; this node hears its own heartbeats through
   * the same server. Once it has not heard itself for two heartbeats (its connection dropped, or its
   * event loop stalled), it stops handing messages to its entities (they wait), so that it does not
   * run them alongside their new owners. When it hears itself again and has read the store afresh,
   * it goes on with the shards that are still its own and stops the entities of the others.
   */
  private checkLease(): void {
    if ((this.state !== RUNNING && this.state !== LEAVING) || this.activations === undefined) return;
    const hb = this.runtime.heartbeatMs;
    const silent = Date.now() - this.runtime.selfHeard;
    if (!this.fenced && silent > 2 * hb) {
      // Look again once the I/O that waited behind a busy event loop has been read.
      setTimeout(() => {
        const silentNow = Date.now() - this.runtime.selfHeard;
        if (this.fenced || silentNow <= 2 * hb || this.state === STOPPED || this.state === STARTING) return;
        this.fenced = true;
        this.freshMirror = false;
        this.runtime.logger.warn(
          `node ${this.me}: has not heard its own heartbeat for ${silentNow} ms; the entities of "${this.type}" here take no messages until it is heard again (others may take its shards over)`,
        );
        void this.rewatch();
      }, 0).unref();
    } else if (this.fenced && silent <= hb && this.freshMirror) {
      this.fenced = false;
      this.quietUntil = Date.now() + this.quietMs;
      for (const shard of [...this.activations.shards.keys()]) {
        const owner = this.table.owners[shard];
        if (owner === undefined || !this.isMine(owner)) for (const d of this.activations.release(shard, true)) this.route(d);
      }
      this.runtime.logger.info?.(`node ${this.me}: hears itself again; the entities of "${this.type}" here take messages again`);
      this.changed();
    }
  }

  private reconnected(): void {
    this.quietUntil = Math.max(this.quietUntil, Date.now() + this.quietMs);
    void this.rewatch();
    if (this.state === RUNNING) void this.putOwnRegion(false);
  }

  // ---- addresses ----------------------------------------------------------------------------

  /** The address of entity `id`: one object per id while anyone holds it. */
  addrOf(id: string): EntityAddr<unknown> {
    const known = this.refs.get(id)?.deref();
    if (known !== undefined) return known;
    const cell = new EntityRefCell(this.actorCell, this, id, `${this.refRoot}/${id}`, this.refCapacity);
    const addr = spawnProxy(cell, EntityAddr);
    this.actorCell.release(cell); // not kept in the tree: see EntityRefCell
    if (this.state === STOPPED) cell.terminate(this.failure);
    this.refs.set(id, new WeakRef(addr));
    this.forgotten.register(addr, id);
    return addr;
  }

  // ---- from the endpoint --------------------------------------------------------------------

  override barrier(request: Request, revision: number): void {
    if (this.table.revision >= revision || this.state === STOPPED) return request.succeed(this.table.revision);
    this.revisionWaits.push({ revision, resolve: () => request.succeed(this.table.revision) });
  }

  // ---- the mirror ---------------------------------------------------------------------------

  ownerChanged(shard: number, before: Owner | undefined, after: Owner | undefined): void {
    const mineBefore = before !== undefined && this.isMine(before);
    const mineAfter = after !== undefined && this.isMine(after);
    const acts = this.activations;
    if (acts !== undefined && mineAfter && !acts.shards.has(shard)) {
      acts.shards.set(shard, new LocalShard());
    } else if (acts !== undefined && mineBefore && !mineAfter) {
      const local = acts.shards.get(shard);
      if (local !== undefined && !local.handingOff) {
        // Taken from this node without a hand-over: it was considered down. Its entities go now.
        this.runtime.logger.warn(`node ${this.me}: shard ${shard} of "${this.type}" was taken over by node ${after?.node ?? '(none)'}; stopping its entities here`);
        for (const d of acts.release(shard, true)) this.route(d);
      }
    }
    if (this.mirrored && (before?.node !== after?.node || before?.incarnation !== after?.incarnation)) {
      this.runtime.emit('shard:moved', { type: this.type, shard, from: before?.node, to: after?.node, reason: after?.reason ?? 'released' });
    }
    this.wake(shard);
    if (this.mirrored) this.changedSoon();
  }

  regionChanged(node: string, before: RegionEntry | undefined, after: RegionEntry | undefined): void {
    if (after !== undefined && this.mirrored) {
      try {
        this.checkShards(after);
      } catch (error) {
        this.runtime.logger.error(`node ${this.me}: ${(error as Error).message}`);
      }
    }
    if (after === undefined || before?.incarnation !== after.incarnation) this.endpoints.delete(node);
    if (node === this.me && after === undefined && before?.incarnation === this.runtime.incarnation && this.state === RUNNING) {
      void this.putOwnRegion(false); // deleted by a node that thought this one down: this one is alive
    }
    if (this.mirrored) {
      this.wakeAll();
      this.changedSoon();
    }
  }

  advanced(revision: number): void {
    if (this.revisionWaits.length === 0) return;
    for (let i = this.revisionWaits.length - 1; i >= 0; i--) {
      const wait = this.revisionWaits[i];
      if (wait.revision > revision) continue;
      this.revisionWaits.splice(i, 1);
      wait.resolve();
    }
  }

  // ---- membership ---------------------------------------------------------------------------

  private nodeDown(member: DownMember): void {
    this.endpoints.delete(member.node);
    this.forgetDown();
    this.changed();
  }

  /**
   * Deletes the region entries of nodes known to be down (revision-checked: one survivor's delete
   * counts), except while this node is back from an outage (see `quietUntil`). A node whose entry was
   * deleted while it lived writes it again when it sees it go.
   */
  private forgetDown(): void {
    if (!this.runtime.connected || this.fenced || Date.now() < this.quietUntil) return;
    for (const entry of this.table.regions.values()) {
      if (entry.node !== this.me && this.runtime.isDown(entry.node, entry.incarnation)) void this.table.deleteRegion(entry.node, entry.revision);
    }
  }

  private changed(): void {
    if (this.state === STOPPED) return;
    this.wakeAll();
    void this.reconcile();
  }

  /** Reconciles once after the current burst of mirror updates. */
  private changedSoon(): void {
    if (this.reconcileQueued || this.state === STARTING) return;
    this.reconcileQueued = true;
    queueMicrotask(() => {
      this.reconcileQueued = false;
      void this.reconcile();
    });
  }

  private tick(): void {
    if (this.state === STOPPED) return;
    this.expire();
    this.forgetDown();
    this.changed();
  }

  // ---- placement ----------------------------------------------------------------------------

  /** Brings this node's shards in line with the desired placement. One at a time; a call meanwhile runs it again after. */
  reconcile(): Promise<void> {
    if (this.reconciling !== undefined) {
      this.again = true;
      return this.reconciling;
    }
    const run = async (): Promise<void> => {
      try {
        do {
          this.again = false;
          await this.reconcileOnce();
        } while (this.again && this.state !== STOPPED);
      } catch (error) {
        this.runtime.logger.error(`node ${this.me}: placing the shards of "${this.type}" failed`, error);
      } finally {
        this.reconciling = undefined;
      }
    };
    return (this.reconciling = run());
  }

  private async reconcileOnce(): Promise<void> {
    if (!this.mirrored || this.state === STOPPED || this.state === STARTING || this.fenced || !this.runtime.connected) return;
    const hosts = this.liveHosts();
    const byName = new Map(hosts.map((h) => [h.node, h]));
    const owners = this.table.owners;
    const current = owners.map((o) => (o !== undefined && byName.get(o.node)?.incarnation === o.incarnation ? o.node : undefined));
    const desired = allocate(this.shards, current, [...byName.keys()]);
    const tasks: Promise<unknown>[] = [];
    const me = { node: this.me, incarnation: this.runtime.incarnation };
    for (let shard = 0; shard < this.shards; shard++) {
      const owner = owners[shard];
      const want = desired[shard];
      if (owner !== undefined && this.isMine(owner)) {
        if (want === this.me) continue;
        const local = this.activations?.shards.get(shard);
        if (local === undefined || local.handingOff) continue;
        if (want !== undefined) tasks.push(this.handOff(shard, byName.get(want)!, this.state === LEAVING ? 'handed-over' : 'rebalanced'));
        else if (this.state === LEAVING) tasks.push(this.handOff(shard, undefined, 'released'));
      } else if (want === this.me && this.state === RUNNING) {
        if (owner === undefined) tasks.push(this.table.claim(shard, me.node, me.incarnation));
        else if (this.ownerDead(owner) && Date.now() >= this.quietUntil) tasks.push(this.table.assign(shard, owner.revision, me, 'taken-over', owner.node));
      }
    }
    await Promise.all(tasks);
  }

  /** The nodes hosting the type now: heard, not leaving; this node too while it runs and hosts. */
  private liveHosts(): RegionEntry[] {
    const hosts: RegionEntry[] = [];
    for (const entry of this.table.regions.values()) {
      if (!entry.host || entry.leaving || entry.node === this.me) continue;
      if (this.runtime.peer(entry.node, entry.incarnation)?.state === 'up') hosts.push(entry);
      else if (!this.runtime.isDown(entry.node, entry.incarnation)) this.runtime.peerFor(entry.node, entry.incarnation); // heard soon, or down after three heartbeats
    }
    if (this.options.host && this.state === RUNNING) {
      hosts.push({ node: this.me, incarnation: this.runtime.incarnation, handle: 0, path: '', host: true, leaving: false, shards: this.shards, revision: 0 });
    }
    return hosts;
  }

  /**
   * Hands a shard over: its entities stop first (messages for it wait meanwhile), then the record
   * names the new owner (or goes, when no node hosts the type), revision-checked; what waited
   * follows the shard. If the write loses (the record changed meanwhile), the shard stays here.
   */
  private async handOff(shard: number, to: RegionEntry | undefined, reason: Owner['reason']): Promise<void> {
    const acts = this.activations!;
    await acts.drain(shard);
    const owner = this.table.owners[shard];
    let moved = false;
    if (owner !== undefined && this.isMine(owner) && this.runtime.connected) {
      moved = to !== undefined
        ? await this.table.assign(shard, owner.revision, { node: to.node, incarnation: to.incarnation }, reason, this.me)
        : await this.table.release(shard, owner.revision);
    }
    const now = this.table.owners[shard];
    if (!moved && now !== undefined && this.isMine(now)) {
      const local = acts.shards.get(shard);
      if (local !== undefined) {
        local.handingOff = false;
        for (const d of local.waiting.splice(0)) this.route(d);
      }
      return;
    }
    for (const d of acts.release(shard, true)) this.route(d);
  }

  // ---- what the public face reads -----------------------------------------------------------

  /** The ids of this node's live entities. */
  activeIds(): string[] {
    return this.activations?.ids() ?? [];
  }

  /** The shards this node owns now. */
  ownedShards(): number[] {
    return [...(this.activations?.shards.keys() ?? [])].sort((a, b) => a - b);
  }

  /** The owner of each shard, as this node's mirror has it. */
  owners(): (string | undefined)[] {
    return this.table.owners.map((o) => o?.node);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

async function until(done: () => boolean, deadline: number): Promise<void> {
  while (!done() && Date.now() < deadline) await sleep(5);
}
