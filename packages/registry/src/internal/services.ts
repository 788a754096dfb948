import { ActorConfigError, type ActorArgs, type ActorClass, type ActorSystem, type Addr } from '@troupe/core';
import { describe } from './validate';

/** Options of `Registry.service`, used only when the service is (re)started. */
export interface ServiceOptions<C extends ActorClass = ActorClass> {
  /** Constructor arguments. Default none. */
  args?: ActorArgs<C>;
  /** Mailbox capacity. Default: the class's or the system's. */
  mailbox?: number;
}

/** Spawns a service under `/user/service:<ClassName>`, or a generated name if that one is taken. */
export function startService<C extends ActorClass>(system: ActorSystem, actorClass: C, options: ServiceOptions<C>): Addr<InstanceType<C>> {
  if (typeof actorClass !== 'function') {
    throw new ActorConfigError(`registry.service: expected an @Actor class, got ${describe(actorClass)}`);
  }
  const preferred = `service:${actorClass.name || 'anonymous'}`;
  const taken = system.actors.some((a) => a.name === preferred && a.isAlive);
  return system.spawn(actorClass, {
    ...(taken ? {} : { name: preferred }),
    ...(options.args !== undefined && { args: options.args }),
    ...(options.mailbox !== undefined && { mailbox: options.mailbox }),
  });
}
