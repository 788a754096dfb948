import { randomInt } from 'node:crypto';
import { EventEmitter } from 'eventemitter3';
import { connect, type KV, type NatsConnection, type Subscription } from 'nats';
import { ActorConfigError, ActorStoppedError, type ActorRef, type ActorSystem, type Addr, type Logger } from '@troupe/core';
import { cellOf, spawnProxy, systemOf, type ActorCell } from '@troupe/core/internal';
import { installCluster } from '@troupe/registry/internal';
import { DisconnectedError, NodeDownError } from '../errors';
import type { ResolvedOptions } from '../options';
import { RemoteAddr } from '../remote-addr';
import { codecNamed, type Codec } from './codec';
import { Exports } from './exports';
import { Link } from './link';
import { Peer, peerKey } from './peers';
import { RemoteCell, RemoteHost } from './proxy';
import { ClusterStore } from './store';
import { Refusal, TreeReader, TreeWriter, type AddrRef, type AddressBook } from './tree';

/** A live node of the cluster, as `members()` lists it. */
export interface Member {
  readonly node: string;
  /** When it joined, by its own clock (ms since the epoch). */
  readonly since: number;
}

/** A node that is down, as `node:down` reports it. */
export interface DownMember extends Member {
  readonly reason: string;
  readonly error: NodeDownError;
}

/** The events of a node (`remote.events`). */
export interface RemoteEvents {
  /** Another node was heard for the first time (or again, after it was considered down). */
  'node:up': [Member];
  /** Another node is down: unheard for three heartbeats, stopped, or restarted. */
  'node:down': [DownMember];
  /** The NATS connection dropped; this node reconnects by itself. */
  disconnected: [];
  /** The NATS connection is back; the node has announced itself again. */
  reconnected: [];
  /** A name this node held was taken by another node while this one was away. */
  'name:lost': [{ readonly name: string; readonly holder: string }];
  /** A shard of a sharded entity type changed owner, as this node's mirror of the store saw it (see `Sharding`). */
  'shard:moved': [ShardMove];
}

/** A shard's change of owner, as `shard:moved` reports it. */
export interface ShardMove {
  /** The entity type. */
  readonly type: string;
  readonly shard: number;
  /** The node that owned it before; undefined when nobody did. */
  readonly from: string | undefined;
  /** The node that owns it now; undefined when nobody does (its last host left). */
  readonly to: string | undefined;
  /**
   * `allocated` (it had no owner), `rebalanced` (its owner handed it over to spread the shards),
   * `handed-over` (its owner left cleanly), `taken-over` (its owner was down), `released` (its
   * owner left and no node hosts the type).
   */
  readonly reason: 'allocated' | 'rebalanced' | 'handed-over' | 'taken-over' | 'released';
}

const HELLO = 1;
const BEAT = 0;
const BYE = 2;
/** How many down incarnations are remembered, so that an old address met again is known dead at once. */
const DOWN_REMEMBERED = 1024;

/**
 * One node: the NATS connection, the node's subject and the heartbeat subject, the peers and their
 * proxies, the table of local actors others can address, the name store, and the failure detector.
 * `Remote` is its public face.
 */
export class NodeRuntime implements AddressBook {
  readonly events = new EventEmitter<RemoteEvents>();
  readonly name: string;
  readonly cluster: string;
  readonly incarnation = randomInt(1, 0xffffffff);
  readonly since = Date.now();
  readonly maxPayload: number;
  readonly heartbeatMs: number;
  readonly codec: Codec;
  readonly writer: TreeWriter;
  readonly reader: TreeReader;
  readonly exports: Exports<Peer<RemoteCell>>;
  readonly logger: Logger;
  readonly link: Link;
  readonly store: ClusterStore;
  connected = true;
  /** When this node last heard its own heartbeat back from the server (its lease on being up, for `Sharding`). */
  selfHeard = Date.now();
  private stopping: Promise<void> | undefined = undefined;
  /** What runs first when the node leaves, while it is still connected (a sharding hands its shards over). */
  private readonly leaveHooks: Array<() => Promise<void>> = [];
  private readonly peers = new Map<string, Peer<RemoteCell>>();
  private readonly downed = new Map<string, NodeDownError>();
  private hostCell: ActorCell | undefined = undefined;
  private hostAddr: Addr<unknown> | undefined = undefined;
  private readonly subs: Subscription[] = [];
  private timer: ReturnType<typeof setInterval> | undefined = undefined;
  private lastBeat = 0;
  private readonly prefix: string;
  private readonly utf8 = new TextEncoder();

  private constructor(
    readonly system: ActorSystem,
    readonly options: ResolvedOptions,
    private readonly nc: NatsConnection,
    /** The cluster's key-value bucket (names, groups, and the shard owners of `Sharding`). */
    readonly kv: KV,
  ) {
    this.name = options.node;
    this.cluster = options.cluster;
    this.maxPayload = options.maxPayload;
    this.heartbeatMs = options.heartbeatMs;
    this.codec = codecNamed(options.codec);
    this.writer = new TreeWriter(this, this.codec.json);
    this.reader = new TreeReader(this);
    this.logger = system.logger;
    this.prefix = `troupe.${options.cluster}`;
    this.exports = new Exports<Peer<RemoteCell>>((handle, cause, watchers) => this.tellWatchers(handle, cause, watchers));
    this.link = new Link(this);
    this.store = new ClusterStore(kv, this);
  }

  /** Connects, opens the name store, joins. Throws what `nats` throws when it cannot connect. */
  static async start(system: ActorSystem, options: ResolvedOptions): Promise<NodeRuntime> {
    const nc = await connect(options.connection);
    try {
      const js = nc.jetstream({ timeout: Math.max(2000, options.heartbeatMs * 3) });
      const kv = await js.views.kv(`troupe_${options.cluster}`, {
        history: 1,
        replicas: options.store.replicas,
        storage: options.store.storage as never,
      });
      const node = new NodeRuntime(system, options, nc, kv);
      await node.join();
      return node;
    } catch (error) {
      await nc.close().catch(() => undefined);
      if (/jetstream not enabled|503|no responders/i.test(String((error as { message?: unknown })?.message ?? error))) {
        throw new ActorConfigError(
          `Remote.start: the NATS server has no JetStream, which the cluster's name store needs: start it with \`nats-server -js\` ` +
            `(or enable JetStream for this account). (${String(error)})`,
        );
      }
      throw error;
    }
  }

  private async join(): Promise<void> {
    this.hostAddr = this.system.spawn(RemoteHost, { name: 'troupe:remote', args: [() => this.stop()] }) as Addr<unknown>;
    this.hostCell = cellOf(this.hostAddr);
    this.subs.push(this.nc.subscribe(this.subjectOf(this.name), { callback: (_err, msg) => this.link.receive(msg.data) }));
    this.subs.push(this.nc.subscribe(`${this.prefix}.hb`, { callback: (_err, msg) => this.heard(msg.data) }));
    try {
      await this.store.watch();
    } catch (error) {
      this.connected = false;
      for (const sub of this.subs) sub.unsubscribe();
      void this.hostAddr.kill();
      throw error;
    }
    installCluster(this.system, {
      claim: (name, addr) => this.expose(name, addr),
      release: (name) => this.store.release(name),
      publish: (group, addr, joined) => this.store.publish(group, addr, joined),
      isRemote: (addr) => addr instanceof RemoteAddr,
    });
    this.beat(HELLO);
    this.timer = setInterval(() => this.tick(), this.heartbeatMs);
    this.timer.unref();
    void this.watchStatus();
    void this.nc.closed().then((error) => {
      if (this.stopping === undefined) {
        this.logger.error(`node ${this.name}: its NATS connection closed`, error);
        void this.stop();
      }
    });
  }

  // ---- the public verbs ---------------------------------------------------------------------

  /** Claims a cluster-wide name for a local actor. */
  async expose(name: string, addr: Addr<unknown>): Promise<void> {
    if (typeof name !== 'string' || name.length === 0) {
      throw new ActorConfigError(`expose: a name must be a non-empty string, got ${JSON.stringify(name)}`);
    }
    if (addr instanceof RemoteAddr) throw new ActorConfigError(`expose("${name}"): ${addr.path} is another node's actor; expose it on its own node`, addr.path);
    if (!(addr instanceof Object) || systemOf(cellOf(addr)) !== this.system) {
      throw new ActorConfigError(`expose("${name}"): expected an Addr of system "${this.system.name}"`);
    }
    if (!addr.isAlive) throw new ActorStoppedError(addr.path, undefined, `is not alive, so it cannot be exposed as "${name}"`);
    if (!this.connected) throw this.disconnected();
    await this.store.claim(name, addr);
  }

  /** The holder of a cluster name, read from the store. */
  async lookup(name: string): Promise<ActorRef | undefined> {
    if (!this.connected) throw this.disconnected();
    return this.store.lookup(name);
  }

  /** The live nodes, this one first, then by the time they joined. */
  members(): Member[] {
    const others: Member[] = [];
    for (const peer of this.peers.values()) if (peer.state === 'up') others.push({ node: peer.name, since: peer.since });
    others.sort((a, b) => a.since - b.since || (a.node < b.node ? -1 : 1));
    return [{ node: this.name, since: this.since }, ...others];
  }

  /** Leaves the cluster: says goodbye, releases this node's names, ends every proxy, closes the connection. */
  stop(): Promise<void> {
    return (this.stopping ??= this.leave());
  }

  /**
   * Runs `hook` first when the node leaves (`stop()`, or its system's shutdown), while the node is
   * still connected and heard; the leave waits for it. Returns the function that removes it.
   */
  beforeLeave(hook: () => Promise<void>): () => void {
    this.leaveHooks.push(hook);
    return () => {
      const index = this.leaveHooks.indexOf(hook);
      if (index >= 0) this.leaveHooks.splice(index, 1);
    };
  }

  /** Whether the node has begun to leave. */
  get isLeaving(): boolean {
    return this.stopping !== undefined;
  }

  private async leave(): Promise<void> {
    for (const hook of this.leaveHooks.splice(0)) {
      try {
        await hook();
      } catch (error) {
        this.logger.error(`node ${this.name}: a task before leaving failed`, error);
      }
    }
    if (this.timer !== undefined) clearInterval(this.timer);
    const wasConnected = this.connected && !this.nc.isClosed();
    if (wasConnected) this.beat(BYE);
    installCluster(this.system, undefined);
    this.store.stop();
    if (wasConnected) await withTimeout(this.store.leave(), Math.max(1000, this.heartbeatMs * 3));
    this.connected = false;
    for (const peer of [...this.peers.values()]) {
      this.link.failPending(peer, (cell) => this.disconnected(cell.path, 'has left the cluster'));
      for (const cell of [...peer.proxies.values()]) cell.terminate(this.disconnected(cell.path, 'has left the cluster'));
      peer.proxies.clear();
    }
    this.peers.clear();
    for (const sub of this.subs) sub.unsubscribe();
    if (!this.nc.isClosed()) await withTimeout(this.nc.drain().catch(() => this.nc.close()), 2000);
    if (!this.nc.isClosed()) await this.nc.close().catch(() => undefined);
    if (this.hostAddr?.isAlive) void this.hostAddr.stop();
  }

  // ---- addresses (the codec's address book) -------------------------------------------------

  refOf(addr: ActorRef): AddrRef {
    const cell = cellOf(addr);
    if (cell instanceof RemoteCell) return [cell.peer.name, cell.peer.incarnation, cell.handle, cell.localPath, cell.capacity];
    if (systemOf(cell) !== this.system) throw new Refusal(`is an address of another actor system ("${systemOf(cell).name}")`);
    return [this.name, this.incarnation, this.exports.handleOf(addr as Addr<unknown>), addr.path, addr.capacity];
  }

  addrOf(ref: AddrRef): ActorRef {
    const [node, incarnation, handle, path] = ref;
    if (node === this.name) {
      const local = incarnation === this.incarnation ? this.exports.get(handle) : undefined;
      if (local !== undefined) return local;
      const gone = incarnation === this.incarnation ? new ActorStoppedError(this.pathOf(path)) : new NodeDownError(node, 'it restarted', this.pathOf(path));
      return this.deadProxy(ref, gone);
    }
    const known = this.downed.get(peerKey(node, incarnation));
    if (known !== undefined) return this.deadProxy(ref, new NodeDownError(node, known.reason, `troupe://${this.cluster}@${node}${path}`));
    const peer = this.peerFor(node, incarnation);
    const existing = peer.proxies.get(handle);
    if (existing !== undefined) return existing.addr as ActorRef;
    const cell = this.proxyCell(peer, ref);
    const addr = spawnProxy(cell, RemoteAddr);
    peer.proxies.set(handle, cell);
    void addr.stopped.then(() => {
      if (peer.proxies.get(handle) === cell) peer.proxies.delete(handle);
    });
    this.link.watch(cell);
    return addr;
  }

  private proxyCell(peer: Peer<RemoteCell>, ref: AddrRef): RemoteCell {
    if (this.hostCell === undefined || !this.hostCell.isAlive) throw this.disconnected(undefined, 'has left the cluster');
    const [node, , handle, path, capacity] = ref;
    return new RemoteCell(this.hostCell, this.link, peer, handle, path, `troupe://${this.cluster}@${node}${path}`, capacity);
  }

  /** An address of an actor known to be gone: its proxy ends at once (watchers get `Terminated`). */
  private deadProxy(ref: AddrRef, cause: unknown): ActorRef {
    const peer = new Peer<RemoteCell>(ref[0], ref[1], this.subjectOf(ref[0]), Date.now(), this.heartbeatMs);
    peer.state = 'down';
    const cell = this.proxyCell(peer, ref);
    const addr = spawnProxy(cell, RemoteAddr);
    cell.terminate(cause);
    return addr;
  }

  /** The full path of an actor of this node. */
  pathOf(localPath: string): string {
    return `troupe://${this.cluster}@${this.name}${localPath}`;
  }

  subjectOf(node: string): string {
    return `${this.prefix}.n.${node}`;
  }

  get serverMaxPayload(): number {
    return this.nc.info?.max_payload ?? 1 << 20;
  }

  publish(subject: string, frame: Uint8Array): void {
    this.nc.publish(subject, frame);
  }

  disconnected(actor?: string, detail = 'is not connected to NATS (it is reconnecting)'): DisconnectedError {
    return new DisconnectedError(this.name, this.stopping !== undefined ? 'has left the cluster' : detail, actor);
  }

  // ---- peers and the failure detector -----------------------------------------------------

  peer(name: string, incarnation: number): Peer<RemoteCell> | undefined {
    return this.peers.get(peerKey(name, incarnation));
  }

  peerFor(name: string, incarnation: number): Peer<RemoteCell> {
    const key = peerKey(name, incarnation);
    let peer = this.peers.get(key);
    if (peer === undefined) {
      peer = new Peer<RemoteCell>(name, incarnation, this.subjectOf(name), Date.now(), this.heartbeatMs);
      this.peers.set(key, peer);
    }
    return peer;
  }

  isDown(node: string, incarnation: number): boolean {
    return this.downed.has(peerKey(node, incarnation));
  }

  restarted(peer: Peer<RemoteCell>): void {
    this.down(peer, 'it restarted');
  }

  proxyEnded(cell: RemoteCell, cause: unknown): void {
    if (cell.peer.proxies.get(cell.handle) === cell) cell.peer.proxies.delete(cell.handle);
    cell.terminate(cause);
  }

  lost(name: string, holder: string): void {
    this.logger.warn(`node ${this.name}: the name "${name}" was taken by ${holder} while this node was away`);
    this.emit('name:lost', { name, holder });
  }

  watchEnded(): void {
    setTimeout(() => {
      if (this.connected && this.stopping === undefined) void this.rewatch();
    }, this.heartbeatMs).unref();
  }

  private tick(): void {
    if (this.connected) this.beat(BEAT);
    const now = Date.now();
    for (const peer of [...this.peers.values()]) {
      if (peer.state !== 'down' && peer.overdue(now)) this.down(peer, `unheard for 3 heartbeats (${3 * peer.heartbeatMs} ms)`);
    }
  }

  private beat(type: number): void {
    if (!this.connected) return;
    this.lastBeat = Date.now();
    const beat = { n: this.name, i: this.incarnation, s: this.since, h: this.heartbeatMs, m: this.maxPayload, t: type };
    try {
      this.nc.publish(`${this.prefix}.hb`, this.utf8.encode(JSON.stringify(beat)));
    } catch (error) {
      this.logger.debug?.(`node ${this.name}: a heartbeat could not be published`, error);
    }
  }

  private heard(data: Uint8Array): void {
    let beat: { n: unknown; i: unknown; s: unknown; h: unknown; m: unknown; t: unknown };
    try {
      beat = JSON.parse(new TextDecoder().decode(data)) as typeof beat;
    } catch {
      return;
    }
    const { n, i, s, h, m, t } = beat;
    if (typeof n !== 'string' || typeof i !== 'number' || typeof s !== 'number' || typeof h !== 'number' || typeof m !== 'number') return;
    if (n === this.name) {
      if (i === this.incarnation) this.selfHeard = Date.now();
      else this.logger.error(`node ${this.name}: another node of cluster "${this.cluster}" has the same name; node names must be unique`);
      return;
    }
    if (this.downed.has(peerKey(n, i)) && t !== HELLO && t !== BEAT) return;
    const peer = this.peerFor(n, i);
    if (t === BYE) return this.down(peer, 'it left the cluster');
    this.downed.delete(peer.key);
    peer.lastHeard = Date.now();
    peer.heartbeatMs = Math.max(10, h);
    peer.maxPayload = m > 0 ? m : Infinity;
    if (peer.state !== 'up') {
      peer.state = 'up';
      peer.since = s;
      this.emit('node:up', { node: n, since: s });
    } else if (t === HELLO) {
      this.rejoined(peer);
    }
    for (const other of [...this.peers.values()]) {
      if (other.name === n && other !== peer && other.state !== 'down') this.down(other, 'it restarted');
    }
    if (t === HELLO && Date.now() - this.lastBeat > 5) this.beat(BEAT);
  }

  /**
   * A node this one held up says hello again: it lost its NATS connection for a while (less than
   * three heartbeats) and is back. Frames to it meanwhile were lost, and so were its answers: what
   * waits on it fails with `DisconnectedError` (it may or may not have been handled) rather than
   * wait forever, and its actors are watched again (a `Terminated` may have been lost too).
   */
  private rejoined(peer: Peer<RemoteCell>): void {
    this.link.failPending(
      peer,
      (cell) =>
        new DisconnectedError(peer.name, 'lost its connection to NATS before it answered (the message may or may not have been handled)', cell.path),
    );
    for (const cell of peer.proxies.values()) this.link.watch(cell);
  }

  /** A peer is down for good: what waits on it fails, its proxies end, its names and members go. */
  private down(peer: Peer<RemoteCell>, reason: string): void {
    if (peer.state === 'down') return;
    const wasUp = peer.state === 'up';
    peer.state = 'down';
    if (this.peers.get(peer.key) === peer) this.peers.delete(peer.key);
    const error = new NodeDownError(peer.name, reason);
    this.downed.set(peer.key, error);
    if (this.downed.size > DOWN_REMEMBERED) this.downed.delete(this.downed.keys().next().value as string);
    this.link.failPending(peer, (cell) => new NodeDownError(peer.name, reason, cell.path));
    for (const cell of [...peer.proxies.values()]) cell.terminate(new NodeDownError(peer.name, reason, cell.path));
    peer.proxies.clear();
    this.exports.forget(peer);
    this.store.nodeDown(peer.name, peer.incarnation);
    if (wasUp) this.emit('node:down', { node: peer.name, since: peer.since, reason, error });
  }

  /** A watched local actor stopped: its watchers on other nodes are told, with its cause. */
  private tellWatchers(handle: number, cause: unknown, watchers: ReadonlySet<Peer<RemoteCell>>): void {
    if (!this.connected) return;
    let payload: Uint8Array | undefined;
    if (cause !== undefined) {
      try {
        payload = this.codec.encode(cause instanceof Error ? this.writer.error(cause, 0) : this.writer.value(cause, 0));
      } catch {
        payload = this.codec.encode(this.writer.error(new Error(String(cause)), 0));
      }
    }
    for (const peer of watchers) {
      if (peer.state === 'down') continue;
      this.link.terminated(peer, handle, payload);
    }
  }

  // ---- the connection -----------------------------------------------------------------------

  private async watchStatus(): Promise<void> {
    for await (const status of this.nc.status()) {
      if (this.stopping !== undefined) return;
      if (status.type === 'disconnect') {
        if (!this.connected) continue;
        this.connected = false;
        for (const peer of this.peers.values()) {
          this.link.failPending(peer, (cell) => this.disconnected(cell.path, 'lost its connection to NATS before the answer came (the message may or may not have been handled)'));
        }
        this.emit('disconnected');
      } else if (status.type === 'reconnect') {
        this.connected = true;
        this.beat(HELLO);
        for (const peer of this.peers.values()) for (const cell of peer.proxies.values()) this.link.watch(cell);
        this.emit('reconnected');
        void this.rewatch();
      }
    }
  }

  /** After a reconnection: the name store's watch again (JetStream may need a moment after a server restart). */
  private async rewatch(): Promise<void> {
    while (this.connected && this.stopping === undefined) {
      try {
        await this.store.watch();
        return;
      } catch (error) {
        this.logger.debug?.(`node ${this.name}: the name store is not back yet`, error);
        await new Promise((resolve) => setTimeout(resolve, this.heartbeatMs).unref());
      }
    }
  }

  /** Emits on `events`; a throwing listener is logged, never thrown. */
  emit<E extends keyof RemoteEvents>(event: E, ...args: RemoteEvents[E]): void {
    try {
      (this.events.emit as (event: E, ...args: RemoteEvents[E]) => boolean)(event, ...args);
    } catch (error) {
      this.logger.error(`node ${this.name}: a listener of '${event}' threw`, error);
    }
  }
}

function withTimeout(promise: Promise<unknown>, ms: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    void promise.then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      () => {
        clearTimeout(timer);
        resolve();
      },
    );
  });
}
