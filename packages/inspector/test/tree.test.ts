import { cellOf } from '@troupe/core/internal';
import type { ActorView, Snapshot } from '@troupe/inspector';
import { Blocked, closeInspectors, deferred, Fail, get, newSystem, SpawnChild, startInspector, stopSystems, until, Work, Worker } from './helpers';

afterEach(async () => {
  await closeInspectors();
  await stopSystems();
});

async function tree(url: string): Promise<Snapshot> {
  const reply = await get(new URL('/api/tree', url).href);
  expect(reply.status).toBe(200);
  expect(reply.headers['content-type']).toBe('application/json; charset=utf-8');
  return JSON.parse(reply.body) as Snapshot;
}

const cellQueued = (addr: Parameters<typeof cellOf>[0]): number => cellOf(addr).queued;

const byPath = (s: Snapshot): Map<string, ActorView> => new Map(s.actors.map((a) => [a.path!, a]));

describe('/api/tree', () => {
  test('lists every live actor in tree order with its path, class, state, mailbox, counters and parent', async () => {
    const system = newSystem({ name: 'shop' });
    const orders = system.spawn(Worker, { name: 'orders' });
    await orders.tell(new SpawnChild('billing'));
    await orders.tell(new SpawnChild('shipping'));
    const audit = system.spawn(Worker, { name: 'audit', mailbox: 50 });
    for (let i = 0; i < 5; i++) await audit.tell(new Work());
    await until(() => orders.isAlive && audit.isAlive);
    await audit.send(new Work()); // all six handled
    const inspector = await startInspector(system);

    const snapshot = await tree(inspector.url);
    expect(snapshot.system).toBe('shop');
    expect(snapshot.total).toBe(4);
    expect(snapshot.truncated).toBe(false);
    expect(snapshot.actors.map((a) => a.path)).toEqual(['/user/orders', '/user/orders/billing', '/user/orders/shipping', '/user/audit']);
    const [o, billing, , a] = snapshot.actors;
    expect(o).toMatchObject({ parent: 0, depth: 0, name: 'orders', class: 'Worker', state: 'running', children: 2, restarts: 0, lastFailure: null });
    expect(billing).toMatchObject({ parent: o.id, depth: 1, name: 'billing', class: 'Worker', children: 0 });
    expect(a).toMatchObject({ mailbox: 0, capacity: 50, handled: 6 });
    expect(o.capacity).toBe(1000);
  });

  test('shows a full mailbox and the last failure with its time', async () => {
    const system = newSystem();
    const gate = deferred<void>();
    const blocked = system.spawn(Blocked, { name: 'blocked', args: [gate.promise] });
    blocked.trySend(new Work()); // taken, and awaits the gate
    await until(() => cellQueued(blocked) === 0);
    for (let i = 0; i < 10; i++) blocked.trySend(new Work());
    const worker = system.spawn(Worker, { name: 'flaky' });
    const before = Date.now();
    await worker.send(new Fail(new RangeError('out of range'))).catch(() => undefined);
    await until(() => worker.isAlive);
    const inspector = await startInspector(system);

    await until(() => true);
    const actors = byPath(await tree(inspector.url));
    expect(actors.get('/user/blocked')).toMatchObject({ mailbox: 10, capacity: 10, handled: 1 });
    const flaky = actors.get('/user/flaky')!;
    expect(flaky.restarts).toBe(1);
    expect(flaky.lastFailure).toMatchObject({ name: 'RangeError', message: 'out of range' });
    expect(flaky.lastFailure!.stack).toContain('RangeError: out of range');
    expect(flaky.lastFailure!.at).toBeGreaterThanOrEqual(before);
    expect(flaky.lastFailure!.at).toBeLessThanOrEqual(Date.now());
    gate.resolve();
  });

  test('measures messages per second between two samples', async () => {
    const system = newSystem();
    const worker = system.spawn(Worker, { name: 'busy' });
    const inspector = await startInspector(system);
    await tree(inspector.url); // the first sample: the baseline
    const started = Date.now();
    for (let i = 0; i < 300; i++) await worker.tell(new Work());
    await until(() => worker.isAlive);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, 300 - (Date.now() - started))));
    const elapsed = (Date.now() - started) / 1000;
    const busy = byPath(await tree(inspector.url)).get('/user/busy')!;
    expect(busy.handled).toBe(300);
    // 300 messages over the time between the samples (a little more than `elapsed`).
    expect(busy.rate).toBeGreaterThan(300 / (elapsed + 1));
    expect(busy.rate).toBeLessThanOrEqual(300 / 0.25 + 1);
  });

  test('an actor that stopped leaves the tree; a new one joins it', async () => {
    const system = newSystem();
    const a = system.spawn(Worker, { name: 'a' });
    const inspector = await startInspector(system);
    expect((await tree(inspector.url)).actors.map((x) => x.path)).toEqual(['/user/a']);
    await a.stop();
    system.spawn(Worker, { name: 'b' });
    expect((await tree(inspector.url)).actors.map((x) => x.path)).toEqual(['/user/b']);
  });

  test('lists at most maxActors actors and says so', async () => {
    const system = newSystem();
    const parent = system.spawn(Worker, { name: 'parent' });
    for (let i = 0; i < 20; i++) await parent.tell(new SpawnChild(`c${i}`));
    await until(() => true);
    const inspector = await startInspector(system, { maxActors: 5 });
    const snapshot = await tree(inspector.url);
    expect(snapshot.total).toBe(21);
    expect(snapshot.truncated).toBe(true);
    expect(snapshot.actors.map((a) => a.path)).toEqual(['/user/parent', '/user/parent/c0', '/user/parent/c1', '/user/parent/c2', '/user/parent/c3']);
  });

  test('answers HEAD without a body', async () => {
    const system = newSystem();
    const inspector = await startInspector(system);
    const reply = await get(new URL('/api/tree', inspector.url).href, { method: 'HEAD' });
    expect(reply.status).toBe(200);
    expect(reply.body).toBe('');
  });
});
