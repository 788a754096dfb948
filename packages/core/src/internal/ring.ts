/** An entry that can leave a ring from the middle (a request): the ring keeps its index up to date. */
export interface Placed {
  slot: number;
}

/** Marks a pair that left from the middle; skipped by `shift`. */
const HOLE: object = Object.freeze({});
/** Rebuild the ring when holes are more than this many and more than half of it. */
const HOLES_MIN = 32;

/**
 * A growable FIFO ring of pairs, stored interleaved in one array so that a pair costs no
 * allocation. The second item of a pair may be a {@link Placed} object (a request): its `slot` is
 * its index while it is in the ring, so that `remove` takes it out at once, leaving a hole that
 * `shift` skips and a rebuild reclaims. Any other second item must not be an object (a function,
 * or undefined).
 */
/** The slots of an empty ring that holds no array (shared: a push replaces it before writing). */
const NO_SLOTS: unknown[] = [];
/** Pairs a ring's first array holds. */
const FIRST_PAIRS = 2;

export class PairRing {
  private slots: unknown[] = NO_SLOTS;
  private head = 0;
  private tail = 0;
  /** Pairs stored, holes included. */
  private stored = 0;
  private holes = 0;
  /** The second item of the pair `shift` returned last. */
  lastSecond: unknown = undefined;

  /** Pairs in the ring, holes not counted. */
  get length(): number {
    return this.stored - this.holes;
  }

  push(first: unknown, second: unknown): void {
    let slots = this.slots;
    if (this.stored << 1 === slots.length) slots = this.rebuild(true);
    const tail = this.tail;
    slots[tail] = first;
    slots[tail + 1] = second;
    if (typeof second === 'object' && second !== null) (second as Placed).slot = tail;
    this.tail = (tail + 2) & (slots.length - 1);
    this.stored++;
  }

  /** Removes the oldest pair: returns its first item and leaves its second in {@link lastSecond}. */
  shift(): unknown {
    const slots = this.slots;
    const mask = slots.length - 1;
    let head = this.head;
    let second = slots[head + 1];
    while (second === HOLE) {
      slots[head + 1] = undefined;
      head = (head + 2) & mask;
      this.stored--;
      this.holes--;
      second = slots[head + 1];
    }
    const first = slots[head];
    slots[head] = undefined;
    slots[head + 1] = undefined;
    this.head = (head + 2) & mask;
    this.stored--;
    if (typeof second === 'object' && second !== null) (second as Placed).slot = -1;
    this.lastSecond = second;
    return first;
  }

  /**
   * Lets go of an empty ring's array if it is the smallest one: an idle actor then holds no
   * array (a hundred bytes), and one that gets a message now and then allocates a small one.
   * A ring that grew keeps its array, so that a busy actor does not allocate on every run.
   */
  trim(): void {
    if (this.stored === 0 && this.slots.length === FIRST_PAIRS * 2) {
      this.slots = NO_SLOTS;
      this.head = this.tail = this.holes = 0;
    }
  }

  /**
   * Moves every pair of `other` before this ring's pairs, in `other`'s order, leaving `other`
   * empty (Akka's `unstashAll`). Costs the length of both.
   */
  prepend(other: PairRing): void {
    const merged = new PairRing();
    while (other.length > 0) merged.push(other.shift(), other.lastSecond);
    while (this.length > 0) merged.push(this.shift(), this.lastSecond);
    this.slots = merged.slots;
    this.head = merged.head;
    this.tail = merged.tail;
    this.stored = merged.stored;
    this.holes = 0;
  }

  /** Takes a placed pair out from wherever it is; its memory is released now. */
  remove(placed: Placed): void {
    const slot = placed.slot;
    if (slot < 0 || this.slots[slot + 1] !== placed) return;
    placed.slot = -1;
    this.slots[slot] = undefined;
    this.slots[slot + 1] = HOLE;
    this.holes++;
    if (this.holes === this.stored) this.clear();
    else if (this.holes > HOLES_MIN && this.holes * 2 > this.stored) this.rebuild(false);
  }

  /**
   * Empties a ring that holds only holes, keeping its array. Holes reference nothing, and no slot
   * outside `[head, tail)` is ever read, so the array need not be wiped (which would cost its whole
   * length each time a lone request leaves a ring that once grew large).
   */
  private clear(): void {
    this.head = this.tail = this.stored = this.holes = 0;
  }

  /** Copies the pairs, oldest first and without holes, into a new array (doubled when `grow`). */
  private rebuild(grow: boolean): unknown[] {
    const old = this.slots;
    const mask = old.length - 1;
    const live = this.stored - this.holes;
    let length = Math.max(FIRST_PAIRS * 2, grow && this.holes === 0 ? old.length * 2 : old.length);
    while (length < (live + 1) * 2) length *= 2;
    const next = new Array(length);
    let j = 0;
    for (let n = 0, i = this.head; n < this.stored; n++, i = (i + 2) & mask) {
      const second = old[i + 1];
      if (second === HOLE) continue;
      next[j] = old[i];
      next[j + 1] = second;
      if (typeof second === 'object' && second !== null) (second as Placed).slot = j;
      j += 2;
    }
    this.slots = next;
    this.head = 0;
    this.tail = j & (length - 1);
    this.stored = live;
    this.holes = 0;
    return next;
  }
}
