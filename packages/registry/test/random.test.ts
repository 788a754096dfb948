import 'reflect-metadata';
import { Registry } from '@troupe/registry';
import { Echo, newSystem, seeded, stopSystems, WhoAmI } from './helpers';

afterEach(stopSystems);

function setup(n: number, random?: () => number) {
  const system = newSystem();
  const registry = Registry.of(system);
  const members = Array.from({ length: n }, (_, i) => {
    const addr = system.spawn(Echo, { name: `e${i}` });
    registry.join('echoes', addr);
    return addr;
  });
  const router = registry.router<Echo>('echoes', random ? { strategy: 'random', random } : { strategy: 'random' });
  return { system, registry, members, router };
}

async function tally(router: { send(m: WhoAmI): Promise<string> }, count: number): Promise<Map<string, number>> {
  const replies = await Promise.all(Array.from({ length: count }, () => router.send(new WhoAmI())));
  const counts = new Map<string, number>();
  for (const path of replies) counts.set(path, (counts.get(path) ?? 0) + 1);
  return counts;
}

describe('random', () => {
  test('picks the member the random source points at', async () => {
    const values = [0.0, 0.99, 0.5, 0.34];
    const { router } = setup(3, () => values.shift()!);
    const paths: string[] = [];
    for (let i = 0; i < 4; i++) paths.push(await router.send(new WhoAmI()));
    expect(paths).toEqual(['/user/e0', '/user/e2', '/user/e1', '/user/e1']);
  });

  test('spreads about evenly: 6000 messages over 3 members, each within 10% of 2000 (seeded)', async () => {
    const { router } = setup(3, seeded(42));
    const counts = await tally(router, 6000);
    expect(counts.size).toBe(3);
    for (const count of counts.values()) expect(Math.abs(count - 2000)).toBeLessThan(200);
  });

  test('uses Math.random by default and reaches every member', async () => {
    const { router } = setup(4);
    const counts = await tally(router, 2000);
    expect(counts.size).toBe(4);
    for (const count of counts.values()) expect(count).toBeGreaterThan(300);
  });

  test('skips a member that is stopping', async () => {
    const { router, members } = setup(2, () => 0); // always points at e0
    const stopping = members[0].stop();
    await stopping;
    await expect(router.send(new WhoAmI())).resolves.toBe('/user/e1');
  });
});
