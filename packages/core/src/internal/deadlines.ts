import type { Clock, TimerId, Turn } from './clock';

/** Something that times out: a pending request, a bounded stop. */
export interface Timed {
  /** The turn it began in: its deadline is `turn.end + list.timeoutMs`. */
  turn: Turn | undefined;
  /** The queue it waits in; set by {@link Deadlines.add}. */
  list: DeadlineQueue | undefined;
  /** Still waiting: neither settled nor expired. */
  readonly pending: boolean;
  /** Its deadline passed while pending. Must settle it (so that `pending` turns false). */
  expire(): void;
}

/** What a timed entry tells when it settles before its deadline. */
export interface DeadlineQueue {
  readonly timeoutMs: number;
  settled(entry: Timed): void;
}

/** Idle queues (no pending entry) kept with their timers for reuse; beyond this, they go at once. */
const IDLE_KEPT = 8;
/** Compact a queue when this many settled entries sit behind a pending head... */
const COMPACT_MIN = 64;

/**
 * Every deadline of one system. Entries of one duration wait in one FIFO queue: made in order,
 * they are in deadline order, and they almost always settle in that order too, so a settle
 * usually just pops the head. One timer per queue (no timer per entry): armed for the head, never
 * cleared on the hot path, re-armed when it fires. Nothing is kept for a duration that has no
 * pending entry, beyond a few idle queues for reuse (a loop of requests with one timeout would
 * otherwise make a queue and a timer per request).
 *
 * A pending entry keeps the process alive (its timer is referenced); an idle queue's timer does
 * not. Entries without a deadline (`Infinity`) are counted, and one long timer keeps the process
 * alive while any is pending.
 */
export class Deadlines {
  private readonly queues = new Map<number, FifoDeadlines>();
  private idle = 0;
  /** The queue used last: most systems use one timeout for nearly every request. */
  private lastQueue: FifoDeadlines | undefined = undefined;
  private readonly unbounded: UnboundedQueue;

  constructor(readonly clock: Clock) {
    this.unbounded = new UnboundedQueue(clock);
  }

  /** Starts the entry's deadline, `timeoutMs` from the current turn. */
  add(entry: Timed, timeoutMs: number): void {
    if (timeoutMs === Infinity) return this.unbounded.add(entry);
    let queue = this.lastQueue;
    if (queue === undefined || queue.timeoutMs !== timeoutMs || queue.dropped) queue = this.queues.get(timeoutMs);
    if (queue === undefined) {
      queue = new FifoDeadlines(timeoutMs, this);
      this.queues.set(timeoutMs, queue);
    } else if (queue.isIdle) {
      this.idle--;
    }
    this.lastQueue = queue;
    entry.turn = this.clock.turn();
    queue.add(entry);
  }

  /** Durations with a queue now (pending or idle); for tests of what is retained. */
  get size(): number {
    return this.queues.size;
  }

  /** @internal A queue has no pending entry left. */
  becameIdle(queue: FifoDeadlines): void {
    if (++this.idle > IDLE_KEPT) this.drop(queue);
  }

  /** @internal An idle queue's timer fired with nothing to do: forget it. */
  drop(queue: FifoDeadlines): void {
    if (this.queues.get(queue.timeoutMs) !== queue) return;
    this.queues.delete(queue.timeoutMs);
    this.idle--;
    queue.disarm();
    queue.dropped = true;
  }
}

/** Pending entries without a deadline: only counted, to keep the process alive while any waits. */
class UnboundedQueue implements DeadlineQueue {
  readonly timeoutMs = Infinity;
  private pending = 0;
  private timer: TimerId | undefined = undefined;

  constructor(private readonly clock: Clock) {}

  add(entry: Timed): void {
    entry.list = this;
    if (this.pending++ === 0) this.timer = this.clock.setInterval(noop, 1 << 30);
  }

  settled(): void {
    if (--this.pending === 0) {
      this.clock.clearInterval(this.timer);
      this.timer = undefined;
    }
  }
}

/** The pending entries of one duration, oldest first, behind one timer. */
class FifoDeadlines implements DeadlineQueue {
  private items: (Timed | undefined)[] = [];
  private head = 0;
  private pending = 0;
  private timer: TimerId | undefined = undefined;
  private timerHeld = false;
  private releaseQueued = false;
  /** Forgotten by its owner (a new queue serves its duration from now on). */
  dropped = false;
  private readonly fire = (): void => this.expire();
  /**
   * An idle queue's timer stops keeping the process alive at the end of the turn, not at once: a
   * loop of requests would otherwise toggle it for every request.
   */
  private readonly releaseIfIdle = (): void => {
    this.releaseQueued = false;
    if (this.pending === 0) this.hold(false);
  };

  constructor(
    readonly timeoutMs: number,
    private readonly owner: Deadlines,
  ) {}

  get isIdle(): boolean {
    return this.pending === 0;
  }

  add(entry: Timed): void {
    entry.list = this;
    this.items.push(entry);
    this.pending++;
    if (this.timer === undefined) this.arm(entry);
    else if (!this.timerHeld) this.hold(true);
  }

  settled(entry: Timed): void {
    this.pending--;
    if (this.items[this.head] === entry || this.pending === 0) this.popSettled();
    else if (this.items.length - this.head > COMPACT_MIN && this.pending * 4 < this.items.length - this.head) this.compact();
    if (this.pending === 0) {
      if (!this.releaseQueued && this.timer !== undefined) {
        this.releaseQueued = true;
        this.owner.clock.afterTurn(this.releaseIfIdle);
      }
      this.owner.becameIdle(this);
    }
  }

  disarm(): void {
    if (this.timer !== undefined) this.owner.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private hold(on: boolean): void {
    this.timerHeld = on;
    if (this.timer !== undefined) this.owner.clock.keepAlive(this.timer, on);
  }

  private popSettled(): void {
    const items = this.items;
    let head = this.head;
    while (head < items.length && !items[head]!.pending) items[head++] = undefined;
    // The array is kept even when empty (a new one would be allocated by the next push); it is
    // replaced once 1,024 slots are consumed.
    if (head > 1024 && head * 2 > items.length) {
      this.items = items.slice(head);
      this.head = 0;
    } else {
      this.head = head;
    }
  }

  private compact(): void {
    const live: Timed[] = [];
    for (let i = this.head; i < this.items.length; i++) {
      const entry = this.items[i]!;
      if (entry.pending) live.push(entry);
    }
    this.items = live;
    this.head = 0;
  }

  private arm(head: Timed): void {
    const clock = this.owner.clock;
    const now = clock.now();
    // A head whose turn is still running has no reading yet: its deadline is at least now + timeout.
    const end = head.turn!.end;
    const deadline = (end === Infinity ? now : end) + this.timeoutMs;
    this.timer = clock.setTimeout(this.fire, Math.max(0, deadline - now));
    this.timerHeld = true;
  }

  private expire(): void {
    this.timer = undefined;
    if (this.pending === 0) return this.owner.drop(this);
    const now = this.owner.clock.now();
    while (this.head < this.items.length) {
      const entry = this.items[this.head]!;
      if (!entry.pending) {
        this.popSettled();
        continue;
      }
      const turn = entry.turn!;
      if (turn.end === Infinity) turn.end = now; // its turn has not closed yet: now is no earlier than it
      if (turn.end + this.timeoutMs > now) return this.arm(entry);
      entry.expire(); // settles it, which pops it (or empties the queue)
      if (this.pending === 0) return;
    }
  }
}

function noop(): void {}
