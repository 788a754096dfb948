import { ActorStoppedError } from '../errors';
import type { ActorCell } from './cell';
import { Phase, Request } from './request';

type Resolve = () => void;

/**
 * Senders waiting for room in a full mailbox, served strictly in the order they arrived
 * (`tell`s and `send`s alike), so that one sender's messages keep their order. Stored as
 * (message, waiter) pairs in one array, the waiter being the `send`'s Request or the function
 * that resolves a waiting `tell`: no object per waiting tell beyond its promise.
 */
export class Waiters {
  private items: unknown[] = [];
  private head = 0;
  /** The message of the pair `take` removed last. */
  private message: unknown = undefined;

  get length(): number {
    return (this.items.length - this.head) >> 1;
  }

  waitTell(message: unknown): Promise<void> {
    return new Promise<void>((resolve) => {
      this.items.push(message, resolve);
    });
  }

  waitRequest(request: Request): void {
    this.items.push(request.message, request);
  }

  /** Moves the oldest waiter into the mailbox (a request that settled while waiting is dropped). */
  admitOne(cell: ActorCell): void {
    const waiter = this.take();
    const message = this.message;
    if (waiter instanceof Request) {
      if (waiter.phase === Phase.Waiting) cell.enqueue(message, waiter);
    } else {
      cell.enqueue(message, undefined);
      waiter();
    }
  }

  /** The actor is stopping: waiting requests reject, waiting tells settle and go to dead letters. */
  refuseAll(cell: ActorCell): void {
    while (this.length > 0) {
      const waiter = this.take();
      const message = this.message;
      if (waiter instanceof Request) {
        waiter.fail(new ActorStoppedError(cell.path, message, 'stopped before it accepted the request'));
      } else {
        cell.deadLetter(message, 'stopped');
        waiter();
      }
    }
  }

  /** Removes the oldest pair: returns its waiter and leaves its message in `message`. */
  private take(): Request | Resolve {
    const items = this.items;
    const head = this.head;
    this.message = items[head];
    const waiter = items[head + 1] as Request | Resolve;
    items[head] = items[head + 1] = undefined;
    const next = head + 2;
    if (next === items.length) {
      items.length = 0;
      this.head = 0;
    } else if (next > 2048 && next * 2 > items.length) {
      this.items = items.slice(next);
      this.head = 0;
    } else {
      this.head = next;
    }
    return waiter;
  }
}
