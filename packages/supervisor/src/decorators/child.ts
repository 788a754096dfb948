import 'reflect-metadata';
import { ActorConfigError, type ActorClass, type Addr } from '@troupe/core';
import type { ChildOptions } from '../options';
import { checkChild, type ChildDeclaration } from '../internal/config';
import { installSupervisor } from '../internal/install';
import { CHILDREN } from '../internal/metadata-keys';

/**
 * Declares a child of a supervisor: started before the supervisor's `started`, in declaration
 * order, under the property's name unless `name` is given. The property receives the child's
 * address before the supervisor's `started` runs (not yet in its constructor); the address is the
 * same across the child's restarts. Only records metadata. A class with `@Child` and no
 * `@Supervise` supervises with the defaults. `args` may be a function of the supervisor's
 * instance, to pass its constructor arguments or an earlier child's address down.
 *
 * @example
 * ```ts
 * @Actor() @Supervise({ strategy: 'one-for-all' })
 * class Service {
 *   @Child(Cache) cache!: Addr<Cache>;
 *   @Child(Api, { args: (s: Service) => [s.port, s.cache], shutdownMs: 2000 }) api!: Addr<Api>;
 *   constructor(readonly port: number) {}
 * }
 * ```
 */
export function Child<C extends ActorClass>(actorClass: C, options?: NoInfer<ChildOptions<C>>) {
  return <K extends string | symbol>(target: { [P in K]?: Addr<InstanceType<C>> }, property: K): void => {
    const prototype = target as object;
    if (typeof prototype === 'function') {
      throw new ActorConfigError(`@Child on ${prototype.name}.${String(property)}: a child must be an instance property, not a static one`);
    }
    const owner = prototype.constructor;
    checkChild(actorClass, options, property, `@Child on ${owner.name}.${String(property)}`);
    const own = (Reflect.getOwnMetadata(CHILDREN, owner) as ChildDeclaration[] | undefined) ?? [];
    Reflect.defineMetadata(CHILDREN, [...own, { actor: actorClass, property, options }], owner);
    installSupervisor(owner);
  };
}
