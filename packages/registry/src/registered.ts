import { ActorConfigError } from '@troupe/core';
import { EXTENSIONS, type ActorExtension } from '@troupe/core/internal';
import { REGISTRATIONS } from './metadata-keys';
import { registryExtension, type Registration } from './internal/extension';
import { checkKey, describe } from './internal/validate';

/** Options of {@link Registered}: a name, a group, or both. */
export interface RegisteredOptions {
  /** A name unique among the system's live actors, for `registry.lookup(name)`. */
  readonly name?: string;
  /** A group to join, for `registry.members(group)`, `subscribe` and routers. */
  readonly group?: string;
}

/**
 * Registers every actor of the class in its system's {@link Registry} under a name, in a group,
 * or both. Decorators may be stacked (`@Registered('audit') @Registered({ group: 'loggers' })`) and
 * sit in any order with `@Actor`, `@Supervise` and friends: they only record metadata.
 *
 * The actor is registered when it is spawned, before `spawn` returns; if the name is held by
 * another live actor, `spawn` throws {@link NameTakenError} and the actor is not started. Names and
 * groups survive restarts and are given up when the actor stops or is killed.
 *
 * @example
 * ```ts
 * @Actor() @Registered('counter') class Counter { ... }
 * @Actor() @Registered({ group: 'workers' }) class Worker { ... }
 * @Actor() @Registered({ name: 'primary', group: 'replicas' }) class Replica { ... }
 *
 * system.spawn(Counter);
 * Registry.of(system).lookup<Counter>('counter');   // Addr<Counter>
 * ```
 *
 * @throws ActorConfigError at decoration time for an empty or non-string name or group, or options
 *   with neither.
 */
export function Registered(nameOrOptions: string | RegisteredOptions): ClassDecorator {
  const registration = toRegistration(nameOrOptions);
  return (target) => {
    append(REGISTRATIONS, registration, target);
    const extensions = (Reflect.getMetadata(EXTENSIONS, target) as ActorExtension[] | undefined) ?? [];
    if (!extensions.includes(registryExtension)) append(EXTENSIONS, registryExtension, target);
  };
}

function toRegistration(value: string | RegisteredOptions): Registration {
  const where = '@Registered';
  if (typeof value === 'string') return { name: checkKey(value, 'name', where) };
  if (value === null || typeof value !== 'object') {
    throw new ActorConfigError(`${where}: expected a name or { name?, group? }, got ${describe(value)}`);
  }
  if (value.name === undefined && value.group === undefined) {
    throw new ActorConfigError(`${where}: give a name, a group, or both: @Registered('name') or @Registered({ group: 'workers' })`);
  }
  return {
    ...(value.name !== undefined && { name: checkKey(value.name, 'name', where) }),
    ...(value.group !== undefined && { group: checkKey(value.group, 'group', where) }),
  };
}

/** Appends to a metadata list: to the class's own list, or to a copy of the inherited one. */
function append(key: string, item: unknown, target: object): void {
  const own = Reflect.getOwnMetadata(key, target) as unknown[] | undefined;
  if (own !== undefined) {
    own.push(item);
    return;
  }
  const inherited = (Reflect.getMetadata(key, target) as unknown[] | undefined) ?? [];
  Reflect.defineMetadata(key, [...inherited, item], target);
}
