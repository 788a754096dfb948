import { Addr, InvalidMessageError, Message, type HandledBy } from '@troupe/core';
import { cellOf } from '@troupe/core/internal';
import type { RemoteCell } from './internal/proxy';

/**
 * The address of an actor on another node: an `Addr<A>` like any other (`tell`, `send`, `doSend`,
 * `watch`, registries and routers work unchanged), with its path `troupe://<cluster>@<node>/user/...`.
 * `Remote.lookup` and messages that carry addresses hand these out; there is one per remote actor,
 * so `===` compares remote actors as it does local ones.
 *
 * What differs, because the mailbox is on another machine:
 * - `tell` resolves once the **remote** mailbox has accepted the message (backpressure crosses
 *   the wire); `send` waits for the reply with the usual `timeoutMs`.
 * - `trySend` returns a promise of the remote mailbox's verdict: it rejects with `MailboxFullError`
 *   when that mailbox is full. It still throws at once for a message that is not a `Message`.
 *   `await addr.trySend(m)` inside `try` handles local and remote addresses alike.
 * - `stop()` and `kill()` stop the remote actor; they resolve when its node reports it stopped (or
 *   is lost).
 * - `queued` is the number of this node's messages to it that its mailbox has not yet answered.
 */
export class RemoteAddr<A = unknown> extends Addr<A> {
  /** The name of the node the actor lives on. */
  get node(): string {
    return remoteCell(this).peer.name;
  }

  /** Queues on the remote mailbox now, or rejects with `MailboxFullError`; throws for a non-message. */
  override trySend<M extends HandledBy<A>>(message: M): Promise<void> {
    const cell = remoteCell(this);
    if (!(message instanceof Message)) throw new InvalidMessageError(message, this.path);
    const frame = cell.out.prepare(cell, message, 3);
    return cell.out.await(cell, message, frame);
  }

  /** Stops the remote actor gracefully; resolves when it has stopped. */
  override stop(): Promise<void> {
    const cell = remoteCell(this);
    return cell.out.control(cell, 'stop');
  }

  /** Kills the remote actor; resolves when it has stopped. */
  override kill(): Promise<void> {
    const cell = remoteCell(this);
    return cell.out.control(cell, 'kill');
  }
}

/** Whether an address is another node's actor. */
export function isRemote(addr: unknown): addr is RemoteAddr<unknown> {
  return addr instanceof RemoteAddr;
}

function remoteCell(addr: RemoteAddr<unknown>): RemoteCell {
  return cellOf(addr) as unknown as RemoteCell;
}
