import 'reflect-metadata';
import { Actor, ActorConfigError, Handler, Message, type Addr, type Context } from '@troupe/core';
import { NoRouteeError, Pool, Registry, type BroadcastPoolRouter, type PoolRouter } from '@troupe/registry';
import { newSystem, settle, stopSystems } from './helpers';

afterEach(stopSystems);

class Job extends Message<string> {
  constructor(readonly id: number) {
    super();
  }
}
class Fail extends Message<void> {}
class Count extends Message<number> {}

@Actor()
class Worker {
  private handled = 0;
  constructor(private readonly prefix: string = '') {}
  @Handler() job(m: Job, ctx: Context<Worker>): string {
    this.handled++;
    return `${this.prefix}${ctx.name}:${m.id}`;
  }
  @Handler() fail(_: Fail): void {
    throw new Error('worker failed');
  }
  @Handler() count(_: Count): number {
    return this.handled;
  }
}

describe('Pool.spawn', () => {
  test('spawns size workers under the pool, as a group, and returns its router', async () => {
    const system = newSystem();
    const pool: PoolRouter<Worker> = Pool.spawn(system, Worker, { size: 3, name: 'jobs' });
    expect(pool.size).toBe(3);
    expect(pool.supervisor.path).toBe('/user/jobs');
    expect(pool.workers.map((w) => w.path)).toEqual(['/user/jobs/worker-0', '/user/jobs/worker-1', '/user/jobs/worker-2']);
    expect(pool.group).toBe('/user/jobs');
    expect(Registry.of(system).members('/user/jobs')).toEqual(pool.workers);
    expect(pool.routees).toEqual(pool.workers);
    expect(pool.strategy).toBe('round-robin');
    const reply: string = await pool.send(new Job(1));
    expect(reply).toBe('worker-0:1');
  });

  test('the workers are usable as soon as spawn returns', () => {
    const system = newSystem();
    const pool = Pool.spawn(system, Worker, { size: 2 });
    expect(() => pool.trySend(new Job(1))).not.toThrow();
  });

  test('round-robin pools spread jobs exactly evenly', async () => {
    const system = newSystem();
    const pool = Pool.spawn(system, Worker, { size: 4, strategy: 'round-robin' });
    await Promise.all(Array.from({ length: 40 }, (_, i) => pool.send(new Job(i))));
    const counts = await Promise.all(pool.workers.map((w) => w.send(new Count())));
    expect(counts).toEqual([10, 10, 10, 10]);
  });

  test('takes a custom group, worker args and mailbox', async () => {
    const system = newSystem();
    const pool = Pool.spawn(system, Worker, { size: 2, group: 'crew', args: ['p-'], mailbox: 5, strategy: 'least-loaded' });
    expect(Registry.of(system).members('crew')).toHaveLength(2);
    expect(pool.workers[0].capacity).toBe(5);
    await expect(pool.send(new Job(7))).resolves.toMatch(/^p-worker-\d:7$/);
  });

  test('a broadcast pool’s send resolves with every worker’s reply', async () => {
    const system = newSystem();
    const pool: BroadcastPoolRouter<Worker> = Pool.spawn(system, Worker, { size: 3, strategy: 'broadcast' });
    await expect(pool.send(new Job(1))).resolves.toEqual(['worker-0:1', 'worker-1:1', 'worker-2:1']);
  });

  test('a consistent-hash pool routes by key', async () => {
    const system = newSystem();
    const pool = Pool.spawn(system, Worker, { size: 3, strategy: 'consistent-hash', key: (m) => (m instanceof Job ? m.id : 0) });
    const first = await pool.send(new Job(99));
    await expect(pool.send(new Job(99))).resolves.toBe(first);
  });
});

describe('pool supervision', () => {
  test('a failed worker is restarted in place: same Addr, fresh state, still routed to', async () => {
    const system = newSystem();
    const pool = Pool.spawn(system, Worker, { size: 2 });
    const [w0] = pool.workers;
    await pool.send(new Job(1));
    await expect(w0.send(new Fail())).rejects.toThrow('worker failed');
    await settle();
    expect(pool.workers[0]).toBe(w0);
    await expect(w0.send(new Count())).resolves.toBe(0);
    const replies = await Promise.all([pool.send(new Job(2)), pool.send(new Job(3))]);
    expect(replies).toEqual(['worker-1:2', 'worker-0:3']); // the rotation goes on where it was
  });

  test('decide chooses the directive: resume keeps the worker’s state', async () => {
    const system = newSystem();
    const seen: unknown[] = [];
    const pool = Pool.spawn(system, Worker, {
      size: 1,
      supervise: {
        decide: (error, worker: Addr<Worker>) => {
          seen.push([String(error), worker.path]);
          return 'resume';
        },
      },
    });
    await pool.send(new Job(1));
    await expect(pool.send(new Fail())).rejects.toThrow('worker failed');
    await expect(pool.send(new Count())).resolves.toBe(1);
    expect(seen).toEqual([['Error: worker failed', '/user/' + pool.supervisor.name + '/worker-0']]);
  });

  test('more than maxRestarts failures of one worker: the pool gives up and is restarted with fresh workers', async () => {
    const system = newSystem();
    const restarted: string[] = [];
    system.events.on('actor:restarted', (e) => restarted.push(e.path));
    const pool = Pool.spawn(system, Worker, { size: 2, name: 'fragile', supervise: { maxRestarts: 2, withinMs: 60_000 } });
    const [w0, w1] = pool.workers;
    for (let i = 0; i < 3; i++) {
      await w0.send(new Fail()).catch(() => undefined);
      await settle();
    }
    await w0.stopped;
    await w1.stopped;
    await settle();
    expect(restarted).toContain('/user/fragile');
    expect(pool.supervisor.isAlive).toBe(true);
    expect(pool.workers).toHaveLength(2);
    expect(pool.workers).not.toContain(w0);
    expect(pool.routees).toEqual(pool.workers);
    await expect(pool.send(new Job(5))).resolves.toMatch(/^worker-\d:5$/);
  });

  test('stop() stops every worker and the pool; its router then has no routee', async () => {
    const system = newSystem();
    const pool = Pool.spawn(system, Worker, { size: 3 });
    const workers = pool.workers;
    await pool.stop();
    expect(workers.every((w) => !w.isAlive)).toBe(true);
    expect(pool.supervisor.isAlive).toBe(false);
    expect(pool.workers).toEqual([]);
    await expect(pool.send(new Job(1))).rejects.toBeInstanceOf(NoRouteeError);
  });

  test('system shutdown stops the pool', async () => {
    const system = newSystem();
    const pool = Pool.spawn(system, Worker, { size: 2 });
    await system.shutdown();
    expect(pool.routees).toEqual([]);
  });
});

describe('Pool.spawn: bad input is refused at the call, leaving nothing behind', () => {
  test.each([
    [{ size: 0 }, /size must be a positive integer, got 0/],
    [{ size: 1.5 }, /size must be a positive integer/],
    [{ size: '2' }, /size must be a positive integer, got "2"/],
    [{ size: 2, strategy: 'fastest' }, /unknown strategy "fastest"/],
    [{ size: 2, strategy: 'consistent-hash' }, /needs a key/],
    [{ size: 2, group: '' }, /a group must be a non-empty string/],
    [{ size: 2, supervise: { maxRestarts: -1 } }, /maxRestarts must be a non-negative integer/],
    [{ size: 2, supervise: { withinMs: 0 } }, /timeoutMs must be a positive number/],
  ])('%j', (options, message) => {
    const system = newSystem();
    expect(() => Pool.spawn(system, Worker, options as never)).toThrow(ActorConfigError);
    expect(() => Pool.spawn(system, Worker, options as never)).toThrow(message);
    expect(system.actors).toEqual([]);
  });

  test('no options, or a worker that is not an actor class', () => {
    const system = newSystem();
    expect(() => Pool.spawn(system, Worker, undefined as never)).toThrow(/options \{ size, strategy\? \} are required/);
    expect(() => Pool.spawn(system, 'Worker' as never, { size: 1 })).toThrow(/expected an @Actor class/);
    class NotAnActor {}
    expect(() => Pool.spawn(system, NotAnActor, { size: 1 })).toThrow(/is not an actor/);
  });

  test('a worker whose constructor throws makes spawn throw, and the half-built pool is gone', async () => {
    @Actor()
    class Broken {
      constructor() {
        throw new Error('cannot build');
      }
    }
    const system = newSystem();
    expect(() => Pool.spawn(system, Broken, { size: 2 })).toThrow('cannot build');
    await settle();
    expect(system.actors).toEqual([]);
  });
});
