/**
 * The mailbox ring: FIFO pairs, removal from the middle, and the empty ring that lets go of its
 * array (an idle actor holds none) and grows again from nothing.
 */
import { PairRing } from '../src/internal/ring';

/** The ring's array, read for the memory claims (an internal field). */
function slotsOf(ring: PairRing): unknown[] {
  return (ring as unknown as { slots: unknown[] }).slots;
}

function drain(ring: PairRing): unknown[] {
  const out: unknown[] = [];
  while (ring.length > 0) out.push(ring.shift());
  return out;
}

describe('PairRing', () => {
  it('keeps pairs in order across growth, and removes a placed pair from the middle', () => {
    const ring = new PairRing();
    const placed = { slot: -1 };
    for (let i = 0; i < 10; i++) ring.push(i, i === 4 ? placed : undefined);
    ring.remove(placed);
    expect(ring.length).toBe(9);
    expect(drain(ring)).toEqual([0, 1, 2, 3, 5, 6, 7, 8, 9]);
  });

  it('holds no array until the first push', () => {
    expect(slotsOf(new PairRing())).toHaveLength(0);
  });

  it('lets go of its smallest array when empty, and grows again from nothing', () => {
    const ring = new PairRing();
    ring.push('a', undefined);
    expect(drain(ring)).toEqual(['a']);
    ring.trim();
    expect(slotsOf(ring)).toHaveLength(0);
    for (let i = 0; i < 5; i++) ring.push(i, undefined);
    expect(drain(ring)).toEqual([0, 1, 2, 3, 4]);
  });

  it('keeps an array that grew, and never trims a ring that holds pairs', () => {
    const ring = new PairRing();
    ring.push('x', undefined);
    ring.trim(); // not empty: nothing happens
    expect(ring.length).toBe(1);
    for (let i = 0; i < 8; i++) ring.push(i, undefined);
    drain(ring);
    ring.trim(); // empty but grown: keeps its array
    expect(slotsOf(ring).length).toBeGreaterThan(4);
    ring.push('y', undefined);
    expect(drain(ring)).toEqual(['y']);
  });
});
