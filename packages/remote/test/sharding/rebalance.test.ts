import type { ShardMove } from '@troupe/remote';
import { eventually, newSystem, serverForFile, startNode } from '../support';
import { Add, Counter, entities, journal, settled, Where } from './support';

const server = serverForFile(() => journal.clear());

describe('a node joins', () => {
  test('a third node takes its share (20 shards: 6), from the others only, while messages keep flowing; nothing lost or handled twice', async () => {
    const a = await startNode(server.url, 'a', { cluster: 'join' }, newSystem({ name: 'a' }));
    const b = await startNode(server.url, 'b', { cluster: 'join' }, newSystem({ name: 'b' }));
    const ea = entities(a.node, Counter);
    const eb = entities(b.node, Counter);
    await settled([ea, eb], ['a', 'b']);
    const ids = Array.from({ length: 300 }, (_, i) => `j-${i}`);
    let seq = 0;
    await Promise.all(ids.map((id) => ea.get(id).tell(new Add(1, ++seq))));
    const ownersBefore = ea.shardOwners();
    const moves: ShardMove[] = [];
    a.node.events.on('shard:moved', (m) => moves.push(m));

    const calls: Promise<unknown>[] = [];
    let joined = false;
    const c = startNode(server.url, 'c', { cluster: 'join' }, newSystem({ name: 'c' })).then((n) => {
      joined = true;
      return n;
    });
    for (let round = 0; !joined || round < 10; round++) {
      for (const id of ids) calls.push(round % 2 === 0 ? ea.get(id).tell(new Add(1, ++seq)) : eb.get(id).send(new Add(1, ++seq)));
      await new Promise((r) => setTimeout(r, 5));
    }
    const ec = entities((await c).node, Counter);
    for (let round = 0; round < 10; round++) {
      for (const id of ids) calls.push(ec.get(id).tell(new Add(1, ++seq)));
      await new Promise((r) => setTimeout(r, 5));
    }
    const outcomes = await Promise.allSettled(calls);
    expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
    await settled([ea, eb, ec], ['a', 'b', 'c']);
    await eventually(() => journal.handled.size === seq, `all ${seq} handled (${journal.handled.size})`, 5000);
    expect([...journal.handled.values()].every((n) => n === 1)).toBe(true);
    expect(journal.maxLive).toBe(1);

    const after = ea.shardOwners();
    const moved = after.map((o, s) => (o !== ownersBefore[s] ? s : -1)).filter((s) => s >= 0);
    expect(moved.length).toBe(6); // c's share, nothing else
    expect(moved.every((s) => after[s] === 'c')).toBe(true);
    expect(ec.ownedShards()).toEqual(moved);
    const rebalanced = moves.filter((m) => m.reason === 'rebalanced');
    expect(rebalanced.map((m) => m.shard).sort((x, y) => x - y)).toEqual(moved);
    // The entities of moved shards were passivated and start again on c; the others were not touched.
    for (const id of ids) {
      const where = await ec.get(id).send(new Where());
      const shard = ec.shardOf(id);
      expect(where.node).toBe(after[shard]);
      expect(journal.activations.get(`counter/${id}`)).toBe(moved.includes(shard) ? 2 : 1);
    }
  });
});
