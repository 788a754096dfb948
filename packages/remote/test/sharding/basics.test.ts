import 'reflect-metadata';
import { Actor, ActorConfigError, Handler, InvalidMessageError, TimeoutError } from '@troupe/core';
import { Entity, EntityAddr, EntityUnavailableError, Sharding, type ShardMove } from '@troupe/remote';
import { newSystem, serverForFile, startNode } from '../support';
import { Add, Counter, entities, journal, settled, Unwired, Where } from './support';

const server = serverForFile(() => journal.clear());

let cluster = 0;
/** A node of a fresh cluster per test (each test gets its own shard records). */
async function node(name: string, c: string) {
  return startNode(server.url, name, { cluster: c }, newSystem({ name }));
}

describe('sharded entities on two nodes', () => {
  test('get(id) is an Addr at once; a message activates the entity with its id, once, on the node owning its shard', async () => {
    const c = `basics${++cluster}`;
    const a = await node('a', c);
    const counters = entities(a.node, Counter);
    const ref = counters.get('acc-1');
    expect(ref).toBeInstanceOf(EntityAddr);
    expect(ref).toBe(counters.get('acc-1'));
    expect(ref.path).toBe(`troupe://${c}/counter/acc-1`);
    expect(await ref.send(new Add(5))).toBe(5); // waits for the shards to be placed, then activates
    expect(await ref.send(new Add(2))).toBe(7);
    expect(journal.activations.get('counter/acc-1')).toBe(1);
    expect(counters.activeIds()).toEqual(['acc-1']);
    const b = await node('b', c);
    const counters2 = entities(b.node, Counter);
    await settled([counters, counters2], ['a', 'b']);
    // Whichever node owns it now, both reach the same entity (moved once, if its shard moved).
    const fromB = await counters2.get('acc-1').send(new Where());
    const fromA = await counters.get('acc-1').send(new Where());
    expect(fromA).toEqual(fromB);
    expect(fromA.node).toBe(counters.shardOwners()[counters.shardOf('acc-1')]);
  });

  test('200 ids messaged from two nodes at once: one activation each, every reply right', async () => {
    const c = `basics${++cluster}`;
    const a = await node('a', c);
    const b = await node('b', c);
    const ea = entities(a.node, Counter);
    const eb = entities(b.node, Counter);
    await settled([ea, eb], ['a', 'b']); // (before, a shard moving to b would reactivate its entities there)
    const ids = Array.from({ length: 200 }, (_, i) => `user-${i}`);
    const sends = ids.flatMap((id) => [ea.get(id).send(new Add(1)), eb.get(id).send(new Add(1))]);
    const replies = await Promise.all(sends);
    for (let i = 0; i < ids.length; i++) expect([replies[2 * i], replies[2 * i + 1]].sort()).toEqual([1, 2]);
    for (const id of ids) expect(journal.activations.get(`counter/${id}`)).toBe(1);
    const here = ea.activeIds().length + eb.activeIds().length;
    expect(here).toBe(200);
    await settled([ea, eb], ['a', 'b']);
    for (const id of ids) expect(await eb.get(id).send(new Add(0))).toBe(2); // state kept, one instance
  });

  test('two nodes starting while 200 ids are messaged from both: never two instances of one entity at once, every message handled once', async () => {
    const c = `basics${++cluster}`;
    const [a, b] = await Promise.all([node('a', c), node('b', c)]);
    const ea = entities(a.node, Counter);
    const eb = entities(b.node, Counter);
    const ids = Array.from({ length: 200 }, (_, i) => `user-${i}`);
    let seq = 0;
    const sends = ids.flatMap((id) => [ea.get(id).send(new Add(1, ++seq)), eb.get(id).send(new Add(1, ++seq))]);
    await Promise.all(sends);
    await settled([ea, eb], ['a', 'b']);
    expect(journal.maxLive).toBe(1);
    expect(journal.handled.size).toBe(400);
    expect([...journal.handled.values()].every((n) => n === 1)).toBe(true);
  });

  test('placement: with 2 nodes and 1000 ids each node hosts 40-60 %', async () => {
    const c = `basics${++cluster}`;
    const a = await node('a', c);
    const b = await node('b', c);
    const ea = entities(a.node, Counter);
    const eb = entities(b.node, Counter);
    await settled([ea, eb], ['a', 'b']);
    await Promise.all(Array.from({ length: 1000 }, (_, i) => ea.get(`id-${i}`).tell(new Add(1))));
    const onA = ea.activeIds().length;
    const onB = eb.activeIds().length;
    expect(onA + onB).toBe(1000);
    expect(onA).toBeGreaterThanOrEqual(400);
    expect(onA).toBeLessThanOrEqual(600);
  });

  test('node.events reports shard moves', async () => {
    const c = `basics${++cluster}`;
    const a = await node('a', c);
    const moves: ShardMove[] = [];
    a.node.events.on('shard:moved', (m) => moves.push(m));
    const ea = entities(a.node, Counter);
    await settled([ea], ['a']);
    expect(moves.length).toBe(20);
    expect(moves.every((m) => m.type === 'counter' && m.to === 'a' && m.from === undefined && m.reason === 'allocated')).toBe(true);
    const b = await node('b', c);
    const eb = entities(b.node, Counter);
    await settled([ea, eb], ['a', 'b']);
    const rebalanced = moves.filter((m) => m.reason === 'rebalanced');
    expect(rebalanced.length).toBe(10);
    expect(rebalanced.every((m) => m.from === 'a' && m.to === 'b')).toBe(true);
  });
});

describe('errors at the call', () => {
  test('a bad id, an unknown type, a class without @Entity, a message without @Wire', async () => {
    const c = `basics${++cluster}`;
    const a = await node('a', c);
    const sharding = Sharding.of(a.node);
    const counters = sharding.entity(Counter);
    expect(() => counters.get('')).toThrow(ActorConfigError);
    expect(() => counters.get(42 as unknown as string)).toThrow(/an id must be a non-empty string, got number/);
    expect(() => sharding.entity('acount')).toThrow(/unknown entity type "acount".*known: .*counter/);
    class Plain {}
    expect(() => sharding.entity(Plain as never)).toThrow(/Plain is not an entity type/);
    await expect(counters.get('x').send(new Unwired() as never)).rejects.toBeInstanceOf(InvalidMessageError);
    expect(() => counters.get('x').doSend(new Unwired() as never)).toThrow(/has no @Wire name/);
    expect(Sharding.of(a.node)).toBe(sharding);
    expect(sharding.entity(Counter)).toBe(counters);
    expect(sharding.entity<Counter>('counter')).toBe(counters);
  });
});

@Actor()
@Entity('picky', { shards: 4 })
class Picky {
  constructor(readonly id: string) {
    if (id.startsWith('bad')) throw new RangeError(`no entity may be called ${id}`);
  }
  @Handler(Add) add(m: Add): number {
    return m.n;
  }
}

describe('what cannot be delivered', () => {
  test('a constructor that throws: the call rejects with its error; other ids are served', async () => {
    const c = `basics${++cluster}`;
    const a = await node('a', c);
    const picky = Sharding.of(a.node).entity(Picky);
    await expect(picky.get('bad-1').send(new Add(1))).rejects.toThrow(RangeError);
    await expect(picky.get('bad-1').tell(new Add(1))).rejects.toThrow(/no entity may be called bad-1/);
    expect(await picky.get('good').send(new Add(3))).toBe(3);
  });

  test('no node hosts the type: a send times out at its deadline, a tell gives up after askTimeoutMs', async () => {
    const c = `basics${++cluster}`;
    const system = newSystem({ name: 's', askTimeoutMs: 400 });
    const s = await startNode(server.url, 's', { cluster: c }, system);
    const counters = Sharding.of(s.node).entity(Counter, { host: false });
    await counters.ready;
    await expect(counters.get('x').send(new Add(1), { timeoutMs: 150 })).rejects.toBeInstanceOf(TimeoutError);
    const started = Date.now();
    const error = await counters.get('x').tell(new Add(1)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EntityUnavailableError);
    expect((error as Error).message).toMatch(/entity counter "x" \(shard \d+\) found no live node owning its shard within 400 ms/);
    expect(Date.now() - started).toBeLessThan(2000);
    // A host arrives: what is sent now is delivered.
    const h = await node('h', c);
    entities(h.node, Counter);
    expect(await counters.get('x').send(new Add(2), { timeoutMs: 5000 })).toBe(2);
  });
});
