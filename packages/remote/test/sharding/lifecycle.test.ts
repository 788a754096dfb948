import { Sharding } from '@troupe/remote';
import { eventually, newSystem, serverForFile, startNode } from '../support';
import { Add, Counter, entities, Idler, journal, settled, Where } from './support';

const server = serverForFile(() => journal.clear());

let cluster = 0;
async function node(name: string, c: string) {
  return startNode(server.url, name, { cluster: c }, newSystem({ name }));
}

/** Nodes a and b of a new cluster, both hosting `Counter`, once each knows where every shard is. */
async function twoCounterNodes() {
  const c = `life${++cluster}`;
  const a = await node('a', c);
  const b = await node('b', c);
  const ea = entities(a.node, Counter);
  const eb = entities(b.node, Counter);
  await settled([ea, eb], ['a', 'b']);
  return { a, b, ea, eb };
}

describe('passivation', () => {
  test('an entity idle for passivateAfterMs stops (its stopped hook runs); the next message activates it afresh', async () => {
    const c = `life${++cluster}`;
    const a = await node('a', c);
    const idlers = entities(a.node, Idler); // passivateAfterMs: 150
    const ref = idlers.get('sleepy');
    expect(await ref.send(new Add(5))).toBe(5);
    const activeAt = Date.now();
    await eventually(() => journal.stops.get('idler/sleepy') === 1, 'passivation', 3000);
    expect(Date.now() - activeAt).toBeGreaterThanOrEqual(140);
    expect(idlers.activeIds()).toEqual([]);
    expect(await ref.send(new Add(1))).toBe(1); // fresh state
    expect(journal.activations.get('idler/sleepy')).toBe(2);
  });

  test('messages keep an entity active; only idleness passivates it', async () => {
    const c = `life${++cluster}`;
    const a = await node('a', c);
    const ref = entities(a.node, Idler).get('busy');
    for (let i = 1; i <= 8; i++) {
      expect(await ref.send(new Add(1))).toBe(i);
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(journal.activations.get('idler/busy')).toBe(1);
    expect(journal.stops.get('idler/busy')).toBeUndefined();
  });

  test('addr.stop() passivates at once wherever the entity lives; the address stays valid', async () => {
    const { ea, eb } = await twoCounterNodes();
    const ids = ['p-1', 'p-2', 'p-3', 'p-4', 'p-5', 'p-6'];
    for (const id of ids) await ea.get(id).send(new Add(3));
    await Promise.all(ids.map((id) => ea.get(id).stop())); // some live on b
    for (const id of ids) expect(journal.stops.get(`counter/${id}`)).toBe(1);
    expect(ea.activeIds().length + eb.activeIds().length).toBe(0);
    for (const id of ids) expect(await ea.get(id).send(new Add(1))).toBe(1);
    await ea.get('p-1').kill();
    expect(await ea.get('p-1').send(new Where())).toEqual({ node: expect.any(String), count: 0 });
    expect(ea.get('p-1').isAlive).toBe(true);
  });
});

describe('a node that stops cleanly hands its shards over', () => {
  test('messages in flight from three nodes while one stops: every one handled exactly once, every call settled', async () => {
    const c = `life${++cluster}`;
    const a = await node('a', c);
    const b = await node('b', c);
    const s = await node('s', c); // only sends
    const ea = entities(a.node, Counter);
    const eb = entities(b.node, Counter);
    const es = Sharding.of(s.node).entity(Counter, { host: false });
    await settled([ea, eb, es], ['a', 'b']);
    const ids = Array.from({ length: 100 }, (_, i) => `k-${i}`);
    let seq = 0;
    const calls: Promise<unknown>[] = [];
    const sent = { n: 0 };
    const burst = (from: typeof ea, round: number): void => {
      for (const id of ids) {
        const m = new Add(1, ++seq);
        sent.n++;
        calls.push(round % 2 === 0 ? from.get(id).tell(m) : from.get(id).send(m, { timeoutMs: 10_000 }));
      }
    };
    let stopping: Promise<void> | undefined;
    for (let round = 0; round < 20; round++) {
      burst(es, round);
      burst(ea, round);
      if (round <= 6) burst(eb, round); // b sends until it begins to stop (after that its calls are refused)
      if (round === 6) stopping = b.node.stop();
      await new Promise((r) => setTimeout(r, 5));
    }
    const outcomes = await Promise.allSettled(calls);
    expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
    await stopping;
    await eventually(() => journal.handled.size === sent.n, `all ${sent.n} handled (${journal.handled.size})`, 5000);
    const twice = [...journal.handled].filter(([, n]) => n !== 1);
    expect(twice).toEqual([]);
    expect(journal.maxLive).toBe(1);
    await settled([ea, es], ['a']);
    expect(eb.ownedShards()).toEqual([]);
    for (const id of ids) expect((await es.get(id).send(new Where())).node).toBe('a');
  });
});

describe('a system that shuts down', () => {
  test('hands its shards over before its node leaves, and its entities stop', async () => {
    const { b, ea, eb } = await twoCounterNodes();
    const ids = Array.from({ length: 50 }, (_, i) => `z-${i}`);
    for (const id of ids) await ea.get(id).send(new Add(1));
    const onB = eb.activeIds();
    expect(onB.length).toBeGreaterThan(0);
    await b.system.shutdown();
    for (const id of onB) expect(journal.stops.get(`counter/${id}`)).toBe(1);
    await settled([ea], ['a']);
    for (const id of ids) expect((await ea.get(id).send(new Where())).node).toBe('a');
    // On b, its addresses have ended, and so has its sharding.
    const stale = eb.get('z-1');
    expect(stale.isAlive).toBe(false);
    await stale.stopped;
    await expect(stale.send(new Add(1))).rejects.toThrow(/the sharding of node b has stopped/);
    expect(() => Sharding.of(b.node)).toThrow(/node b has left the cluster/);
  });
});
