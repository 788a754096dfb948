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
  test('a permanent child that stops itself is restarted in place: same address, queued messages kept', async () => {
    const journal = new Journal();
    const system = newSystem();
    const sup = system.spawn(supervising('permanent', journal), { name: 'sup' });
    const child = Supervisor.child<Worker>(sup, 'child1')!;
    await child.send(new Bump());
    child.doSend(new StopYourself());
    const replies = await Promise.all([child.send(new Bump()), child.send(new Bump())]);
    expect(replies).toEqual([1, 2]); // a new instance, which got the messages queued behind the stop
    expect(child.isAlive).toBe(true);
    expect(Supervisor.child(sup, 'child1')).toBe(child);
    expect(journal.entries).toEqual(['started:child1', 'restarting:child1', 'started:child1']);
  });

  test('a permanent child that is killed is started again, as a new actor under the same name', async () => {
    const journal = new Journal();
    const system = newSystem();
    const restarted: string[] = [];
    system.events.on('actor:restarted', (e) => restarted.push(e.path));
    const sup = system.spawn(supervising('permanent', journal), { name: 'sup' });
    const child = Supervisor.child<Worker>(sup, 'child1')!;
    await settle();
    await child.kill();
    await settle();
    const again = Supervisor.child<Worker>(sup, 'child1')!;
    expect(again).not.toBe(child); // a kill drops the mailbox: the old address is dead
    expect(again.path).toBe('/user/sup/child1');
    expect(await again.send(new GetCount())).toBe(0);
    expect(restarted).toEqual(['/user/sup/child1']);
  });

  test('a transient child that is killed stays stopped (a kill without a failure is not abnormal)', async () => {
    const journal = new Journal();
    const system = newSystem();
    const sup = system.spawn(supervising('transient', journal), { name: 'sup' });
    await Supervisor.child<Worker>(sup, 'child1')!.kill();
    await settle();
    expect(Supervisor.children(sup)).toEqual([]);
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

  test('an actor that stops itself twice is started three times, restarted twice, and handles both messages', async () => {
    const system = newSystem();
    const sup = Supervisor.start(system, { name: 'sup', children: [{ actor: MyActor, name: 'actor' }] });
    const addr = Supervisor.child<MyActor>(sup, 'actor')!;
    addr.doSend(new Die());
    addr.doSend(new Die());
    await until(() => counters.starts === 3, 'the second restart');
    await settle();
    expect(counters).toEqual({ starts: 3, restarts: 2, messages: 2 });
    expect(Supervisor.child(sup, 'actor')).toBe(addr);
  });
});
