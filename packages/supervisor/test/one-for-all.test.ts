import 'reflect-metadata';
import { Actor, type Addr, type Context } from '@troupe/core';
import { Child, Supervise, Supervisor } from '@troupe/supervisor';
import { Bump, Crash, GetCount, Journal, newSystem, settle, stopSystems, StopYourself, until, Worker } from './helpers';

afterEach(stopSystems);

describe('one-for-all (OTP one_for_all)', () => {
  test('one failure restarts every child in place: all lose their state, none loses its address', async () => {
    const journal = new Journal();
    @Actor()
    @Supervise({ strategy: 'one-for-all', maxRestarts: 2, withinMs: 3_600_000 })
    class Sup {
      @Child(Worker, { args: [journal] }) child1!: Addr<Worker>;
      @Child(Worker, { args: [journal] }) child2!: Addr<Worker>;
    }
    const system = newSystem();
    const sup = system.spawn(Sup, { name: 'sup' });
    const [child1, child2] = Supervisor.children(sup).map((c) => c.actor as Addr<Worker>);
    await child1.send(new Bump());
    await child2.send(new Bump());
    journal.entries.length = 0;

    await child1.send(new Crash()).catch(() => undefined);

    expect(await child1.send(new GetCount())).toBe(0);
    expect(await child2.send(new GetCount())).toBe(0);
    expect(journal.count('restarting:child1')).toBe(1);
    expect(journal.count('restarting:child2')).toBe(1);
    // Both came back in start order.
    expect(journal.entries.filter((e) => e.startsWith('started'))).toEqual(['started:child1', 'started:child2']);
    expect(Supervisor.children(sup).map((c) => c.actor)).toEqual([child1, child2]);
  });

  test('messages queued for the siblings during the restart are all handled by the new instances', async () => {
    @Actor()
    @Supervise({ strategy: 'one-for-all' })
    class Sup {
      @Child(Worker) child1!: Addr<Worker>;
      @Child(Worker) child2!: Addr<Worker>;
    }
    const system = newSystem();
    const sup = system.spawn(Sup, { name: 'sup' });
    const child1 = Supervisor.child<Worker>(sup, 'child1')!;
    const child2 = Supervisor.child<Worker>(sup, 'child2')!;
    await settle();
    child1.doSend(new Crash());
    const bumps = [1, 2, 3].map(() => child2.send(new Bump()));
    expect(await Promise.all(bumps)).toEqual([1, 2, 3]);
  });

  test('the restart counts once against the intensity; the third failure gives up (OTP one_for_all)', async () => {
    @Actor()
    @Supervise({ strategy: 'one-for-all', maxRestarts: 2, withinMs: 3_600_000 })
    class Sup {
      @Child(Worker) child1!: Addr<Worker>;
      @Child(Worker) child2!: Addr<Worker>;
    }
    const system = newSystem();
    const sup = system.spawn(Sup, { name: 'sup' });
    const child1 = Supervisor.child<Worker>(sup, 'child1')!;
    const child2 = Supervisor.child<Worker>(sup, 'child2')!;
    await child1.send(new Crash()).catch(() => undefined);
    await child2.send(new Crash()).catch(() => undefined);
    expect(sup.isAlive).toBe(true);
    await child1.send(new Crash()).catch(() => undefined);
    await until(() => !sup.isAlive, 'the supervisor to give up');
    expect([child1.isAlive, child2.isAlive]).toEqual([false, false]);
  });

  test('a temporary bystander is stopped, not restarted, and the supervisor lives on (OTP temporary_bystander)', async () => {
    const journal = new Journal();
    @Actor()
    @Supervise({ strategy: 'one-for-all', maxRestarts: 2, withinMs: 300 })
    class Sup {
      @Child(Worker, { args: [journal] }) child1!: Addr<Worker>;
      @Child(Worker, { args: [journal], restart: 'temporary' }) child2!: Addr<Worker>;
    }
    const system = newSystem();
    const sup = system.spawn(Sup, { name: 'sup' });
    const child1 = Supervisor.child<Worker>(sup, 'child1')!;
    const child2 = Supervisor.child<Worker>(sup, 'child2')!;
    await child1.send(new Crash()).catch(() => undefined);
    await child2.stopped;
    expect(journal.count('restarting:child2')).toBe(0);
    expect(journal.count('stopped:child2')).toBe(1);
    expect(sup.isAlive).toBe(true);
    expect(Supervisor.children(sup).map((c) => c.name)).toEqual(['child1']);
  });

  test('a sibling that fails while the group restarts makes the group restart again (OTP one_for_all_other_child_fails_restart)', async () => {
    const journal = new Journal();
    let child2Starts = 0;
    @Actor()
    class FailsOnFirstRestart extends Worker {
      override started(ctx: Context<Worker>): void {
        super.started(ctx);
        if (++child2Starts === 2) throw new Error('cannot start');
      }
    }
    @Actor()
    @Supervise({ strategy: 'one-for-all', maxRestarts: 2, withinMs: 3_600_000 })
    class Sup {
      @Child(Worker, { args: [journal] }) child1!: Addr<Worker>;
      @Child(FailsOnFirstRestart, { args: [journal] }) child2!: Addr<FailsOnFirstRestart>;
    }
    const system = newSystem();
    const sup = system.spawn(Sup, { name: 'sup' });
    const child1 = Supervisor.child<Worker>(sup, 'child1')!;
    await child1.send(new Crash()).catch(() => undefined);
    await until(() => journal.count('started:child1') === 3 && child2Starts === 3, 'two group restarts');
    expect(journal.count('restarting:child1')).toBe(2);
    expect(journal.count('restarting:child2')).toBe(2);
    expect(sup.isAlive).toBe(true); // two restarts: within maxRestarts 2
    await child1.send(new Crash()).catch(() => undefined); // the third
    await until(() => !sup.isAlive, 'the supervisor to give up');
  });

  test('a permanent child that stops normally restarts all its siblings too', async () => {
    const journal = new Journal();
    @Actor()
    @Supervise({ strategy: 'one-for-all' })
    class Sup {
      @Child(Worker, { args: [journal] }) child1!: Addr<Worker>;
      @Child(Worker, { args: [journal] }) child2!: Addr<Worker>;
    }
    const system = newSystem();
    const sup = system.spawn(Sup, { name: 'sup' });
    await settle();
    const child1 = Supervisor.child<Worker>(sup, 'child1')!;
    await child1.tell(new StopYourself());
    await until(() => journal.count('started:child2') === 2, 'child2 to restart');
    expect(journal.count('restarting:child1')).toBe(1);
    expect(journal.count('restarting:child2')).toBe(1);
    expect(Supervisor.children(sup).map((c) => c.actor)).toEqual([child1, Supervisor.child(sup, 'child2')]);
  });
});
