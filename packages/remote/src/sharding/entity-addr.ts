import { Addr, InvalidMessageError, Message, type HandledBy } from '@troupe/core';
import { cellOf } from '@troupe/core/internal';
import type { EntityRefCell } from '../internal/sharding/cells';
import { Passivate } from '../internal/sharding/envelope';

const RESOLVED: Promise<void> = Promise.resolve();

/**
 * The address of a sharded entity (`Entities.get(id)`): an `Addr<A>` like any other, valid forever.
 * Its messages go to wherever the entity lives now, activating it on demand; while its shard moves
 * they wait, and are delivered once it is active again. Made at once, without a network round trip;
 * one object per id while anyone holds it, so `===` compares entities.
 *
 * What differs from an actor's address, because the entity is virtual:
 * - `tell` resolves once the entity's mailbox (on whichever node) has accepted the message; `send`
 *   waits for the reply with the usual `timeoutMs`.
 * - `trySend` returns a promise of the verdict (`MailboxFullError` when the entity's mailbox is
 *   full), which settles at once when the entity is active on this node. It still throws at once for
 *   a message that is not a `Message`.
 * - `stop()` passivates the entity (its current activation stops gracefully and its `stopped` hook
 *   runs); `kill()` kills its activation. The address stays valid: the next message activates the
 *   entity again. Both resolve when the activation has stopped (at once when there is none).
 * - `isAlive` is true, and `stopped` pending, until this node's sharding stops.
 * - `queued` is 0 (the mailbox may be on another node); `path` is `troupe://<cluster>/<type>/<id>`.
 */
export class EntityAddr<A = unknown> extends Addr<A> {
  /** The entity's id. */
  get entityId(): string {
    return refCell(this).id;
  }

  /** The shard the id hashes to. */
  get shard(): number {
    return refCell(this).shard;
  }

  /** Queues on the entity's mailbox now, or rejects with `MailboxFullError`; throws for a non-message. */
  override trySend<M extends HandledBy<A>>(message: M): Promise<void> {
    if (!(message instanceof Message)) throw new InvalidMessageError(message, this.path);
    return refCell(this).verdict(message) ?? RESOLVED;
  }

  /** Passivates the entity now (gracefully); resolves when its activation has stopped. The address stays valid. */
  override stop(): Promise<void> {
    return refCell(this).tell(new Passivate(false));
  }

  /** Kills the entity's activation now; resolves when it has stopped. The address stays valid. */
  override kill(): Promise<void> {
    return refCell(this).tell(new Passivate(true));
  }
}

function refCell(addr: EntityAddr<unknown>): EntityRefCell {
  return cellOf(addr) as unknown as EntityRefCell;
}
