import 'reflect-metadata';
import { Actor, Handler, Message, type Addr, type Context } from '@troupe/core';
import { Registry } from '@troupe/registry';
import { deferred, newSystem, settle, stopSystems } from './helpers';

afterEach(stopSystems);

/** Occupies the worker until the gate opens. */
class Block extends Message<void> {
  constructor(readonly gate: Promise<void>) {
    super();
  }
}
class Job extends Message<void> {
  constructor(readonly id: number) {
    super();
  }
}

const done: { path: string; id: number }[] = [];

@Actor()
class Worker {
  @Handler() async block(m: Block): Promise<void> {
    await m.gate;
  }
  @Handler() job(m: Job, ctx: Context<Worker>): void {
    done.push({ path: ctx.path, id: m.id });
  }
}

function setup(n: number) {
  done.length = 0;
  const system = newSystem();
  const registry = Registry.of(system);
  const workers: Addr<Worker>[] = Array.from({ length: n }, (_, i) => {
    const addr = system.spawn(Worker, { name: `w${i}` });
    registry.join('workers', addr);
    return addr;
  });
  return { system, workers, router: registry.router<Worker>('workers', { strategy: 'least-loaded' }) };
}

describe('least-loaded', () => {
  test('sends to the shortest mailbox until the mailboxes are level', async () => {
    const { workers, router } = setup(3);
    const gate = deferred();
    for (const w of workers) await w.tell(new Block(gate.promise));
    await settle();
    // w0 has 3 queued, w1 has 1, w2 has none
    for (let i = 0; i < 3; i++) workers[0].doSend(new Job(-1));
    workers[1].doSend(new Job(-1));
    expect(workers.map((w) => w.queued)).toEqual([3, 1, 0]);

    router.trySend(new Job(1));
    expect(workers.map((w) => w.queued)).toEqual([3, 1, 1]);
    for (let i = 2; i <= 5; i++) router.trySend(new Job(i));
    expect(workers.map((w) => w.queued)).toEqual([3, 3, 3]);
    gate.resolve();
    await settle();
    expect(done.filter((d) => d.id > 0 && d.path === '/user/w0')).toEqual([]);
  });

  test('ties are broken by rotation: idle members with empty mailboxes take turns', async () => {
    const { router } = setup(3);
    for (let i = 0; i < 6; i++) router.trySend(new Job(i));
    await settle();
    expect(done.map((d) => d.path).sort()).toEqual([
      '/user/w0', '/user/w0', '/user/w1', '/user/w1', '/user/w2', '/user/w2',
    ]);
    expect(done.filter((d) => d.path === '/user/w0').map((d) => d.id)).toEqual([0, 3]);
    expect(done.filter((d) => d.path === '/user/w1').map((d) => d.id)).toEqual([1, 4]);
  });

  test('among equally short mailboxes, an idle member beats one busy with an async handler', async () => {
    const { workers, router } = setup(2);
    const gate = deferred();
    await workers[0].tell(new Block(gate.promise));
    await settle();
    expect(workers.map((w) => w.queued)).toEqual([0, 0]);
    for (let i = 0; i < 2; i++) {
      await router.tell(new Job(i)); // whatever the rotation says, w1 is idle
      await settle();
    }
    expect(done.map((d) => d.path)).toEqual(['/user/w1', '/user/w1']);
    gate.resolve();
  });

  test('a slow worker gets fewer jobs than fast ones under steady load', async () => {
    class Work extends Message<string> {
      constructor(readonly ms: number) {
        super();
      }
    }
    @Actor()
    class Timed {
      constructor(private readonly ms: number) {}
      @Handler() async work(_: Work, ctx: Context<Timed>): Promise<string> {
        await new Promise((r) => setTimeout(r, this.ms));
        return ctx.path;
      }
    }
    const system = newSystem();
    const registry = Registry.of(system);
    for (const [name, ms] of [['slow', 20], ['fast1', 1], ['fast2', 1]] as const) {
      registry.join('timed', system.spawn(Timed, { name, args: [ms] }));
    }
    const router = registry.router<Timed>('timed', { strategy: 'least-loaded' });
    const replies: string[] = [];
    const clients = Array.from({ length: 3 }, async () => {
      for (let i = 0; i < 10; i++) replies.push(await router.send(new Work(0)));
    });
    await Promise.all(clients);
    const slow = replies.filter((p) => p === '/user/slow').length;
    expect(slow).toBeLessThan(replies.length / 3);
  });
});
