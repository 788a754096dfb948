import 'reflect-metadata';
import { Actor, Handler, Message, type Addr, type Context } from '@troupe/core';
import { Child, RestartIntensityError, Supervise, Supervisor } from '@troupe/supervisor';
import { TestKit } from '@troupe/testkit';
import { Crash, Journal, newSystem, settle, stopSystems, until, Worker } from './helpers';

afterEach(stopSystems);

function sup(journal: Journal, maxRestarts: number, withinMs: number) {
  @Actor()
  @Supervise({ maxRestarts, withinMs })
  class Sup {
    @Child(Worker, { args: [journal] }) child1!: Addr<Worker>;
    @Child(Worker, { args: [journal] }) child2!: Addr<Worker>;
    @Child(Worker, { args: [journal] }) child3!: Addr<Worker>;
    stopped() {
      journal.add('stopped:sup');
    }
  }
  return Sup;
}

// OTP supervisor.erl: a sliding window of restart times per supervisor; more than MaxR in MaxT
// and the supervisor shuts its children down and exits (reached_max_restart_intensity).
describe('restart intensity (OTP multiple_restarts, one_for_one)', () => {
  test('restarts spread wider than the window never add up (OTP multiple_restarts)', async () => {
    const tk = TestKit.create({ virtualTime: true });
    const s = tk.system.spawn(sup(new Journal(), 1, 1000), { name: 'sup' });
    const child1 = Supervisor.child<Worker>(s, 'child1')!;
    for (let i = 0; i < 5; i++) {
      await child1.send(new Crash()).catch(() => undefined);
      await tk.advance(1000);
    }
    expect(s.isAlive).toBe(true);
    await child1.send(new Crash()).catch(() => undefined);
    await tk.advance(999);
    await child1.send(new Crash()).catch(() => undefined); // two within 1000 ms: more than 1
    await tk.runUntilIdle();
    expect(s.isAlive).toBe(false);
    await tk.shutdown();
  });

  test('the window slides: only the restarts of the last withinMs count', async () => {
    const tk = TestKit.create({ virtualTime: true });
    const s = tk.system.spawn(sup(new Journal(), 2, 1000), { name: 'sup' });
    const child1 = Supervisor.child<Worker>(s, 'child1')!;
    const crashAt = async (ms: number) => {
      await tk.advance(ms);
      await child1.send(new Crash()).catch(() => undefined);
    };
    await crashAt(0); // t=0
    await crashAt(600); // t=600
    await crashAt(500); // t=1100: the one at 0 has left the window
    expect(s.isAlive).toBe(true);
    await crashAt(300); // t=1400: 600, 1100, 1400 are three within 1000 ms
    await tk.runUntilIdle();
    expect(s.isAlive).toBe(false);
    await tk.shutdown();
  });

  test('maxRestarts 0 gives up at the first failure', async () => {
    const system = newSystem();
    const s = system.spawn(sup(new Journal(), 0, 5000), { name: 'sup' });
    await Supervisor.child<Worker>(s, 'child1')!.send(new Crash()).catch(() => undefined);
    await until(() => !s.isAlive, 'the supervisor to give up');
  });

  test('giving up stops the other children last started first, then the supervisor fails with RestartIntensityError', async () => {
    const journal = new Journal();
    const system = newSystem();
    const s = system.spawn(sup(journal, 0, 5000), { name: 'sup' });
    await settle();
    journal.entries.length = 0;
    await Supervisor.child<Worker>(s, 'child2')!.send(new Crash(new Error('db down'))).catch(() => undefined);
    await until(() => !s.isAlive, 'the supervisor to give up');
    await s.stopped;
    expect(journal.entries).toEqual(['stopped:child2', 'stopped:child3', 'stopped:child1', 'stopped:sup']);
  });

  test('under a plain actor, a supervisor that gave up is restarted by core with fresh children', async () => {
    const journal = new Journal();
    const Sup = sup(journal, 0, 5000);
    class Spawn extends Message<Addr<InstanceType<typeof Sup>>> {}
    @Actor()
    class Plain {
      @Handler(Spawn) spawn(_: Spawn, ctx: Context<Plain>) {
        return ctx.spawn(Sup, { name: 'sup' });
      }
    }
    const system = newSystem();
    const errors: unknown[] = [];
    system.events.on('actor:failed', (e) => errors.push(e.error));
    const plain = system.spawn(Plain, { name: 'plain' });
    const s = await plain.send(new Spawn());
    await settle();
    await Supervisor.child<Worker>(s, 'child1')!.send(new Crash()).catch(() => undefined);
    await until(() => journal.count('started:child1') === 2, 'the supervisor to be restarted');
    expect(errors[1]).toBeInstanceOf(RestartIntensityError);
    expect(s.isAlive).toBe(true);
    expect(Supervisor.children(s).map((c) => c.name)).toEqual(['child1', 'child2', 'child3']);
    // a fresh restart history: one more failure is again more than 0
    await Supervisor.child<Worker>(s, 'child3')!.send(new Crash()).catch(() => undefined);
    await until(() => journal.count('started:child1') === 3, 'the second restart');
  });

  test('Infinity never gives up', async () => {
    const system = newSystem();
    const s = system.spawn(sup(new Journal(), Infinity, 5000), { name: 'sup' });
    const child1 = Supervisor.child<Worker>(s, 'child1')!;
    for (let i = 0; i < 50; i++) await child1.send(new Crash()).catch(() => undefined);
    expect(s.isAlive).toBe(true);
  });
});
