import type { ActorRef, Recipient } from './address';
import { ActorConfigError, InvalidMessageError } from './errors';
import { Lagged } from './lagged';
import { Message } from './message';

/** An actor address or recipient that takes the topic's messages (and `Lagged`). */
export type Subscriber<M extends Message<unknown>> = ActorRef | Recipient<M>;

/** Options of {@link Topic}. */
export interface TopicOptions {
  /** How many messages each subscriber may fall behind before it loses the oldest. Default 1024. */
  capacity?: number;
}

/**
 * Broadcast to many subscribers without ever blocking the publisher (tokio's `broadcast`).
 * The topic keeps the last `capacity` messages in one ring; each subscriber has a cursor into
 * it. A subscriber whose actor's mailbox is full waits (the topic delivers to it as room
 * appears); one that falls more than `capacity` behind loses the oldest messages and then
 * receives one {@link Lagged} with the number skipped. Received plus skipped equals published.
 *
 * @example
 * ```ts
 * const topic = new Topic<ConfigChanged>({ capacity: 16 });
 * topic.subscribe(addr);
 * topic.publish(new ConfigChanged(cfg)); // returns the number of live subscribers reached
 * for await (const m of topic.stream()) { ... }
 * ```
 */
export class Topic<M extends Message<unknown>> {
  readonly capacity: number;
  private readonly ring: (M | undefined)[];
  /** Sequence number of the next message to publish: how many have been published. */
  private published = 0;
  private readonly subscribers = new Map<Subscriber<M>, Cursor<M>>();
  private readonly streams = new Set<TopicStream<M>>();
  private closed = false;

  constructor(options: TopicOptions = {}) {
    const capacity = options.capacity ?? 1024;
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new ActorConfigError(`Topic: capacity must be a positive integer, got ${String(capacity)}`);
    }
    this.capacity = capacity;
    this.ring = new Array(capacity);
  }

  /** Live subscribers (actors and streams). */
  get subscriberCount(): number {
    this.prune();
    return this.subscribers.size + this.streams.size;
  }

  /**
   * Delivers every message published from now on to `subscriber`, until `unsubscribe` or its
   * actor stops. Subscribing twice is one subscription. Returns a function that unsubscribes.
   */
  subscribe(subscriber: Subscriber<M>): () => void {
    if (this.closed) throw new ActorConfigError('Topic: subscribe after close');
    if (!this.subscribers.has(subscriber)) this.subscribers.set(subscriber, new Cursor(this, subscriber, this.published));
    return () => this.unsubscribe(subscriber);
  }

  unsubscribe(subscriber: Subscriber<M>): void {
    const cursor = this.subscribers.get(subscriber);
    if (cursor === undefined) return;
    cursor.active = false;
    this.subscribers.delete(subscriber);
  }

  /**
   * Publishes to every live subscriber. Never waits. Returns how many live subscribers it reached.
   * Throws `InvalidMessageError` for anything that is not a `Message`.
   */
  publish(message: M): number {
    if (!(message instanceof Message)) throw new InvalidMessageError(message, undefined, `Topic.publish: expected a Message, got ${typeof message}`);
    if (this.closed) return 0;
    this.ring[this.published % this.capacity] = message;
    this.published++;
    let reached = 0;
    for (const cursor of this.subscribers.values()) {
      if (!cursor.subscriber.isAlive) {
        this.unsubscribe(cursor.subscriber);
        continue;
      }
      reached++;
      cursor.pump();
    }
    for (const stream of this.streams) {
      reached++;
      stream.wake();
    }
    return reached;
  }

  /**
   * The topic as an async iterator of messages (and `Lagged` after a gap). It subscribes when
   * reading begins and leaves when the iterator is returned (`break` out of `for await`).
   */
  stream(): AsyncIterableIterator<M | Lagged> {
    return new TopicStream(this);
  }

  /** Ends every stream, drops every subscriber; later publishes reach no one. */
  close(): void {
    this.closed = true;
    for (const cursor of this.subscribers.values()) cursor.active = false;
    this.subscribers.clear();
    for (const stream of [...this.streams]) stream.end();
  }

  /** @internal The message with sequence number `seq`, or a `Lagged` if it was overwritten. */
  read(cursor: { next: number }): M | Lagged | undefined {
    if (cursor.next >= this.published) return undefined;
    const oldest = this.published - this.capacity;
    if (cursor.next < oldest) {
      const skipped = oldest - cursor.next;
      cursor.next = oldest;
      return new Lagged(skipped);
    }
    return this.ring[cursor.next++ % this.capacity];
  }

  /** @internal */
  get isClosed(): boolean {
    return this.closed;
  }

  /** @internal */
  get head(): number {
    return this.published;
  }

  /** @internal */
  attach(stream: TopicStream<M>): void {
    this.streams.add(stream);
  }

  /** @internal */
  detach(stream: TopicStream<M>): void {
    this.streams.delete(stream);
  }

  private prune(): void {
    for (const subscriber of this.subscribers.keys()) if (!subscriber.isAlive) this.unsubscribe(subscriber);
  }
}

/**
 * One actor subscriber's position in the ring, and the loop that delivers to it: synchronously
 * while its mailbox has room, awaiting `tell` (backpressure) when it does not.
 */
class Cursor<M extends Message<unknown>> {
  active = true;
  private pumping = false;

  constructor(
    private readonly topic: Topic<M>,
    readonly subscriber: Subscriber<M>,
    public next: number,
  ) {}

  pump(): void {
    if (this.pumping) return;
    const addr = 'addr' in this.subscriber ? this.subscriber.addr : this.subscriber;
    // Deliver synchronously while the mailbox has room: the common case costs no promise.
    while (this.active && addr.isAlive && !addr.cell.isFull()) {
      const message = this.topic.read(this);
      if (message === undefined) return;
      addr.cell.doSend(message);
    }
    if (this.active && addr.isAlive && this.next < this.topic.head) void this.drain(addr);
  }

  private async drain(addr: ActorRef): Promise<void> {
    this.pumping = true;
    try {
      while (this.active && addr.isAlive) {
        const message = this.topic.read(this);
        if (message === undefined) break;
        await addr.cell.tell(message);
      }
    } finally {
      this.pumping = false;
    }
    if (!addr.isAlive) this.topic.unsubscribe(this.subscriber);
  }
}

/** An async-iterator subscriber. Subscribes on the first `next()`, leaves on `return()`. */
class TopicStream<M extends Message<unknown>> implements AsyncIterableIterator<M | Lagged> {
  private started = false;
  private done = false;
  private waiting: ((result: IteratorResult<M | Lagged>) => void) | undefined;
  private readonly cursor = { next: 0 };

  constructor(private readonly topic: Topic<M>) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<M | Lagged>> {
    if (this.done || (this.topic.isClosed && !this.started)) return Promise.resolve(DONE);
    if (!this.started) {
      this.started = true;
      this.cursor.next = this.topic.head;
      this.topic.attach(this);
    }
    const message = this.topic.read(this.cursor);
    if (message !== undefined) return Promise.resolve({ value: message, done: false });
    return new Promise((resolve) => (this.waiting = resolve));
  }

  return(): Promise<IteratorResult<M | Lagged>> {
    this.end();
    return Promise.resolve(DONE);
  }

  /** @internal A message was published. */
  wake(): void {
    const waiting = this.waiting;
    if (waiting === undefined) return;
    const message = this.topic.read(this.cursor);
    if (message === undefined) return;
    this.waiting = undefined;
    waiting({ value: message, done: false });
  }

  /** @internal */
  end(): void {
    this.done = true;
    this.topic.detach(this);
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.(DONE);
  }
}

const DONE: IteratorResult<never> = { value: undefined, done: true };
