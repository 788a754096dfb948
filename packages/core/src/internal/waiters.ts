import { ActorStoppedError } from '../errors';
import type { ActorCell } from './cell';
import { Phase, Request } from './request';

/** A `tell` waiting for room: the message and the function that resolves the caller's promise. */
class WaitingTell {
  resolve!: () => void;
  readonly promise: Promise<void>;
  constructor(readonly message: unknown) {
    this.promise = new Promise<void>((resolve) => (this.resolve = resolve));
  }
}

/**
 * Senders waiting for room in a full mailbox, served strictly in the order they arrived
 * (`tell`s and `send`s alike), so that one sender's messages keep their order.
 */
export class Waiters {
  private items: (WaitingTell | Request)[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  waitTell(message: unknown): Promise<void> {
    const waiter = new WaitingTell(message);
    this.items.push(waiter);
    return waiter.promise;
  }

  waitRequest(request: Request): void {
    this.items.push(request);
  }

  /** Moves the oldest waiter into the mailbox (a request that settled while waiting is dropped). */
  admitOne(cell: ActorCell): void {
    const item = this.take();
    if (item instanceof Request) {
      if (item.phase === Phase.Waiting) cell.enqueue(item.message, item);
    } else {
      cell.enqueue(item.message, undefined);
      item.resolve();
    }
  }

  /** The actor is stopping: waiting requests reject, waiting tells settle and go to dead letters. */
  refuseAll(cell: ActorCell): void {
    while (this.length > 0) {
      const item = this.take();
      if (item instanceof Request) {
        item.fail(new ActorStoppedError(cell.path, item.message, 'stopped before it accepted the request'));
      } else {
        cell.deadLetter(item.message, 'stopped');
        item.resolve();
      }
    }
  }

  private take(): WaitingTell | Request {
    const item = this.items[this.head];
    this.items[this.head++] = undefined as unknown as Request;
    if (this.head === this.items.length) {
      this.items.length = 0;
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }
}
