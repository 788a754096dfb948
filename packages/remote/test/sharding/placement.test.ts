import { allocate, shardOf } from '../../src/internal/sharding/placement';

describe('ids hash to shards', () => {
  test('stably: the same shard on every node, in every release (changing the hash would move every entity)', () => {
    expect([shardOf('acc-42', 100), shardOf('user-0', 100), shardOf('é', 100)]).toEqual([99, 77, 43]);
  });

  test('evenly: 10 000 ids over 100 shards, none far from 100', () => {
    const counts = new Array<number>(100).fill(0);
    for (let i = 0; i < 10_000; i++) counts[shardOf(`user-${i}`, 100)]++;
    expect(Math.min(...counts)).toBeGreaterThan(60);
    expect(Math.max(...counts)).toBeLessThan(140);
  });

  test('a non-ASCII id hashes its UTF-8 bytes', () => {
    expect(shardOf('Łódź', 1000)).toBe(shardOf('Łódź', 1000));
    expect(shardOf('Łódź', 1000)).not.toBe(shardOf('Lodz', 1000));
  });
});

describe('shards spread over the hosts', () => {
  const none = (n: number): undefined[] => new Array<undefined>(n).fill(undefined);
  const count = (owners: (string | undefined)[], host: string): number => owners.filter((o) => o === host).length;

  test('evenly from nothing: every host gets floor or ceil of its share', () => {
    const desired = allocate(100, none(100), ['c', 'a', 'b']);
    expect([count(desired, 'a'), count(desired, 'b'), count(desired, 'c')].sort()).toEqual([33, 33, 34]);
    expect(desired.every((o) => o !== undefined)).toBe(true);
  });

  test('no host, no owner', () => {
    expect(allocate(4, ['a', 'a', 'b', undefined], [])).toEqual(none(4));
  });

  test('a joining host takes its share and nothing else moves', () => {
    const before = allocate(100, none(100), ['a', 'b']);
    const after = allocate(100, before, ['a', 'b', 'c']);
    const moved = after.filter((o, s) => o !== before[s]);
    expect(moved.length).toBe(33);
    expect(moved.every((o) => o === 'c')).toBe(true);
    expect(allocate(100, after, ['a', 'b', 'c'])).toEqual(after); // stable
  });

  test('a host that goes leaves its shards to the others, evenly; the others keep theirs', () => {
    const before = allocate(90, none(90), ['a', 'b', 'c']);
    const after = allocate(90, before.map((o) => (o === 'c' ? undefined : o)), ['a', 'b']);
    expect(before.every((o, s) => o === 'c' || after[s] === o)).toBe(true);
    expect([count(after, 'a'), count(after, 'b')]).toEqual([45, 45]);
  });

  test('every node computes the same placement from the same view, whatever the order of hosts', () => {
    const current = allocate(50, none(50), ['x', 'y']);
    expect(allocate(50, current, ['z', 'y', 'x'])).toEqual(allocate(50, current, ['x', 'z', 'y']));
  });
});
