import 'reflect-metadata';
import { Actor, Handler, Message, type Addr, type Context } from '@troupe/core';
import { Registered, Registry, type Router } from '@troupe/registry';
import { Crash, newSystem, settle, stopSystems } from './helpers';

afterEach(stopSystems);

/** Replies with the path of the member that handled the key. */
class Route extends Message<string> {
  constructor(readonly userId: string) {
    super();
  }
}
class Ordered extends Message<void> {
  constructor(
    readonly userId: string,
    readonly seq: number,
  ) {
    super();
  }
}
class GetLog extends Message<Record<string, number[]>> {}

@Actor()
@Registered({ group: 'shards' })
class Shard {
  private readonly log: Record<string, number[]> = {};
  @Handler() route(_: Route, ctx: Context<Shard>): string {
    return ctx.path;
  }
  @Handler() ordered(m: Ordered): void {
    (this.log[m.userId] ??= []).push(m.seq);
  }
  @Handler() getLog(_: GetLog): Record<string, number[]> {
    return this.log;
  }
  @Handler() crash(_: Crash): void {
    throw new Error('crash on purpose');
  }
}

const KEYS = Array.from({ length: 2000 }, (_, i) => `user-${i}`);

function setup(n: number, virtualNodes?: number) {
  const system = newSystem();
  const registry = Registry.of(system);
  const shards: Addr<Shard>[] = Array.from({ length: n }, (_, i) => system.spawn(Shard, { name: `s${i}` }));
  const router = registry.router<Shard>('shards', {
    strategy: 'consistent-hash',
    key: (m) => (m instanceof Route || m instanceof Ordered ? m.userId : ''),
    ...(virtualNodes !== undefined && { virtualNodes }),
  });
  return { system, registry, shards, router };
}

async function placement(router: Router<Shard>): Promise<Map<string, string>> {
  const paths = await Promise.all(KEYS.map((k) => router.send(new Route(k))));
  return new Map(KEYS.map((k, i) => [k, paths[i]]));
}

function moved(before: Map<string, string>, after: Map<string, string>): string[] {
  return KEYS.filter((k) => before.get(k) !== after.get(k));
}

describe('consistent-hash', () => {
  test('a key stays on its member while membership is unchanged', async () => {
    const { router } = setup(5);
    const first = await placement(router);
    const second = await placement(router);
    expect(moved(first, second)).toEqual([]);
  });

  test('keys are spread over every member, each within half to one-and-a-half of its fair share', async () => {
    const { router } = setup(8);
    const counts = new Map<string, number>();
    for (const path of (await placement(router)).values()) counts.set(path, (counts.get(path) ?? 0) + 1);
    expect(counts.size).toBe(8);
    const fair = KEYS.length / 8;
    for (const count of counts.values()) {
      expect(count).toBeGreaterThan(fair * 0.5);
      expect(count).toBeLessThan(fair * 1.5);
    }
  });

  test('when a member joins, about 1/n of the keys move (measured < 2/n), all of them to the newcomer', async () => {
    const { system, router } = setup(10);
    const before = await placement(router);
    system.spawn(Shard, { name: 'newcomer' });
    const after = await placement(router);
    const keysMoved = moved(before, after);
    const share = keysMoved.length / KEYS.length;
    const n = 11;
    expect(share).toBeGreaterThan(0.5 / n);
    expect(share).toBeLessThan(2 / n);
    expect(new Set(keysMoved.map((k) => after.get(k)))).toEqual(new Set(['/user/newcomer']));
  });

  test('when a member leaves, only its own keys move (about 1/n, measured < 2/n)', async () => {
    const { shards, router } = setup(10);
    const before = await placement(router);
    await shards[3].stop();
    const after = await placement(router);
    const keysMoved = moved(before, after);
    const owned = KEYS.filter((k) => before.get(k) === '/user/s3');
    expect(keysMoved).toEqual(owned);
    expect(keysMoved.length / KEYS.length).toBeLessThan(2 / 10);
    expect(keysMoved.length).toBeGreaterThan(0);
  });

  test('placement does not depend on join order: a member that leaves and a new one that takes its name get the same keys', async () => {
    const a = setup(4);
    const before = await placement(a.router);
    await a.shards[0].stop();
    a.system.spawn(Shard, { name: 's0' }); // joins last, under the same path
    const after = await placement(a.router);
    expect(moved(before, after)).toEqual([]);
  });

  test('a restart moves no key (the Addr is the same)', async () => {
    const { shards, router } = setup(4);
    const before = await placement(router);
    await expect(shards[1].send(new Crash())).rejects.toThrow('crash on purpose');
    await settle();
    expect(moved(before, await placement(router))).toEqual([]);
  });

  test('each key’s messages stay in order on one member', async () => {
    const { system, router } = setup(4);
    const users = Array.from({ length: 30 }, (_, i) => `u${i}`);
    for (let seq = 0; seq < 20; seq++) for (const u of users) router.doSend(new Ordered(u, seq));
    await settle();
    const logs = await Registry.of(system).router<Shard>('shards', { strategy: 'broadcast' }).send(new GetLog());
    const seen = new Map<string, number>();
    for (const log of logs) {
      for (const [user, seqs] of Object.entries(log)) {
        expect(seen.has(user)).toBe(false); // one member per user
        seen.set(user, seqs.length);
        expect(seqs).toEqual(Array.from({ length: 20 }, (_, i) => i));
      }
    }
    expect(seen.size).toBe(30);
  });

  test('numeric keys are allowed; the same number always lands on the same member', async () => {
    const system = newSystem();
    for (let i = 0; i < 3; i++) system.spawn(Shard);
    class Num extends Message<string> {
      constructor(readonly id: number) {
        super();
      }
    }
    @Actor()
    @Registered({ group: 'nums' })
    class NumShard {
      @Handler() num(_: Num, ctx: Context<NumShard>): string {
        return ctx.path;
      }
    }
    for (let i = 0; i < 3; i++) system.spawn(NumShard);
    const router = Registry.of(system).router<NumShard>('nums', { strategy: 'consistent-hash', key: (m) => m.id });
    const first = await router.send(new Num(12345));
    for (let i = 0; i < 5; i++) await expect(router.send(new Num(12345))).resolves.toBe(first);
  });

  test('a single virtual node per member still routes consistently', async () => {
    const { router } = setup(3, 1);
    expect(moved(await placement(router), await placement(router))).toEqual([]);
  });

  test('a key function that throws makes send reject and trySend throw, with its error', async () => {
    const system = newSystem();
    system.spawn(Shard);
    const router = Registry.of(system).router<Shard>('shards', {
      strategy: 'consistent-hash',
      key: () => {
        throw new Error('no key');
      },
    });
    await expect(router.send(new Route('x'))).rejects.toThrow('no key');
    expect(() => router.trySend(new Route('x'))).toThrow('no key');
  });
});
