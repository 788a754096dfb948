import { Actor, ActorConfigError, type Addr } from '@troupe/core';
import { ActorDefinition, cellOf } from '@troupe/core/internal';
import type { NodeRuntime } from '../internal/node';
import { Region } from '../internal/sharding/region';
import { runtimeOf, type Remote } from '../remote';
import { entityClassOf, entitySpecOf, knownEntityTypes } from './entity';
import type { EntityAddr } from './entity-addr';

/** Options of {@link Sharding.entity}. */
export interface EntityTypeOptions {
  /** Whether this node runs entities of the type (default), or only sends to them (`false`). */
  host?: boolean;
}

/**
 * One entity type as a node sees it: `get(id)` gives the address of any entity of the type.
 *
 * @example
 * ```ts
 * const accounts = Sharding.of(node).entity(Account);
 * await accounts.get('acc-42').send(new Deposit(5));
 * ```
 */
export class Entities<A> {
  /** @internal */
  constructor(private readonly region: Region) {}

  /** The entity type's name (`@Entity(type)`). */
  get type(): string {
    return this.region.type;
  }

  /** How many shards the ids hash to. */
  get shards(): number {
    return this.region.shards;
  }

  /**
   * Resolves once this node has joined the type's shards (mirrored the store and registered its
   * region); rejects when it could not (for instance, another node uses a different shard count).
   * Messages sent before wait; there is no need to await it before sending.
   */
  get ready(): Promise<void> {
    return this.region.ready;
  }

  /**
   * The address of entity `id`, at once and without a network round trip; valid forever. Throws
   * `ActorConfigError` for an id that is not a non-empty string.
   */
  get(id: string): EntityAddr<A> {
    if (typeof id !== 'string' || id.length === 0) {
      throw new ActorConfigError(`entity "${this.region.type}": an id must be a non-empty string, got ${describe(id)}`);
    }
    return this.region.addrOf(id) as EntityAddr<A>;
  }

  /** The shard an id hashes to (the same on every node). */
  shardOf(id: string): number {
    return this.region.shardOf(id);
  }

  /** The ids of the entities active on this node now. */
  activeIds(): string[] {
    return this.region.activeIds();
  }

  /** The shards this node owns now. */
  ownedShards(): number[] {
    return this.region.ownedShards();
  }

  /** The owner of every shard (its node's name, or undefined), as this node's mirror of the store has it. */
  shardOwners(): (string | undefined)[] {
    return this.region.owners();
  }
}

/** The actor that a node's sharding lives under (`/user/troupe:sharding`): its stop hands the shards over. */
@Actor({ shutdownMs: Infinity })
class ShardingHost {
  constructor(private readonly handOver: () => Promise<void>) {}

  async stopping(): Promise<void> {
    await this.handOver();
  }
}

const shardings = new WeakMap<NodeRuntime, Sharding>();

/**
 * Sharded entities (virtual actors) on a node: actors addressed by a business id from any node,
 * activated on demand on the node that owns their shard, passivated when idle, and moved when nodes
 * join and leave. Akka Cluster Sharding's model, on the cluster's NATS and key-value store.
 *
 * **Lifecycle.** `Sharding.of(node)` is this node's (one per node). `entity(Class)` joins the type:
 * from then on the node hosts a fair share of its shards and can address any of its entities; it
 * takes its share from the others as it joins. `node.stop()` (or the system's shutdown, or
 * `sharding.stop()`) hands every shard over before the node leaves: entities stop (their `stopped`
 * hooks run), each shard's record names its new owner, and the messages that came meanwhile follow
 * it; none is lost or handled twice. When a node is lost, its shards are taken over once the failure
 * detector has declared it down; messages it had accepted may be lost.
 *
 * `node.events` reports each change of owner as `shard:moved` (`{ type, shard, from, to, reason }`).
 *
 * @example
 * ```ts
 * @Actor() @Entity('account', { passivateAfterMs: 60_000 })
 * class Account { constructor(readonly id: string) {} ... }
 *
 * const accounts = Sharding.of(node).entity(Account);     // on every node that hosts accounts
 * await accounts.get('acc-42').send(new Deposit(5));      // activated on demand, wherever it lives
 * ```
 */
export class Sharding {
  private readonly regions = new Map<string, { readonly region: Region; readonly face: Entities<unknown>; readonly cls: Function; readonly host: boolean }>();
  private readonly host: Addr<ShardingHost>;

  private constructor(private readonly runtime: NodeRuntime) {
    this.host = runtime.system.spawn(ShardingHost, { name: 'troupe:sharding', args: [() => this.handOver()] });
    const removeHook = runtime.beforeLeave(() => this.host.stop());
    void this.host.stopped.then(() => {
      removeHook();
      shardings.delete(runtime);
      for (const { region } of this.regions.values()) region.stop();
    });
  }

  /** The sharding of a node (made on first use). */
  static of(node: Remote): Sharding {
    const runtime = runtimeOf(node);
    if (runtime === undefined) throw new ActorConfigError('Sharding.of: expected a node, as Remote.start resolves with');
    if (runtime.isLeaving) throw new ActorConfigError(`Sharding.of: node ${runtime.name} has left the cluster`);
    let sharding = shardings.get(runtime);
    if (sharding === undefined) shardings.set(runtime, (sharding = new Sharding(runtime)));
    return sharding;
  }

  /**
   * Joins an entity type on this node and returns its entities: by its class (decorated `@Entity` and
   * `@Actor`), to host them, or with `{ host: false }` only to send to them; or by its type name, only
   * to send (the class must be loaded in this process, for its options). Calling it again for a type
   * returns the same object (by type name: whether or not it hosts). Throws `ActorConfigError` for a class without `@Entity`, a type name no
   * loaded class declares, or a type joined before with another class or `host` setting.
   */
  entity<A>(entityClass: new (id: string) => A, options?: EntityTypeOptions): Entities<A>;
  entity<A = unknown>(type: string): Entities<A>;
  entity<A>(target: (new (id: string) => A) | string, options: EntityTypeOptions = {}): Entities<A> {
    if (!this.host.isAlive) throw new ActorConfigError(`Sharding.entity: the sharding of node ${this.runtime.name} has stopped`);
    let cls: Function | undefined;
    let host: boolean;
    if (typeof target === 'string') {
      cls = entityClassOf(target);
      if (cls === undefined) {
        const known = knownEntityTypes();
        throw new ActorConfigError(
          `Sharding.entity: unknown entity type "${target}": no class decorated @Entity('${target}') is loaded in this process ` +
            `(known: ${known.length > 0 ? known.join(', ') : 'none'}). Import the module that declares it.`,
        );
      }
      host = false;
    } else {
      cls = target;
      if (options === null || typeof options !== 'object') throw new ActorConfigError('Sharding.entity: options must be an object');
      host = options.host ?? true;
      if (typeof host !== 'boolean') throw new ActorConfigError(`Sharding.entity: options.host must be a boolean, got ${String(host)}`);
    }
    const spec = entitySpecOf(cls);
    if (spec === undefined) {
      const name = typeof cls === 'function' && cls.name ? cls.name : String(cls);
      throw new ActorConfigError(`Sharding.entity: ${name} is not an entity type. Decorate it with @Entity('type') (and @Actor()).`);
    }
    ActorDefinition.of(cls as never); // an @Actor class, or a clear error
    const known = this.regions.get(spec.type);
    if (known !== undefined) {
      if (known.cls !== cls || (known.host !== host && typeof target !== 'string')) {
        throw new ActorConfigError(
          `Sharding.entity: entity type "${spec.type}" was joined on node ${this.runtime.name} already, ` +
            `${known.cls !== cls ? `with another class (${known.cls.name})` : `with host: ${String(known.host)}`}`,
        );
      }
      return known.face as Entities<A>;
    }
    const region = new Region(this.runtime, cellOf(this.host), { spec, entityClass: cls as new (id: string) => object, host });
    const face = new Entities<unknown>(region);
    this.regions.set(spec.type, { region, face, cls, host });
    return face as Entities<A>;
  }

  /** Hands this node's shards over and stops its entities (as `node.stop()` does first); the node stays. */
  stop(): Promise<void> {
    return this.host.stop();
  }

  private async handOver(): Promise<void> {
    await Promise.all([...this.regions.values()].map(({ region }) => region.leave()));
  }
}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : value === null ? 'null' : typeof value;
}
