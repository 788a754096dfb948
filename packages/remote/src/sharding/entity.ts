import 'reflect-metadata';
import { ActorConfigError } from '@troupe/core';

/** Options of {@link Entity}. */
export interface EntityOptions {
  /**
   * Stop (passivate) an entity after this many ms without a message; its `stopped` hook runs and its
   * next message activates a fresh instance. Default 120 000 (two minutes, as Akka); `Infinity`: never.
   */
  passivateAfterMs?: number;
  /**
   * How many shards the ids of this type hash to. Fixed for the life of the cluster: every node must
   * use the same number (the store refuses a node that differs). A shard is the unit that moves
   * between nodes; about ten times the largest number of nodes is right. Default 100.
   */
  shards?: number;
}

/** An entity type as `@Entity` recorded it, options filled in. */
export interface EntitySpec {
  readonly type: string;
  readonly passivateAfterMs: number;
  readonly shards: number;
}

/** The metadata key of `@Entity` (prefixed `troupe:` like every Troupe key). */
export const ENTITY = 'troupe:entity';

const TYPE = /^[A-Za-z0-9_-]{1,64}$/;
const MAX_SHARDS = 10_000;
const classesByType = new Map<string, Function>();

/**
 * Makes an `@Actor` class a sharded entity type: a virtual actor addressed by a string id from any
 * node (`Sharding.of(node).entity(Class).get(id)`), activated on its first message with the id as
 * its constructor argument, passivated after `passivateAfterMs` without messages, and moved between
 * nodes as they join and leave. Only records metadata; `Sharding` reads it.
 *
 * `type` names the type across the cluster (letters, digits, `_`, `-`; at most 64): every node that
 * hosts or addresses it uses the same name, and the same options.
 *
 * @example
 * ```ts
 * @Actor() @Entity('account', { passivateAfterMs: 60_000 })
 * class Account {
 *   constructor(readonly id: string) {}
 *   @Handler(Deposit) deposit(m: Deposit): number { ... }
 * }
 * ```
 */
export function Entity(type: string, options: EntityOptions = {}): ClassDecorator {
  const where = `@Entity(${JSON.stringify(type)})`;
  if (typeof type !== 'string' || !TYPE.test(type)) {
    throw new ActorConfigError(`@Entity: the type must be 1-64 letters, digits, "_" or "-", got ${JSON.stringify(type)}`);
  }
  if (options === null || typeof options !== 'object') throw new ActorConfigError(`${where}: options must be an object`);
  const passivateAfterMs = options.passivateAfterMs ?? 120_000;
  if (typeof passivateAfterMs !== 'number' || Number.isNaN(passivateAfterMs) || passivateAfterMs < 1) {
    throw new ActorConfigError(`${where}: passivateAfterMs must be a number of ms >= 1 or Infinity, got ${String(passivateAfterMs)}`);
  }
  const shards = options.shards ?? 100;
  if (typeof shards !== 'number' || !Number.isInteger(shards) || shards < 1 || shards > MAX_SHARDS) {
    throw new ActorConfigError(`${where}: shards must be an integer from 1 to ${MAX_SHARDS}, got ${String(shards)}`);
  }
  const spec: EntitySpec = { type, passivateAfterMs, shards };
  return (target) => {
    Reflect.defineMetadata(ENTITY, spec, target);
    classesByType.set(type, target);
  };
}

/** The `@Entity` spec of a class (its own, not inherited), or undefined. */
export function entitySpecOf(cls: unknown): EntitySpec | undefined {
  return typeof cls === 'function' ? (Reflect.getOwnMetadata(ENTITY, cls) as EntitySpec | undefined) : undefined;
}

/** The class decorated `@Entity(type)` in this process (the last one, if several), if any. */
export function entityClassOf(type: string): Function | undefined {
  return classesByType.get(type);
}

/** The entity types whose classes are loaded in this process, for error messages. */
export function knownEntityTypes(): string[] {
  return [...classesByType.keys()].sort();
}
