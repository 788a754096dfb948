import 'reflect-metadata';
import { Actor, Handler, type Addr } from '@troupe/core';
import { Child, RestartIntensityError, Supervise, Supervisor, type SupervisorGaveUpEvent } from '@troupe/supervisor';
import { Bump, Crash, GetCount, Journal, newSystem, settle, stopSystems, until, Worker } from './helpers';

afterEach(stopSystems);

// Follows OTP supervisor_SUITE `one_for_one`: two permanent children, intensity 2; the first
// failure restarts only the failed child, and the third failure makes the supervisor give up.
function oneForOne(journal: Journal) {
  @Actor()
  @Supervise({ strategy: 'one-for-one', maxRestarts: 2, withinMs: 3_600_000 })
  class OneForOne {
    @Child(Worker, { args: [journal] }) child1!: Addr<Worker>;
    @Child(Worker, { args: [journal] }) child2!: Addr<Worker>;
  }
  return OneForOne;
}

describe('one-for-one (OTP one_for_one)', () => {
  test('a failed child is restarted alone: its sibling keeps its state, both keep their addresses', async () => {
    const journal = new Journal();
    const system = newSystem();
    const sup = system.spawn(oneForOne(journal), { name: 'sup' });
    await settle();
    const [child1, child2] = Supervisor.children(sup).map((c) => c.actor as Addr<Worker>);
    await child1.send(new Bump());
    await child2.send(new Bump());

    await expect(child1.send(new Crash(new Error('abnormal')))).rejects.toThrow('abnormal');

    expect(await child1.send(new GetCount())).toBe(0); // a new instance
    expect(await child2.send(new GetCount())).toBe(1); // untouched
    expect(Supervisor.children(sup).map((c) => c.actor)).toEqual([child1, child2]);
    expect(journal.count('restarting:child1')).toBe(1);
    expect(journal.count('restarting:child2')).toBe(0);
  });

  test('actor:restarted reports the attempt number and the cause', async () => {
    const system = newSystem();
    const restarts: Array<{ path: string; attempt: number; cause: unknown }> = [];
    system.events.on('actor:restarted', (e) => restarts.push({ path: e.path, attempt: e.attempt, cause: e.cause }));
    const sup = system.spawn(oneForOne(new Journal()), { name: 'sup' });
    const child1 = Supervisor.child<Worker>(sup, 'child1')!;
    const boom = new Error('boom');
    await child1.send(new Crash(boom)).catch(() => undefined);
    await child1.send(new Crash(boom)).catch(() => undefined);
    await child1.send(new GetCount());
    expect(restarts).toEqual([
      { path: '/user/sup/child1', attempt: 1, cause: boom },
      { path: '/user/sup/child1', attempt: 2, cause: boom },
    ]);
  });

  test('with maxRestarts 2 the third failure within the window makes the supervisor give up', async () => {
    const journal = new Journal();
    const system = newSystem();
    const gaveUp: SupervisorGaveUpEvent[] = [];
    const failures: unknown[] = [];
    system.events.on('supervisor:gave-up', (e) => gaveUp.push(e));
    system.events.on('system:failure', (e) => failures.push(e.cause));
    const sup = system.spawn(oneForOne(journal), { name: 'sup' });
    const child1 = Supervisor.child<Worker>(sup, 'child1')!;
    const child2 = Supervisor.child<Worker>(sup, 'child2')!;

    await child1.send(new Crash()).catch(() => undefined);
    await child2.send(new Crash()).catch(() => undefined);
    expect(gaveUp).toHaveLength(0);
    await child1.send(new Crash(new Error('third'))).catch(() => undefined);

    await until(() => !sup.isAlive, 'the supervisor to stop');
    expect(gaveUp).toHaveLength(1);
    expect(gaveUp[0]).toMatchObject({ path: '/user/sup', child: '/user/sup/child1', maxRestarts: 2 });
    expect(gaveUp[0].error).toBeInstanceOf(RestartIntensityError);
    expect(gaveUp[0].error.message).toContain('/user/sup gave up: more than 2 restarts');
    expect(child1.isAlive).toBe(false);
    expect(child2.isAlive).toBe(false);
    // A top-level supervisor that gives up takes the system down (OTP: the application stops).
    expect(failures).toHaveLength(1);
    expect(failures[0]).toBe(gaveUp[0].error);
    expect((failures[0] as RestartIntensityError).cause).toEqual(new Error('third'));
    expect(system.isShuttingDown).toBe(true);
  });

  test('a failing child that keeps failing on restart escalates through the intensity (OTP one_for_one_escalation)', async () => {
    let starts = 0;
    @Actor()
    class FailsOnRestart {
      started() {
        if (starts++ > 0) throw new Error('cannot start');
      }
      @Handler(Crash) crash(m: Crash) {
        throw m.error;
      }
    }
    @Actor()
    @Supervise({ maxRestarts: 4, withinMs: 3_600_000 })
    class Sup {
      @Child(FailsOnRestart) child1!: Addr<FailsOnRestart>;
      @Child(Worker) child2!: Addr<Worker>;
    }
    const system = newSystem();
    const sup = system.spawn(Sup, { name: 'sup' });
    await settle();
    const child2 = Supervisor.child<Worker>(sup, 'child2')!;
    const child1 = Supervisor.child<FailsOnRestart>(sup, 'child1')!;
    await expect(child1.send(new Crash(new Error('abnormal')))).rejects.toThrow('abnormal');
    await until(() => !sup.isAlive, 'the supervisor to give up');
    expect(starts).toBe(5); // first start, then 4 restarts whose started() threw
    expect(child2.isAlive).toBe(false);
  });
});
