import type { Request } from './request';

/**
 * A growable ring buffer of (message, request) pairs, stored interleaved in one array so that a
 * `tell` allocates nothing: the request slot is `undefined` for fire-and-forget messages.
 * Capacity (the bound) is enforced by the cell, not here: `doSend` may exceed it.
 */
export class Mailbox {
  private slots: unknown[] = new Array(4);
  private head = 0;
  private tail = 0;
  /** Entries stored, including requests that expired while queued. */
  size = 0;
  /** Entries that expired while queued: they still occupy a slot but no longer count. */
  expired = 0;
  /** The request paired with the message that `shift` returned last. */
  lastRequest: Request | undefined = undefined;

  /** Queued messages that still count against capacity. */
  get live(): number {
    return this.size - this.expired;
  }

  push(message: unknown, request: Request | undefined): void {
    let slots = this.slots;
    if (this.size << 1 === slots.length) slots = this.grow();
    const tail = this.tail;
    slots[tail] = message;
    slots[tail + 1] = request;
    this.tail = (tail + 2) & (slots.length - 1);
    this.size++;
  }

  /** Removes the oldest message; its request is left in {@link lastRequest}. */
  shift(): unknown {
    const slots = this.slots;
    const head = this.head;
    const message = slots[head];
    this.lastRequest = slots[head + 1] as Request | undefined;
    slots[head] = undefined;
    slots[head + 1] = undefined;
    this.head = (head + 2) & (slots.length - 1);
    this.size--;
    return message;
  }

  private grow(): unknown[] {
    const old = this.slots;
    const length = old.length;
    const next = new Array(length * 2);
    // Unroll the ring so that the oldest entry lands at index 0.
    for (let i = 0, j = this.head; i < length; i++, j = (j + 1) & (length - 1)) next[i] = old[j];
    this.head = 0;
    this.tail = length;
    this.slots = next;
    return next;
  }
}
