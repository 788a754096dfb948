import 'reflect-metadata';
import { Actor, Handler } from '@troupe/core';
import { closeInspectors, Fail, get, newSystem, Orphan, SpawnChild, startInspector, stopSystems, until, Work, Worker } from './helpers';

afterEach(async () => {
  await closeInspectors();
  await stopSystems();
});

/** A second class, to see metrics split by class. */
@Actor()
class Clerk {
  @Handler(Work) work(): void {}
}

/** The samples of a text exposition: `name{labels}` -> value. */
function parse(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    samples.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return samples;
}

async function scrape(url: string): Promise<{ text: string; samples: Map<string, number> }> {
  const reply = await get(new URL('/metrics', url).href);
  expect(reply.status).toBe(200);
  expect(reply.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
  return { text: reply.body, samples: parse(reply.body) };
}

describe('/metrics', () => {
  test('gives actors, mailbox lengths, messages, restarts by class and dead letters after known traffic', async () => {
    const system = newSystem({ name: 'shop' });
    const workers = [0, 1, 2].map((i) => system.spawn(Worker, { name: `w${i}` }));
    const clerk = system.spawn(Clerk, { name: 'clerk' });
    for (const [i, w] of workers.entries()) for (let n = 0; n <= i * 10; n++) await w.tell(new Work()); // 1 + 11 + 21
    for (let n = 0; n < 7; n++) await clerk.tell(new Work());
    await workers[0].send(new Fail()).catch(() => undefined); // one more message, one restart
    await workers[0].tell(new Orphan('x')); // one more message, no handler: a dead letter
    const gone = system.spawn(Worker, { name: 'gone' });
    await gone.stop();
    await gone.tell(new Work()); // a dead letter; `gone` had handled nothing
    await until(() => workers[0].isAlive && system.deadLetters.count === 2);
    const inspector = await startInspector(system);

    const { text, samples } = await scrape(inspector.url);
    expect(samples.get('troupe_actors{system="shop",class="Worker"}')).toBe(3);
    expect(samples.get('troupe_actors{system="shop",class="Clerk"}')).toBe(1);
    expect(samples.get('troupe_messages_total{system="shop",class="Worker"}')).toBe(1 + 11 + 21 + 2);
    expect(samples.get('troupe_messages_total{system="shop",class="Clerk"}')).toBe(7);
    expect(samples.get('troupe_restarts_total{system="shop",class="Worker"}')).toBe(1);
    expect(samples.get('troupe_restarts_total{system="shop",class="Clerk"}')).toBe(0);
    expect(samples.get('troupe_mailbox_length{system="shop",class="Worker"}')).toBe(0);
    expect(samples.get('troupe_dead_letters_total{system="shop"}')).toBe(2);
    // Every metric is declared with its type.
    for (const [name, type] of [
      ['troupe_actors', 'gauge'],
      ['troupe_mailbox_length', 'gauge'],
      ['troupe_messages_total', 'counter'],
      ['troupe_restarts_total', 'counter'],
      ['troupe_dead_letters_total', 'counter'],
    ]) {
      expect(text).toContain(`# TYPE ${name} ${type}\n`);
      expect(text).toMatch(new RegExp(`# HELP ${name} \\S`));
    }
  });

  test('per-class counters never go down when actors of the class stop', async () => {
    const system = newSystem();
    const a = system.spawn(Worker, { name: 'a' });
    const b = system.spawn(Worker, { name: 'b' });
    const inspector = await startInspector(system);
    for (let n = 0; n < 5; n++) await a.tell(new Work());
    await b.send(new Fail()).catch(() => undefined);
    await until(() => b.isAlive);
    const before = (await scrape(inspector.url)).samples;
    expect(before.get('troupe_messages_total{system="troupe",class="Worker"}')).toBe(6);
    await a.stop();
    await b.stop();
    const after = (await scrape(inspector.url)).samples;
    expect(after.get('troupe_actors{system="troupe",class="Worker"}')).toBe(0);
    expect(after.get('troupe_messages_total{system="troupe",class="Worker"}')).toBe(6);
    expect(after.get('troupe_restarts_total{system="troupe",class="Worker"}')).toBe(1);
  });

  test('labels by path on request', async () => {
    const system = newSystem();
    const parent = system.spawn(Worker, { name: 'parent' });
    await parent.tell(new SpawnChild('child'));
    await parent.tell(new Work());
    await until(() => true);
    const inspector = await startInspector(system, { metricsBy: 'path' });
    const { samples } = await scrape(inspector.url);
    expect(samples.get('troupe_messages_total{system="troupe",path="/user/parent"}')).toBe(2);
    expect(samples.get('troupe_messages_total{system="troupe",path="/user/parent/child"}')).toBe(0);
    expect(samples.get('troupe_mailbox_length{system="troupe",path="/user/parent/child"}')).toBe(0);
    expect(samples.get('troupe_actors{system="troupe",class="Worker"}')).toBe(2);
  });

  test('bounds label cardinality with maxSeries: the rest is summed under _other', async () => {
    const system = newSystem();
    const parent = system.spawn(Worker, { name: 'p' });
    for (let i = 0; i < 50; i++) await parent.tell(new SpawnChild(`c${i}`));
    await until(() => true);
    const inspector = await startInspector(system, { metricsBy: 'path', maxSeries: 10 });
    const { samples } = await scrape(inspector.url);
    const series = [...samples.keys()].filter((k) => k.startsWith('troupe_messages_total{'));
    expect(series).toHaveLength(11);
    expect(samples.get('troupe_messages_total{system="troupe",path="/user/p"}')).toBe(50);
    expect(samples.get('troupe_messages_total{system="troupe",path="_other"}')).toBe(0);
    expect(samples.get('troupe_mailbox_length{system="troupe",path="_other"}')).toBe(0);
  });

  test('escapes label values', async () => {
    const system = newSystem({ name: 'a "quoted"\\system\nname' });
    system.spawn(Worker, { name: 'w' });
    const inspector = await startInspector(system);
    const { text } = await scrape(inspector.url);
    expect(text).toContain('troupe_actors{system="a \\"quoted\\"\\\\system\\nname",class="Worker"} 1\n');
  });
});
