import 'reflect-metadata';
import { Actor, Handler, Message, type Addr, type Context } from '@troupe/core';
import { Child, Supervise, Supervisor, type RestartType } from '@troupe/supervisor';
import { Bump, Crash, GetCount, Journal, newSystem, settle, stopSystems, StopYourself, until, Worker } from './helpers';

afterEach(stopSystems);

function supervising(restart: RestartType, journal: Journal) {
  @Actor()
  @Supervise({ maxRestarts: 10, withinMs: 3_600_000 })
  class Sup {
    @Child(Worker, { args: [journal], restart }) child1!: Addr<Worker>;
  }
  return Sup;
}

describe('restart types after a normal stop (OTP permanent_normal, transient_normal, temporary_normal)', () => {
  test('a permanent child that stops itself is started again under the same name and path', async () => {
    const journal = new Journal();
    const system = newSystem();
    const sup = system.spawn(supervising('permanent', journal), { name: 'sup' });
    const child = Supervisor.child<Worker>(sup, 'child1')!;
    await child.tell(new StopYourself());
    await until(() => journal.count('started:child1') === 2, 'the child to start again');
    const again = Supervisor.child<Worker>(sup, 'child1')!;
    expect(again.path).toBe('/user/sup/child1');
    expect(await again.send(new GetCount())).toBe(0);
  });

  test.each(['transient', 'temporary'] as const)('a %s child that stops itself stays stopped', async (restart) => {
    const journal = new Journal();
    const system = newSystem();
    const sup = system.spawn(supervising(restart, journal), { name: 'sup' });
    const child = Supervisor.child<Worker>(sup, 'child1')!;
    await child.tell(new StopYourself());
    await child.stopped;
    await settle();
    expect(journal.count('started:child1')).toBe(1);
    expect(Supervisor.children(sup)).toEqual([]);
    expect(sup.isAlive).toBe(true);
  });

  test('a permanent child stopped by Supervisor.stopChild stays stopped (OTP terminate_child)', async () => {
    const journal = new Journal();
    const system = newSystem();
    const sup = system.spawn(supervising('permanent', journal), { name: 'sup' });
    await Supervisor.stopChild(sup, 'child1');
    await settle();
    expect(journal.count('started:child1')).toBe(1);
    expect(Supervisor.children(sup)).toEqual([]);
  });
});

describe('restart types after a failure (OTP permanent_abnormal, transient_abnormal, temporary_abnormal)', () => {
  test.each(['permanent', 'transient'] as const)('a %s child that fails is restarted with its address', async (restart) => {
    const journal = new Journal();
    const system = newSystem();
    const sup = system.spawn(supervising(restart, journal), { name: 'sup' });
    const child = Supervisor.child<Worker>(sup, 'child1')!;
    await child.send(new Bump());
    await child.send(new Crash()).catch(() => undefined);
    expect(await child.send(new GetCount())).toBe(0);
    expect(child.isAlive).toBe(true);
    expect(journal.count('restarting:child1')).toBe(1);
  });

  test('a temporary child that fails is stopped with its failure as the cause, and forgotten', async () => {
    const journal = new Journal();
    const system = newSystem();
    const sup = system.spawn(supervising('temporary', journal), { name: 'sup' });
    const child = Supervisor.child<Worker>(sup, 'child1')!;
    const causes: unknown[] = [];
    system.events.on('actor:stopped', (e) => causes.push(e.cause));
    const boom = new Error('boom');
    await child.send(new Crash(boom)).catch(() => undefined);
    await child.stopped;
    expect(causes).toEqual([boom]);
    expect(journal.count('restarting:child1')).toBe(0);
    expect(Supervisor.children(sup)).toEqual([]);
    expect(sup.isAlive).toBe(true);
  });
});

// Follows actix `tests/test_supervisor.rs` (`test_supervisor_restart`): an actor that stops itself
// in a handler is restarted by its supervisor; `restarting` runs on the old instance each time.
describe('actix test_supervisor_restart', () => {
  class Die extends Message<void> {}
  const counters = { starts: 0, restarts: 0, messages: 0 };

  @Actor()
  class MyActor {
    started() {
      counters.starts++;
    }
    restarting() {
      counters.restarts++;
    }
    @Handler(Die) die(_: Die, ctx: Context<MyActor>) {
      counters.messages++;
      void ctx.stop();
    }
  }

  test('an actor that stops itself twice is started three times and handles both messages', async () => {
    const system = newSystem();
    const sup = Supervisor.start(system, { name: 'sup', children: [{ actor: MyActor, name: 'actor' }] });
    await settle();
    const first = Supervisor.child<MyActor>(sup, 'actor')!;
    first.doSend(new Die());
    await until(() => counters.starts === 2, 'the first restart');
    Supervisor.child<MyActor>(sup, 'actor')!.doSend(new Die());
    await until(() => counters.starts === 3, 'the second restart');
    expect(counters.messages).toBe(2);
  });
});
