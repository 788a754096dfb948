import { Message, Wire } from '@troupe/core';

/**
 * A message to an entity, crossing to the node its sender believes owns the entity's shard: the
 * entity's id, the message itself (a `@Wire` class), and the revision of the owner record the
 * sender routed by. It travels with the caller's own verb (`tell`, `send`, `trySend`, `doSend`).
 */
@Wire('troupe.sharding.Envelope')
export class Envelope extends Message<unknown> {
  constructor(
    readonly id: string,
    readonly message: Message<unknown>,
    readonly revision: number,
  ) {
    super();
  }
}

/**
 * Sent by a node that leaves to every other node of the type: answered once the receiver's mirror of
 * the store has reached `revision` (the leaving node has handed its shards over by then). Frames from
 * one node to another arrive in order, so when the answer is in, every message the receiver routed
 * to the leaving node before it knew has arrived there too, and the leaving node can forward it on.
 */
@Wire('troupe.sharding.Barrier')
export class Barrier extends Message<number> {
  constructor(readonly revision: number) {
    super();
  }
}

/**
 * `stop()` or `kill()` of an entity's address: passivates (or kills) its activation, wherever it
 * is; the next message activates it again. Routed like any message to the entity.
 */
@Wire('troupe.sharding.Passivate')
export class Passivate extends Message<void> {
  constructor(readonly kill: boolean) {
    super();
  }
}
