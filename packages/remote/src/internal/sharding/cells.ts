import { Actor, InvalidMessageError, Message } from '@troupe/core';
import { ProxyCell, type ActorCell, type Request } from '@troupe/core/internal';
import { Barrier, Envelope } from './envelope';

/** The actor class of entity addresses (core needs one; nothing is ever handled by it). */
@Actor()
export class EntityRefActor {}

/** The actor class of a region's endpoint. */
@Actor()
export class EndpointActor {}

/**
 * The parent of a type's entities on a node (`/user/troupe:sharding/<type>`): it supervises them
 * as any parent does (restart on failure, at most 10 in 10 s, then stop; a stopped entity is
 * activated again by its next message).
 */
@Actor()
export class RegionActor {}

/** What an entity address's verbs turn into (see region.ts). */
export interface EntityRouter {
  tell(id: string, shard: number, message: Message<unknown>, minRevision: number): Promise<void>;
  send(id: string, shard: number, message: Message<unknown>, request: Request, minRevision: number): void;
  /** Undefined when done at once (a refusal throws); otherwise a promise of the verdict. */
  trySend(id: string, shard: number, message: Message<unknown>, minRevision: number): Promise<void> | undefined;
  doSend(id: string, shard: number, message: Message<unknown>, minRevision: number): void;
  /** Refuses at the call what cannot be routed (a message class without `@Wire`, a stopped sharding). */
  refusal(message: Message<unknown>, path: string): Error | undefined;
  shardOf(id: string): number;
  /** A `trySend` whose verdict no caller can see failed. */
  report(path: string, error: unknown): void;
}

/**
 * The cell behind an entity's address (`Entities.get(id)`): a proxy whose verbs route the message
 * to wherever the entity lives, activating it on demand. It is not linked into the actor tree (an
 * application may address millions of ids: an address nobody holds is garbage), so it is not a
 * child of anything; it ends only when its node's sharding stops.
 */
export class EntityRefCell extends ProxyCell {
  readonly shard: number;

  constructor(
    parent: ActorCell,
    private readonly router: EntityRouter,
    readonly id: string,
    path: string,
    capacity: number,
  ) {
    super(parent, EntityRefActor, path, id, capacity);
    this.shard = router.shardOf(id);
  }

  override tell(message: unknown): Promise<void> {
    const refusal = this.router.refusal(message as Message<unknown>, this.path);
    if (refusal !== undefined) return Promise.reject(refusal);
    return this.router.tell(this.id, this.shard, message as Message<unknown>, 0);
  }

  override admit(request: Request): void {
    const refusal = this.router.refusal(request.message as Message<unknown>, this.path);
    if (refusal !== undefined) return request.fail(refusal);
    this.router.send(this.id, this.shard, request.message as Message<unknown>, request, 0);
  }

  /** Reached through core (a `Recipient`, a router): a later verdict is reported. `EntityAddr.trySend` returns it. */
  override trySend(message: unknown): void {
    this.verdict(message)?.catch((error: unknown) => this.router.report(this.path, error));
  }

  /** Undefined when queued at once; a promise when the message had to wait or cross to another node. Throws a refusal. */
  verdict(message: unknown): Promise<void> | undefined {
    const refusal = this.router.refusal(message as Message<unknown>, this.path);
    if (refusal !== undefined) throw refusal;
    return this.router.trySend(this.id, this.shard, message as Message<unknown>, 0);
  }

  override doSend(message: unknown): void {
    const refusal = this.router.refusal(message as Message<unknown>, this.path);
    if (refusal !== undefined) throw refusal;
    this.router.doSend(this.id, this.shard, message as Message<unknown>, 0);
  }

  override requestLeft(): void {
    // A request that settles early is dropped where it waits (see Delivery.pending).
  }
}

/** What a region's endpoint hands on (see region.ts). */
export interface EndpointTarget extends EntityRouter {
  /** Answers a leaving node's barrier once the mirror has reached its revision. */
  barrier(request: Request, revision: number): void;
}

/**
 * A region's endpoint (`/user/troupe:sharding/<type>:in`), the one address of the region that other
 * nodes know (from the store): they forward messages for the shards they believe this node owns to
 * it, in envelopes, with the caller's verb. It routes them on as if they had been sent here.
 */
export class EndpointCell extends ProxyCell {
  constructor(
    parent: ActorCell,
    private readonly target: EndpointTarget,
    name: string,
    path: string,
  ) {
    super(parent, EndpointActor, path, name, Infinity);
  }

  override tell(message: unknown): Promise<void> {
    if (!isEnvelope(message)) return Promise.reject(this.refuse(message));
    return this.target.tell(message.id, this.target.shardOf(message.id), message.message, message.revision);
  }

  override admit(request: Request): void {
    const message = request.message;
    if (message instanceof Barrier) return this.target.barrier(request, message.revision);
    if (!isEnvelope(message)) return request.fail(this.refuse(message));
    this.target.send(message.id, this.target.shardOf(message.id), message.message, request, message.revision);
  }

  override trySend(message: unknown): void {
    if (!isEnvelope(message)) throw this.refuse(message);
    this.target.trySend(message.id, this.target.shardOf(message.id), message.message, message.revision)?.catch((error: unknown) => this.target.report(this.path, error));
  }

  override doSend(message: unknown): void {
    if (!isEnvelope(message)) throw this.refuse(message);
    this.target.doSend(message.id, this.target.shardOf(message.id), message.message, message.revision);
  }

  override requestLeft(): void {}

  private refuse(message: unknown): InvalidMessageError {
    return new InvalidMessageError(message, this.path, 'a sharding endpoint takes only the envelopes other nodes forward to it');
  }
}

/** An envelope as another node may send it: decoded from the wire, so its fields are checked here. */
function isEnvelope(message: unknown): message is Envelope {
  return (
    message instanceof Envelope &&
    typeof message.id === 'string' &&
    message.id.length > 0 &&
    message.message instanceof Message &&
    typeof message.revision === 'number'
  );
}
