import 'reflect-metadata';
import { Actor, ActorStoppedError, Handler, Message, type Addr, type Context } from '@troupe/core';
import { Child, Supervise, Supervisor, type RestartStrategy, type RestartType } from '@troupe/supervisor';
import { Bump, Crash, GetCount, Journal, newSystem, settle, stopSystems, StopYourself, until, Worker } from './helpers';

afterEach(stopSystems);

/** Asks a pool to open one more connection (a dynamic child). */
class Open extends Message<Addr<Worker>> {
  constructor(
    readonly name: string,
    readonly restart?: RestartType,
  ) {
    super();
  }
}

function pool(journal: Journal, strategy: RestartStrategy = 'one-for-one', maxRestarts = 10) {
  @Actor()
  @Supervise({ strategy, maxRestarts, withinMs: 3_600_000 })
  class Pool {
    @Child(Worker, { args: [journal] }) first!: Addr<Worker>;
    @Handler(Open) open(m: Open, ctx: Context<Pool>): Addr<Worker> {
      return ctx.spawn(Worker, { name: m.name, args: [journal], restart: m.restart });
    }
  }
  return Pool;
}

describe('dynamic children: ctx.spawn inside a supervisor (OTP simple_one_for_one)', () => {
  test('a failed dynamic child is restarted in place; the others keep their state', async () => {
    const journal = new Journal();
    const system = newSystem();
    const p = system.spawn(pool(journal), { name: 'pool' });
    const a = await p.send(new Open('a'));
    const b = await p.send(new Open('b'));
    await a.send(new Bump());
    await b.send(new Bump());
    await a.send(new Crash()).catch(() => undefined);
    expect([await a.send(new GetCount()), await b.send(new GetCount())]).toEqual([0, 1]);
    expect(a.isAlive).toBe(true);
    expect(Supervisor.children(p).map((c) => [c.name, c.restart])).toEqual([
      ['first', 'permanent'],
      ['a', 'permanent'],
      ['b', 'permanent'],
    ]);
  });

  test('a temporary dynamic child is not restarted', async () => {
    const journal = new Journal();
    const system = newSystem();
    const p = system.spawn(pool(journal), { name: 'pool' });
    const a = await p.send(new Open('a', 'temporary'));
    await a.send(new Crash()).catch(() => undefined);
    await a.stopped;
    expect(Supervisor.children(p).map((c) => c.name)).toEqual(['first']);
  });

  test('a transient dynamic child that stops normally is gone; a permanent one comes back', async () => {
    const journal = new Journal();
    const system = newSystem();
    const p = system.spawn(pool(journal), { name: 'pool' });
    const t = await p.send(new Open('t', 'transient'));
    const q = await p.send(new Open('q', 'permanent'));
    await t.tell(new StopYourself());
    await q.tell(new StopYourself());
    await until(() => journal.count('started:q') === 2, 'q to come back');
    await t.stopped;
    expect(Supervisor.children(p).map((c) => c.actor)).toEqual([Supervisor.child(p, 'first'), q]);
  });

  test('dynamic children take part in rest-for-one by start order', async () => {
    const journal = new Journal();
    const system = newSystem();
    const p = system.spawn(pool(journal, 'rest-for-one'), { name: 'pool' });
    const first = Supervisor.child<Worker>(p, 'first')!;
    const a = await p.send(new Open('a'));
    const b = await p.send(new Open('b'));
    for (const w of [first, a, b]) await w.send(new Bump());
    await a.send(new Crash()).catch(() => undefined);
    expect(await Promise.all([first, a, b].map((w) => w.send(new GetCount())))).toEqual([1, 0, 0]);
    await first.send(new Crash()).catch(() => undefined);
    // Every dynamic child after `first` is restarted with it (the restart stops them one by one).
    expect(await Promise.all([first, a, b].map((w) => w.send(new GetCount())))).toEqual([0, 0, 0]);
    expect(journal.count('restarting:b')).toBe(2);
  });

  test('failures of dynamic children count against the restart intensity (OTP simple_one_for_one_escalation)', async () => {
    const system = newSystem();
    const p = system.spawn(pool(new Journal(), 'one-for-one', 1), { name: 'pool' });
    const a = await p.send(new Open('a'));
    const b = await p.send(new Open('b'));
    await a.send(new Crash()).catch(() => undefined);
    await b.send(new Crash()).catch(() => undefined);
    await until(() => !p.isAlive, 'the pool to give up');
    expect([a.isAlive, b.isAlive]).toEqual([false, false]);
  });
});

describe('Supervisor.startChild and stopChild (OTP start_child, terminate_child)', () => {
  test('children added from outside are supervised like declared ones, and can be removed for good', async () => {
    const journal = new Journal();
    const system = newSystem();
    const sup = Supervisor.start(system, { name: 'conns', strategy: 'one-for-one' });
    const conns = [1, 2, 3].map((i) => Supervisor.startChild(sup, { actor: Worker, name: `conn${i}`, args: [journal] }));
    await conns[1].send(new Bump());
    await conns[1].send(new Crash()).catch(() => undefined);
    expect(await conns[1].send(new GetCount())).toBe(0);
    await Supervisor.stopChild(sup, conns[0]);
    await Supervisor.stopChild(sup, 'conn3');
    await settle();
    expect(Supervisor.children(sup).map((c) => c.name)).toEqual(['conn2']);
    expect(journal.count('started:conn1')).toBe(1);
  });

  test('refuses an actor that is not a supervisor, and a child that is not its own', async () => {
    const system = newSystem();
    const plain = system.spawn(Worker, { name: 'plain' });
    const sup = Supervisor.start(system, { name: 'sup' });
    expect(() => Supervisor.startChild(plain, { actor: Worker })).toThrow('/user/plain is not a supervisor');
    await expect(Supervisor.stopChild(sup, plain)).rejects.toThrow('is not a child of /user/sup');
    await sup.stop();
    expect(() => Supervisor.startChild(sup, { actor: Worker })).toThrow(ActorStoppedError);
  });
});

describe('@Child alongside dynamic children', () => {
  test('a class with only @Child supervises with the defaults', async () => {
    @Actor()
    class OnlyChildren {
      @Child(Worker) worker!: Addr<Worker>;
    }
    const system = newSystem();
    const sup = system.spawn(OnlyChildren, { name: 'sup' });
    const worker = Supervisor.child<Worker>(sup, 'worker')!;
    await worker.send(new Bump());
    await worker.send(new Crash()).catch(() => undefined);
    expect(await worker.send(new GetCount())).toBe(0);
    expect(Supervisor.children(sup).map((c) => c.restart)).toEqual(['permanent']);
  });
});
