import { ActorError } from '@troupe/core';

/**
 * A name is already held by another live actor (Erlang's `register/2` badarg, Akka's
 * `InvalidActorNameException`). `.registeredName` is the name asked for; `.holder` and `.actor`
 * are the path of the actor that holds it.
 *
 * @example
 * ```ts
 * try { registry.register('audit', second); }
 * catch (e) { if (e instanceof NameTakenError) console.log(e.holder); }   // "/user/first"
 * ```
 */
export class NameTakenError extends ActorError {
  constructor(
    readonly registeredName: string,
    readonly holder: string,
  ) {
    super(
      `the name "${registeredName}" is already registered to ${holder}. ` +
        'A name belongs to one live actor: unregister it or stop that actor first, or choose another name.',
      holder,
    );
  }
}

/**
 * A router found no live member in its group to deliver to. The message was not sent; it is on
 * `.sentMessage`. A router over a group with no members yet is allowed: it raises this error until
 * members arrive.
 */
export class NoRouteeError extends ActorError {
  constructor(
    readonly group: string,
    readonly strategy: string,
    readonly sentMessage?: unknown,
  ) {
    super(
      `no live member in group "${group}" to route to (${strategy} router). ` +
        `Members join with @Registered({ group: '${group}' }) or registry.join('${group}', addr); ` +
        'they leave when they stop.',
    );
  }
}
