/**
 * "raw": the smallest honest actor, standing for what one V8 core can do. A ring-buffer mailbox
 * drained in a loop scheduled with `queueMicrotask`; promise-based `ask`; a bounded `tell` whose
 * senders wait, in FIFO order, while the mailbox is full; an unbounded `doSend`. Nothing else: no
 * dispatch by class, no supervision, no timeouts, no lifecycle.
 */

type Resolve = (value: unknown) => void;
type Reject = (error: unknown) => void;

const RESOLVED: Promise<void> = Promise.resolve();

export abstract class RawActor<M, R = unknown> {
  /** (message, resolve, reject) triples; resolve/reject are undefined for fire-and-forget. */
  private ring: unknown[] = new Array(12);
  private head = 0;
  private tail = 0;
  /** Messages queued. */
  queued = 0;
  private scheduled = false;
  /** Senders waiting for room: (message, resolve, reject) triples, oldest first; reject undefined for a tell. */
  private waiting: unknown[] | undefined = undefined;
  private waitHead = 0;
  /** Fire-and-forget messages whose handler threw. */
  failures = 0;

  constructor(readonly capacity = 1000) {}

  /** The actor's behaviour: handles one message, returns the reply. */
  protected abstract handle(message: M): R;

  /** Queues now, ignoring capacity. */
  doSend(message: M): void {
    this.push(message, undefined, undefined);
  }

  /** Queues, or waits (FIFO) while the mailbox is full. Resolves once queued. */
  tell(message: M): Promise<void> {
    if (this.queued < this.capacity && this.waiting === undefined) {
      this.push(message, undefined, undefined);
      return RESOLVED;
    }
    return new Promise<void>((resolve) => this.park(message, resolve as Resolve, undefined));
  }

  /** Request–reply: resolves with the handler's return value or rejects with what it threw. */
  ask(message: M): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      if (this.queued < this.capacity && this.waiting === undefined) this.push(message, resolve as Resolve, reject);
      else this.park(message, resolve as Resolve, reject);
    });
  }

  private push(message: M, resolve: Resolve | undefined, reject: Reject | undefined): void {
    let ring = this.ring;
    if (this.queued * 3 === ring.length) ring = this.grow();
    let tail = this.tail;
    ring[tail] = message;
    ring[tail + 1] = resolve;
    ring[tail + 2] = reject;
    tail += 3;
    this.tail = tail === ring.length ? 0 : tail;
    this.queued++;
    if (!this.scheduled) {
      this.scheduled = true;
      queueMicrotask(() => this.drain());
    }
  }

  private grow(): unknown[] {
    const old = this.ring;
    const next = new Array(old.length * 2);
    for (let i = 0, j = this.head; i < old.length; i++, j = j + 1 === old.length ? 0 : j + 1) next[i] = old[j];
    this.head = 0;
    this.tail = old.length;
    return (this.ring = next);
  }

  private park(message: M, resolve: Resolve, reject: Reject | undefined): void {
    (this.waiting ??= []).push(message, resolve, reject);
  }

  /** Moves the oldest waiting sender into the mailbox. */
  private admit(): void {
    const waiting = this.waiting!;
    const h = this.waitHead;
    const message = waiting[h] as M;
    const resolve = waiting[h + 1] as Resolve;
    const reject = waiting[h + 2] as Reject | undefined;
    if (h + 3 === waiting.length) {
      this.waiting = undefined;
      this.waitHead = 0;
    } else if (h > 3072 && h * 2 > waiting.length) {
      this.waiting = waiting.slice(h + 3);
      this.waitHead = 0;
    } else {
      waiting[h] = waiting[h + 1] = waiting[h + 2] = undefined;
      this.waitHead = h + 3;
    }
    if (reject === undefined) {
      this.push(message, undefined, undefined);
      resolve(undefined);
    } else {
      this.push(message, resolve, reject);
    }
  }

  private drain(): void {
    while (this.queued > 0) {
      const slots = this.ring;
      const head = this.head;
      const message = slots[head] as M;
      const resolve = slots[head + 1] as Resolve | undefined;
      const reject = slots[head + 2] as Reject | undefined;
      slots[head] = slots[head + 1] = slots[head + 2] = undefined;
      this.head = head + 3 === slots.length ? 0 : head + 3;
      this.queued--;
      if (this.waiting !== undefined) this.admit();
      let result: R;
      try {
        result = this.handle(message);
      } catch (error) {
        if (reject !== undefined) reject(error);
        else this.failures++;
        continue;
      }
      if (resolve !== undefined) resolve(result);
    }
    this.scheduled = false;
  }
}
