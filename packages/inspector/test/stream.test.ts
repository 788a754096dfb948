import type { ActorView, Snapshot, TailEntry, Update } from '@troupe/inspector';
import { closeInspectors, EventStream, Fail, newSystem, origin, SpawnChild, startInspector, stopSystems, until, Work, Worker } from './helpers';

afterEach(async () => {
  await closeInspectors();
  await stopSystems();
});

describe('/api/events', () => {
  test('starts with a snapshot, then sends a newly spawned actor, a failure and a stop as they happen', async () => {
    const system = newSystem();
    const first = system.spawn(Worker, { name: 'first' });
    const inspector = await startInspector(system, { intervalMs: 100 });
    const stream = await EventStream.open(`${origin(inspector)}/api/events`);
    expect(stream.status).toBe(200);

    const snapshot = (await stream.next()).data as Snapshot;
    expect(snapshot.actors.map((a) => a.name)).toEqual(['first']);
    expect(snapshot.actors[0].path).toBeUndefined(); // the page joins the names itself

    await first.tell(new SpawnChild('second'));
    const added = (await stream.until((e) => e.event === 'update' && e.data.added.length > 0)).data as Update;
    expect(added.added).toEqual([expect.objectContaining({ name: 'second', parent: snapshot.actors[0].id, depth: 1, class: 'Worker' })]);
    expect(added.total).toBe(2);

    await first.send(new Fail(new TypeError('bad input'))).catch(() => undefined);
    const failed = (await stream.until((e) => e.data.changed?.some((a: ActorView) => a.lastFailure !== null))).data as Update;
    expect(failed.changed.find((a) => a.name === 'first')!.lastFailure).toMatchObject({ name: 'TypeError', message: 'bad input' });
    const tail: TailEntry[] = stream.events.flatMap((e) => e.data.tail ?? []);
    expect(tail).toContainEqual(expect.objectContaining({ kind: 'failure', path: '/user/first', error: expect.objectContaining({ name: 'TypeError', message: 'bad input' }) }));
    await until(() => first.isAlive);
    if (!tail.some((t) => t.kind === 'restart')) await stream.until((e) => e.data.tail?.some((t: TailEntry) => t.kind === 'restart'));

    const secondId = added.added[0].id;
    await first.stop();
    await stream.until((e) => e.event === 'update' && e.data.total === 0);
    // (The child went with its parent's restart already: a restart stops the children.)
    const removed = stream.events.flatMap((e) => (e.data.removed as number[] | undefined) ?? []);
    expect(removed.sort()).toEqual([snapshot.actors[0].id, secondId].sort());
    stream.close();
  });

  test('coalesces: a burst of messages, failures and dead letters is a few updates a second', async () => {
    const system = newSystem();
    const worker = system.spawn(Worker, { name: 'w' });
    const inspector = await startInspector(system, { intervalMs: 250, tailSize: 50 });
    const gone = system.spawn(Worker, { name: 'gone' });
    await gone.stop();
    const stream = await EventStream.open(`${origin(inspector)}/api/events`);
    await stream.next();
    const started = Date.now();
    for (let i = 0; i < 2_000; i++) {
      worker.doSend(new Work());
      if (i % 4 === 0) worker.doSend(new Fail());
    }
    for (let i = 0; i < 1_000; i++) void gone.tell(new Work()); // dead letters
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const updates = stream.events.filter((e) => e.event === 'update' && e.at >= started);
    // 1.1 s at one update per 250 ms: at most 5 (plus one for timing slack).
    expect(updates.length).toBeGreaterThan(0);
    expect(updates.length).toBeLessThanOrEqual(6);
    const tail = updates.flatMap((e) => e.data.tail as TailEntry[]);
    const skipped = updates.reduce((n, e) => n + (e.data.skipped as number), 0);
    // 500 failures, their restarts and 1000 dead letters: at most tailSize listed per update, the
    // rest counted.
    expect(updates.every((e) => e.data.tail.length <= 50)).toBe(true);
    expect(tail.length + skipped).toBeGreaterThanOrEqual(1_500);
    // (After ten restarts in ten seconds, core's default stops the worker: more dead letters.)
    expect(updates[updates.length - 1].data.deadLetters).toBe(system.deadLetters.count);
    expect(system.deadLetters.count).toBeGreaterThanOrEqual(1_000);
    stream.close();
  }, 20_000);

  test('several pages get the same updates; the last one to close stops the sampling', async () => {
    const system = newSystem();
    const worker = system.spawn(Worker, { name: 'w' });
    const inspector = await startInspector(system, { intervalMs: 100 });
    const hub = (inspector as unknown as { hub: { timer: unknown; size: number } }).hub;
    expect(hub.timer).toBeUndefined();
    const a = await EventStream.open(`${origin(inspector)}/api/events`);
    const b = await EventStream.open(`${origin(inspector)}/api/events`);
    await a.next();
    await b.next();
    expect(hub.timer).toBeDefined();
    await worker.tell(new SpawnChild('child'));
    const inA = await a.until((e) => e.data.added?.length > 0);
    const inB = await b.until((e) => e.data.added?.length > 0);
    expect(inA.data.added).toEqual(inB.data.added);
    a.close();
    b.close();
    await until(() => hub.size === 0, 'the streams to close', 100_000);
    expect(hub.timer).toBeUndefined();
  });
});
