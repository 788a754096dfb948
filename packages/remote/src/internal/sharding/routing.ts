import { ActorStoppedError, InvalidMessageError, type Message } from '@troupe/core';
import type { Request } from '@troupe/core/internal';
import { EntityUnavailableError } from '../../errors';
import { RemoteAddr } from '../../remote-addr';
import { wireNameOfClass } from '../classes';
import type { NodeRuntime } from '../node';
import type { Activations } from './activations';
import type { EndpointTarget } from './cells';
import { deadlineOf, Delivery, Verb, type AnyAddr } from './delivery';
import { Envelope, Passivate } from './envelope';
import { shardOf } from './placement';
import type { Owner, RegionEntry, ShardTable } from './shard-table';

/** Where a region is in its life. */
export const STARTING = 0;
export const RUNNING = 1;
export const LEAVING = 2;
export const STOPPED = 3;

function noop(): void {}

/**
 * The routing half of a region (see region.ts for the whole): every message to an entity of the
 * type, from this node's addresses and from other nodes, goes to the entity when it is here and
 * ready, crosses to the node that owns its shard, or waits, in order, until one of those is possible.
 *
 * A message for a shard this node owns goes to the entity (activated if need be); for a shard
 * another live node owns, it crosses to that node's endpoint in an {@link Envelope} with the caller's
 * verb, and that node routes it on as if it had been sent there (so a message that arrives just after
 * its shard moved follows it). A message waits while its shard has no owner, its owner is down and
 * not yet replaced, its entity is passivating or its shard is moving, and goes on when that changes.
 * An envelope names the revision of the record it was routed by: the receiver routes it only once
 * its own mirror is that recent, so nodes never bounce a message between them.
 */
export abstract class Routing implements EndpointTarget {
  abstract readonly table: ShardTable;
  /** This node's entities of the type; undefined when it only sends. */
  abstract readonly activations: Activations | undefined;
  readonly type: string;
  readonly shards: number;
  protected readonly refRoot: string;
  protected state = STARTING;
  /** Why the region could not start, if it could not: what every call then fails with. */
  protected failure: unknown = undefined;
  /** This node does not hear itself: its entities take no message (see `Region.checkLease`). */
  protected fenced = false;
  /** Messages waiting for their shard's owner to be known and reachable, by shard, in order. */
  protected readonly waiting = new Map<number, Delivery[]>();
  protected readonly endpoints = new Map<string, { readonly entry: RegionEntry; readonly addr: RemoteAddr<unknown> }>();
  /** Messages forwarded to other nodes and not answered yet. */
  protected forwarding = 0;

  constructor(
    protected readonly runtime: NodeRuntime,
    type: string,
    shards: number,
  ) {
    this.type = type;
    this.shards = shards;
    this.refRoot = `troupe://${runtime.cluster}/${type}`;
  }

  protected get me(): string {
    return this.runtime.name;
  }

  /** Answers a leaving node's barrier (see region.ts). */
  abstract barrier(request: Request, revision: number): void;

  protected unavailable(d: Delivery, cause?: unknown): Error {
    if (cause instanceof Error) return cause;
    return new EntityUnavailableError(this.type, d.id, d.shard, `cannot be reached: the sharding of node ${this.me} has stopped`, `${this.refRoot}/${d.id}`);
  }

  shardOf(id: string): number {
    return shardOf(id, this.shards);
  }

  refusal(message: Message<unknown>, path: string): Error | undefined {
    if (this.state === STOPPED) {
      return this.failure instanceof Error
        ? this.failure
        : new ActorStoppedError(path, message, `cannot be reached: the sharding of node ${this.me} has stopped`);
    }
    const ctor = (message as { constructor: object }).constructor;
    if (wireNameOfClass(ctor) === undefined) {
      const name = (ctor as { name?: string }).name || 'the message';
      return new InvalidMessageError(
        message,
        path,
        `${name} has no @Wire name, and a message to an entity may have to cross to the node that hosts it: decorate it with @Wire('a.unique.name') on every node`,
      );
    }
    return undefined;
  }

  report(path: string, error: unknown): void {
    this.runtime.logger.error(`trySend to ${path} failed and no caller can see it`, error);
  }

  // ---- the verbs: at once when the entity is here and ready, else by route -----------------

  tell(id: string, shard: number, message: Message<unknown>, minRevision: number): Promise<void> {
    if (!(message instanceof Passivate)) {
      let a;
      try {
        a = this.readyFor(id, shard, minRevision);
      } catch (error) {
        return Promise.reject(error);
      }
      if (a !== undefined) return this.activations!.tell(a, message);
    }
    return new Promise<void>((resolve, reject) => this.route(new Delivery(id, shard, message, Verb.Tell, undefined, resolve, reject, minRevision)));
  }

  send(id: string, shard: number, message: Message<unknown>, request: Request, minRevision: number): void {
    let a;
    try {
      a = this.readyFor(id, shard, minRevision);
    } catch (error) {
      return request.fail(error);
    }
    if (a !== undefined) return this.activations!.send(a, message, request, request.list?.timeoutMs ?? Infinity);
    this.route(new Delivery(id, shard, message, Verb.Send, request, noop, noop, minRevision, deadlineOf(request, Date.now())));
  }

  trySend(id: string, shard: number, message: Message<unknown>, minRevision: number): Promise<void> | undefined {
    const a = this.readyFor(id, shard, minRevision);
    if (a !== undefined) return void this.activations!.trySend(a, message);
    return new Promise<void>((resolve, reject) => this.route(new Delivery(id, shard, message, Verb.Try, undefined, resolve, reject, minRevision)));
  }

  doSend(id: string, shard: number, message: Message<unknown>, minRevision: number): void {
    const a = this.readyFor(id, shard, minRevision);
    if (a !== undefined) return this.activations!.doSend(a, message);
    this.route(new Delivery(id, shard, message, Verb.Do, undefined, noop, noop, minRevision));
  }

  /** The entity's activation when the message can be handed to it now, in order (nothing of its shard waits). */
  private readyFor(id: string, shard: number, minRevision: number) {
    const acts = this.activations;
    if (acts === undefined || this.state === STOPPED || this.fenced || this.waiting.has(shard)) return undefined;
    if (minRevision > 0) {
      const owner = this.table.owners[shard];
      if (owner === undefined || owner.revision < minRevision) return undefined;
    }
    if (this.state === LEAVING) {
      const a = acts.byId.get(id);
      return a !== undefined && a.active ? a : undefined; // no new activation on a node that leaves
    }
    return acts.ready(id, shard);
  }

  // ---- routing ------------------------------------------------------------------------------

  /** Sends a message that could not be handed over at once on its way: to its entity here, to its shard's owner, or to wait. */
  route(d: Delivery): void {
    if (!d.pending) return;
    if (this.state === STOPPED) return d.fail(this.unavailable(d, this.failure));
    const shard = d.shard;
    const queue = this.waiting.get(shard);
    if (queue !== undefined) return void queue.push(d);
    const owner = this.table.owners[shard];
    if (owner === undefined || owner.revision < d.minRevision) return this.wait(d);
    if (this.isMine(owner)) return this.routeHere(d);
    if (this.ownerDead(owner)) return this.wait(d);
    this.forward(d, owner);
  }

  private routeHere(d: Delivery): void {
    const acts = this.activations;
    if (acts === undefined || this.fenced) return this.wait(d);
    if (d.message instanceof Passivate) {
      const a = acts.byId.get(d.id);
      if (a === undefined) return d.resolve();
      return void acts.passivate(a, d.message.kill).then(d.resolve, d.reject);
    }
    let a;
    try {
      a = this.state === LEAVING ? undefined : acts.ready(d.id, d.shard);
    } catch (error) {
      return d.fail(error);
    }
    if (a !== undefined) return acts.deliver(a, d, Date.now());
    if (!acts.park(d)) this.wait(d);
  }

  protected wait(d: Delivery): void {
    if (d.since === 0) d.since = Date.now();
    const queue = this.waiting.get(d.shard);
    if (queue === undefined) this.waiting.set(d.shard, [d]);
    else queue.push(d);
  }

  /** What waits for `shard` goes its way again, in order. */
  protected wake(shard: number): void {
    const queue = this.waiting.get(shard);
    if (queue === undefined) return;
    this.waiting.delete(shard);
    for (const d of queue) this.route(d);
  }

  protected wakeAll(): void {
    for (const shard of [...this.waiting.keys()]) this.wake(shard);
  }

  private forward(d: Delivery, owner: Owner): void {
    const target = this.endpointOf(owner);
    if (target === undefined || !this.runtime.connected) return this.wait(d);
    const envelope = new Envelope(d.id, d.message, owner.revision);
    const to = target as unknown as AnyAddr;
    if (d.verb === Verb.Do) {
      try {
        to.doSend(envelope);
      } catch (error) {
        this.runtime.logger.warn(`doSend to ${this.refRoot}/${d.id} dropped`, error);
      }
      return;
    }
    this.forwarding++;
    const failed = (error: unknown): void => {
      this.forwarding--;
      this.forwardFailed(d, target, owner, error);
    };
    if (d.verb === Verb.Send) {
      to.send(envelope, { timeoutMs: d.remaining(Date.now()) }).then((value) => {
        this.forwarding--;
        d.request!.succeed(value);
      }, failed);
    } else {
      (d.verb === Verb.Tell ? to.tell(envelope) : (target as RemoteAddr<unknown>).trySend(envelope as never)).then(() => {
        this.forwarding--;
        d.resolve();
      }, failed);
    }
  }

  /**
   * A forward failed. When the far endpoint had gone before the message reached it (its region
   * stopped: the shard has moved on), the message was not delivered and waits for the newer record;
   * any other failure (the node was lost with it in flight, the entity's own error) is the caller's.
   */
  private forwardFailed(d: Delivery, target: RemoteAddr<unknown>, owner: Owner, error: unknown): void {
    if (error instanceof ActorStoppedError && error.actor === target.path && d.pending) {
      if (this.endpoints.get(owner.node)?.addr === target) this.endpoints.delete(owner.node);
      d.minRevision = Math.max(d.minRevision, owner.revision + 1);
      return this.route(d);
    }
    d.fail(error);
  }

  private endpointOf(owner: Owner): RemoteAddr<unknown> | undefined {
    const known = this.endpoints.get(owner.node);
    if (known !== undefined && known.entry.incarnation === owner.incarnation && known.addr.isAlive) return known.addr;
    const entry = this.table.regions.get(owner.node);
    if (entry === undefined || entry.incarnation !== owner.incarnation) return undefined;
    return this.endpointOfEntry(entry);
  }

  protected endpointOfEntry(entry: RegionEntry): RemoteAddr<unknown> | undefined {
    const known = this.endpoints.get(entry.node);
    if (known !== undefined && known.entry.incarnation === entry.incarnation && known.entry.handle === entry.handle && known.addr.isAlive) return known.addr;
    if (this.runtime.isDown(entry.node, entry.incarnation)) return undefined;
    const addr = this.runtime.addrOf([entry.node, entry.incarnation, entry.handle, entry.path, Infinity]);
    if (!(addr instanceof RemoteAddr) || !addr.isAlive) return undefined;
    this.endpoints.set(entry.node, { entry, addr });
    return addr;
  }

  /** Messages that waited longer than `askTimeoutMs` for an owner fail (a `send` has its own deadline). */
  protected expire(): void {
    const limit = Date.now() - this.runtime.system.askTimeoutMs;
    for (const [shard, queue] of [...this.waiting]) {
      const kept = queue.filter((d) => {
        if (!d.pending) return false;
        if (d.verb === Verb.Send || d.since > limit) return true;
        const error = new EntityUnavailableError(
          this.type,
          d.id,
          shard,
          `found no live node owning its shard within ${this.runtime.system.askTimeoutMs} ms (askTimeoutMs)`,
          `${this.refRoot}/${d.id}`,
        );
        if (d.verb === Verb.Do) this.runtime.logger.warn(`doSend to ${this.refRoot}/${d.id} dropped`, error);
        else d.fail(error);
        return false;
      });
      if (kept.length === 0) this.waiting.delete(shard);
      else this.waiting.set(shard, kept);
    }
  }

  protected isMine(owner: Owner): boolean {
    return owner.node === this.me && owner.incarnation === this.runtime.incarnation;
  }

  /**
   * The record's owner is known to be gone: an earlier life of this node, or a node the failure
   * detector declared down. A node this one has not heard of yet is watched from now on (heard
   * soon if alive, down after three heartbeats if not): never guessed dead.
   */
  protected ownerDead(owner: Owner): boolean {
    if (owner.node === this.me) return owner.incarnation !== this.runtime.incarnation;
    if (this.runtime.isDown(owner.node, owner.incarnation)) return true;
    if (this.runtime.peer(owner.node, owner.incarnation) === undefined) this.runtime.peerFor(owner.node, owner.incarnation);
    return false;
  }
}
