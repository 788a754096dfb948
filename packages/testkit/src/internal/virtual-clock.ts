import { Turn, type Clock, type TimerId } from '@troupe/core/internal';

const resolved = Promise.resolve();

/** A timer of a {@link VirtualClock}: due at a virtual time, repeating every `period` ms if above 0. */
class VirtualTimer {
  cancelled = false;
  constructor(
    public due: number,
    /** Creation order: timers due at the same time fire in the order they were made. */
    public seq: number,
    readonly fn: () => void,
    readonly period: number,
  ) {}
}

function earlier(a: VirtualTimer, b: VirtualTimer): boolean {
  return a.due < b.due || (a.due === b.due && a.seq < b.seq);
}

/**
 * Time that moves only when told: a heap of timers ordered by due time, then by creation. Every
 * timed thing of a system built on it (`runLater`, `runInterval`, `notifyLater`, `send` timeouts,
 * `shutdownMs` bounds, restart backoff, restart windows) reads this clock and nothing else, so a
 * test of an hour-long timeout fires it by calling {@link fireNext} once.
 *
 * The clock never fires a timer by itself; its owner (the test kit) pops due timers one at a time
 * and lets the system run after each. {@link onDue} tells the owner that a timer was set that is
 * due already (a 0 ms `runLater`), so that it can fire it without waiting for time to move.
 */
export class VirtualClock implements Clock {
  private time: number;
  private readonly heap: VirtualTimer[] = [];
  private live = 0;
  private seq = 0;
  private turnAt = Number.NaN;
  private currentTurn = new Turn();
  /** Called when a timer is set that is due now or earlier. */
  onDue: (() => void) | undefined = undefined;

  constructor(start = 0) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimeout(fn: () => void, ms: number): TimerId {
    return this.add(fn, ms, 0);
  }

  clearTimeout(id: TimerId): void {
    this.cancel(id);
  }

  setInterval(fn: () => void, ms: number): TimerId {
    return this.add(fn, ms, Math.max(1, ms));
  }

  clearInterval(id: TimerId): void {
    this.cancel(id);
  }

  /** Virtual timers never hold the process: nothing to do. */
  keepAlive(): void {}

  /** Every request of one virtual instant shares one turn, which ends at that instant. */
  turn(): Turn {
    if (this.turnAt !== this.time) {
      this.currentTurn = new Turn();
      this.currentTurn.end = this.time;
      this.turnAt = this.time;
    }
    return this.currentTurn;
  }

  /** The end of a virtual "turn" is the end of the current microtask queue. */
  afterTurn(fn: () => void): void {
    void resolved.then(fn);
  }

  /** Timers set and neither fired (for one-shot ones) nor cleared. */
  get pending(): number {
    return this.live;
  }

  /** When the next timer is due, or undefined when none is pending. */
  nextDue(): number | undefined {
    this.dropCancelled();
    return this.heap.length === 0 ? undefined : this.heap[0].due;
  }

  /**
   * Moves time to the earliest pending timer (never backwards) and fires it; an interval is set
   * again one period later. Returns false when no timer is pending.
   */
  fireNext(): boolean {
    this.dropCancelled();
    const timer = this.heap[0];
    if (timer === undefined) return false;
    this.pop();
    if (timer.due > this.time) this.time = timer.due;
    if (timer.period > 0) {
      timer.due += timer.period;
      timer.seq = this.seq++;
      this.push(timer);
    } else {
      timer.cancelled = true;
      this.live--;
    }
    timer.fn();
    return true;
  }

  /** Sets the time forward to `time` without firing anything (the caller fired what was due). */
  moveTo(time: number): void {
    if (time > this.time) this.time = time;
  }

  private add(fn: () => void, ms: number, period: number): VirtualTimer {
    const delay = typeof ms === 'number' && ms > 0 ? ms : 0;
    const timer = new VirtualTimer(this.time + delay, this.seq++, fn, period);
    this.live++;
    this.push(timer);
    if (delay === 0) this.onDue?.();
    return timer;
  }

  private cancel(id: TimerId): void {
    if (!(id instanceof VirtualTimer) || id.cancelled) return;
    id.cancelled = true;
    this.live--;
    // Left in the heap and skipped when it reaches the top; the heap is rebuilt when mostly dead.
    if (this.heap.length > 64 && this.live * 2 < this.heap.length) this.rebuild();
  }

  private dropCancelled(): void {
    while (this.heap.length > 0 && this.heap[0].cancelled) this.pop();
  }

  private rebuild(): void {
    const live = this.heap.filter((t) => !t.cancelled);
    this.heap.length = 0;
    for (const timer of live) this.push(timer);
  }

  private push(timer: VirtualTimer): void {
    const heap = this.heap;
    let i = heap.push(timer) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!earlier(heap[i], heap[parent])) break;
      [heap[i], heap[parent]] = [heap[parent], heap[i]];
      i = parent;
    }
  }

  private pop(): void {
    const heap = this.heap;
    const last = heap.pop()!;
    if (heap.length === 0) return;
    heap[0] = last;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let least = i;
      if (left < heap.length && earlier(heap[left], heap[least])) least = left;
      if (right < heap.length && earlier(heap[right], heap[least])) least = right;
      if (least === i) return;
      [heap[i], heap[least]] = [heap[least], heap[i]];
      i = least;
    }
  }
}
