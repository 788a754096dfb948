import { eventually, newSystem, serverForFile, startNode } from '../support';
import { Add, Counter, entities, journal, settled, Where } from './support';

const server = serverForFile(() => journal.clear());

describe('a node that cannot hear itself', () => {
  test('the NATS server goes away: entities take no messages meanwhile (they wait), and go on where they were once it is back', async () => {
    const a = await startNode(server.url, 'a', { cluster: 'lease' }, newSystem({ name: 'a' }));
    const b = await startNode(server.url, 'b', { cluster: 'lease' }, newSystem({ name: 'b' }));
    const ea = entities(a.node, Counter);
    const eb = entities(b.node, Counter);
    await settled([ea, eb], ['a', 'b']);
    const ids = ea.ownedShards().length > 0 ? Array.from({ length: 40 }, (_, i) => `l-${i}`).filter((id) => ea.shardOwners()[ea.shardOf(id)] === 'a') : [];
    expect(ids.length).toBeGreaterThan(5);
    for (const id of ids) expect(await ea.get(id).send(new Add(1))).toBe(1);
    let reconnected = false;
    a.node.events.on('reconnected', () => (reconnected = true));

    await server.halt();
    await new Promise((r) => setTimeout(r, 350)); // past two heartbeats: a no longer hands messages to its entities
    let delivered = 0;
    const waiting = ids.map((id) => ea.get(id).send(new Add(1), { timeoutMs: 15_000 }).then((n) => (delivered++, n)));
    await new Promise((r) => setTimeout(r, 100));
    expect(delivered).toBe(0);
    await server.start();
    await eventually(() => reconnected, 'a to reconnect', 10_000);
    expect(await Promise.all(waiting)).toEqual(ids.map(() => 2)); // the same instances, state kept
    for (const id of ids) expect(journal.activations.get(`counter/${id}`)).toBe(1);
    expect((await eb.get(ids[0]).send(new Where(), { timeoutMs: 10_000 })).node).toBe('a');
    expect(journal.maxLive).toBe(1);
  }, 30_000);
});
