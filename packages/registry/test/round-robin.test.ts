import 'reflect-metadata';
import { Registry } from '@troupe/registry';
import { Echo, newSystem, stopSystems, WhoAmI } from './helpers';

afterEach(stopSystems);

function setup(n: number) {
  const system = newSystem();
  const registry = Registry.of(system);
  const members = Array.from({ length: n }, (_, i) => {
    const addr = system.spawn(Echo, { name: `e${i}` });
    registry.join('echoes', addr);
    return addr;
  });
  return { system, registry, members, router: registry.router<Echo>('echoes', { strategy: 'round-robin' }) };
}

describe('round-robin', () => {
  test('rotates exactly over the members in join order', async () => {
    const { router } = setup(3);
    const paths: string[] = [];
    for (let i = 0; i < 9; i++) paths.push(await router.send(new WhoAmI()));
    expect(paths).toEqual([
      '/user/e0', '/user/e1', '/user/e2',
      '/user/e0', '/user/e1', '/user/e2',
      '/user/e0', '/user/e1', '/user/e2',
    ]);
  });

  test('concurrent sends are spread exactly evenly: 3000 messages over 3 members gives 1000 each', async () => {
    const { router } = setup(3);
    const replies = await Promise.all(Array.from({ length: 3000 }, () => router.send(new WhoAmI())));
    const counts = new Map<string, number>();
    for (const path of replies) counts.set(path, (counts.get(path) ?? 0) + 1);
    expect(Object.fromEntries(counts)).toEqual({ '/user/e0': 1000, '/user/e1': 1000, '/user/e2': 1000 });
    expect(replies.slice(0, 6)).toEqual(['/user/e0', '/user/e1', '/user/e2', '/user/e0', '/user/e1', '/user/e2']);
  });

  test('tell, trySend and doSend share one rotation with send', async () => {
    const { router, members } = setup(4);
    await router.tell(new WhoAmI());
    router.trySend(new WhoAmI());
    router.doSend(new WhoAmI());
    // the fourth message goes to the fourth member
    await expect(router.send(new WhoAmI())).resolves.toBe(members[3].path);
  });

  test('a member that joins takes its turn in the rotation; one that stops is skipped', async () => {
    const { system, registry, router } = setup(2);
    expect(await router.send(new WhoAmI())).toBe('/user/e0');
    const late = system.spawn(Echo, { name: 'late' });
    registry.join('echoes', late);
    const after: string[] = [];
    for (let i = 0; i < 5; i++) after.push(await router.send(new WhoAmI()));
    expect(after).toEqual(['/user/e1', '/user/late', '/user/e0', '/user/e1', '/user/late']);
    await registry.lookup('nothing')?.stop();
    await system.actors[1].stop(); // e1
    const rest: string[] = [];
    for (let i = 0; i < 4; i++) rest.push(await router.send(new WhoAmI()));
    expect(rest.sort()).toEqual(['/user/e0', '/user/e0', '/user/late', '/user/late']);
  });

  test('two routers over one group rotate independently', async () => {
    const { registry } = setup(2);
    const a = registry.router<Echo>('echoes');
    const b = registry.router<Echo>('echoes');
    expect(await a.send(new WhoAmI())).toBe('/user/e0');
    expect(await b.send(new WhoAmI())).toBe('/user/e0');
    expect(await a.send(new WhoAmI())).toBe('/user/e1');
  });
});
