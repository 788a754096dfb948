import { NodeDownError, type DownMember, type ShardMove } from '@troupe/remote';
import { eventually, newSystem, serverForFile, startChildNode, startNode } from '../support';
import { Add, Counter, entities, journal, settled, Where } from './support';

const server = serverForFile(() => journal.clear());

describe('a hosting node is lost', () => {
  test('SIGKILL: its shards are taken over once it is declared down, and every entity is reachable again', async () => {
    const a = await startNode(server.url, 'a', { cluster: 'kill', heartbeatMs: 100 }, newSystem({ name: 'a' }));
    const ea = entities(a.node, Counter);
    const child = startChildNode(server.url, 'doomed', { cluster: 'kill', heartbeatMs: 100, fixture: 'sharding-node.js' });
    await child.ready;
    await settled([ea], ['a', 'doomed']);
    const ids = Array.from({ length: 200 }, (_, i) => `s-${i}`);
    const before = await Promise.all(ids.map((id) => ea.get(id).send(new Where())));
    const onDoomed = ids.filter((_, i) => before[i].node === 'doomed');
    expect(onDoomed.length).toBeGreaterThan(50);
    expect(onDoomed.length).toBeLessThan(150);
    for (const id of ids) await ea.get(id).send(new Add(1));

    const downs: DownMember[] = [];
    const moves: ShardMove[] = [];
    a.node.events.on('node:down', (d) => downs.push(d));
    a.node.events.on('shard:moved', (m) => moves.push(m));
    child.process.kill('SIGKILL');
    // Sent after the kill, before failure detection: they wait for a live owner or fail with
    // NodeDownError (accepted by a process that was gone), never hang.
    const meanwhile = await Promise.allSettled(onDoomed.map((id) => ea.get(id).send(new Add(1), { timeoutMs: 5000 })));
    for (const outcome of meanwhile) {
      if (outcome.status === 'rejected') expect(outcome.reason).toBeInstanceOf(NodeDownError);
    }
    await eventually(() => downs.length === 1, 'node:down');
    const after = await Promise.all(ids.map((id) => ea.get(id).send(new Where(), { timeoutMs: 5000 })));
    expect(after.every((w) => w.node === 'a')).toBe(true);
    // The lost node's entities start afresh here (their state went with it); the others kept theirs.
    for (let i = 0; i < ids.length; i++) {
      if (before[i].node === 'a') expect(after[i].count).toBe(1);
      else expect(after[i].count).toBeLessThanOrEqual(1);
    }
    const takenOver = moves.filter((m) => m.reason === 'taken-over');
    expect(takenOver.length).toBe(10);
    expect(takenOver.every((m) => m.from === 'doomed' && m.to === 'a')).toBe(true);
    expect(ea.ownedShards().length).toBe(20);
  });
});
