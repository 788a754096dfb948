import { ActorError } from '@troupe/core';

/**
 * A node of the cluster is down: it was unheard for three heartbeats, it stopped (and said so), or
 * it restarted. Pending `send`s and `tell`s to its actors reject with it at once, and watchers of
 * its actors get `Terminated` with it as `cause`. A message in flight when the node went down may
 * or may not have been handled (delivery across a node loss is at most once).
 *
 * `.node` is the node's name, `.reason` why it is considered down, `.actor` the remote path
 * addressed, where there is one.
 */
export class NodeDownError extends ActorError {
  constructor(
    readonly node: string,
    readonly reason: string,
    actor?: string,
  ) {
    super(
      `node "${node}" is down (${reason})${actor ? `, so ${actor} cannot be reached` : ''}. ` +
        'A message in flight to it may or may not have been handled; look the actor up again once the node is back.',
      actor,
    );
  }
}

/**
 * An error thrown on another node whose class this node does not know (give the class `@Wire(name)`
 * and load it on both nodes to keep it). `.originalName` and `.message` are the original's,
 * `.actor` the remote path of the actor that threw, `.remoteStack` the original stack.
 */
export class RemoteError extends ActorError {
  constructor(
    readonly originalName: string,
    readonly originalMessage: string,
    actor?: string,
    readonly remoteStack?: string,
  ) {
    super(`${originalName}: ${originalMessage}${actor ? ` (thrown by ${actor})` : ''}`, actor);
  }
}

/**
 * This node is not connected to NATS (it is reconnecting, or it has stopped): the message was not
 * sent. Requests and tells in flight when the connection dropped reject with it too; they may or
 * may not have been handled.
 */
export class DisconnectedError extends ActorError {
  constructor(
    readonly node: string,
    detail: string,
    actor?: string,
  ) {
    super(`node "${node}" ${detail}${actor ? ` (sending to ${actor})` : ''}.`, actor);
  }
}

/**
 * A message to a sharded entity waited longer than the system's `askTimeoutMs` for a node to own the
 * entity's shard (no node hosts the type, or its owner is lost and not yet replaced), or the
 * sharding of this node stopped while it waited. The message was not delivered. (A `send` rejects
 * with `TimeoutError` at its own deadline instead.)
 *
 * `.entityType`, `.entityId` and `.shard` name the entity; `.actor` is its address's path.
 */
export class EntityUnavailableError extends ActorError {
  constructor(
    readonly entityType: string,
    readonly entityId: string,
    readonly shard: number,
    detail: string,
    actor?: string,
  ) {
    super(`entity ${entityType} "${entityId}" (shard ${shard}) ${detail}; the message was not delivered.`, actor);
  }
}
