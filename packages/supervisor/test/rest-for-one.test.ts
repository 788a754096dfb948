import 'reflect-metadata';
import { Actor, type Addr } from '@troupe/core';
import { Child, Supervise, Supervisor } from '@troupe/supervisor';
import { Bump, Crash, GetCount, Journal, newSystem, stopSystems, until, Worker } from './helpers';

afterEach(stopSystems);

function restForOne(journal: Journal, third: 'permanent' | 'temporary' = 'permanent') {
  @Actor()
  @Supervise({ strategy: 'rest-for-one', maxRestarts: 2, withinMs: 3_600_000 })
  class Sup {
    @Child(Worker, { args: [journal] }) child1!: Addr<Worker>;
    @Child(Worker, { args: [journal] }) child2!: Addr<Worker>;
    @Child(Worker, { args: [journal], restart: third }) child3!: Addr<Worker>;
  }
  return Sup;
}

async function bumpAll(children: Addr<Worker>[]): Promise<void> {
  for (const c of children) await c.send(new Bump());
}

describe('rest-for-one (OTP rest_for_one)', () => {
  test('a failure restarts the failed child and the ones started after it, not the ones before', async () => {
    const journal = new Journal();
    const system = newSystem();
    const sup = system.spawn(restForOne(journal), { name: 'sup' });
    const children = Supervisor.children(sup).map((c) => c.actor as Addr<Worker>);
    await bumpAll(children);
    journal.entries.length = 0;

    await children[1].send(new Crash()).catch(() => undefined);

    const counts = await Promise.all(children.map((c) => c.send(new GetCount())));
    expect(counts).toEqual([1, 0, 0]);
    expect(journal.entries.filter((e) => e.startsWith('started'))).toEqual(['started:child2', 'started:child3']);
    expect(Supervisor.children(sup).map((c) => c.actor)).toEqual(children);
  });

  test('a failure of the last child restarts it alone; of the first, all of them', async () => {
    const journal = new Journal();
    const system = newSystem();
    const sup = system.spawn(restForOne(journal), { name: 'sup' });
    const children = Supervisor.children(sup).map((c) => c.actor as Addr<Worker>);
    await bumpAll(children);
    await children[2].send(new Crash()).catch(() => undefined);
    expect(await Promise.all(children.map((c) => c.send(new GetCount())))).toEqual([1, 1, 0]);
    await bumpAll(children);
    await children[0].send(new Crash()).catch(() => undefined);
    expect(await Promise.all(children.map((c) => c.send(new GetCount())))).toEqual([0, 0, 0]);
  });

  test('the third failure within the window gives up, whichever child fails (OTP rest_for_one)', async () => {
    const system = newSystem();
    const sup = system.spawn(restForOne(new Journal()), { name: 'sup' });
    const children = Supervisor.children(sup).map((c) => c.actor as Addr<Worker>);
    await children[1].send(new Crash()).catch(() => undefined);
    await children[2].send(new Crash()).catch(() => undefined);
    expect(sup.isAlive).toBe(true);
    await children[1].send(new Crash()).catch(() => undefined);
    await until(() => !sup.isAlive, 'the supervisor to give up');
    expect(children.map((c) => c.isAlive)).toEqual([false, false, false]);
  });

  test('a temporary child after the failed one is stopped and forgotten (OTP temporary_bystander)', async () => {
    const journal = new Journal();
    const system = newSystem();
    const sup = system.spawn(restForOne(journal, 'temporary'), { name: 'sup' });
    const children = Supervisor.children(sup).map((c) => c.actor as Addr<Worker>);
    await children[0].send(new Crash()).catch(() => undefined);
    await children[2].stopped;
    expect(journal.count('restarting:child3')).toBe(0);
    expect(Supervisor.children(sup).map((c) => c.name)).toEqual(['child1', 'child2']);
    expect(sup.isAlive).toBe(true);
  });
});
