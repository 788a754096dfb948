import 'reflect-metadata';
import { Actor, ActorStoppedError, Handler, Message, type Addr, type Context } from '@troupe/core';
import { Child, Supervise, Supervisor } from '@troupe/supervisor';
import { deferred, Journal, newSystem, settle, stopSystems, Worker } from './helpers';

afterEach(async () => {
  jest.useRealTimers();
  await stopSystems();
});

/** Replies after `ms` of (fake) time: a handler still busy when its supervisor stops. */
class Sleep extends Message<void> {
  constructor(readonly ms: number) {
    super();
  }
}

@Actor()
class Sleeper {
  constructor(private readonly journal: Journal) {}
  @Handler(Sleep) async sleep(m: Sleep): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, m.ms));
  }
  stopped(ctx: Context<Sleeper>) {
    this.journal.add(`stopped:${ctx.name}`);
  }
}

describe('start order (OTP sup_start_normal, sup_start_fail)', () => {
  test('children start in declaration order, and the supervisor starts after them all', async () => {
    const journal = new Journal();
    const gate = deferred();
    @Actor()
    class SlowStarter {
      async started(ctx: Context<SlowStarter>) {
        await gate.promise;
        journal.add(`started:${ctx.name}`);
      }
    }
    @Actor()
    @Supervise()
    class Sup {
      @Child(Worker, { args: [journal] }) first!: Addr<Worker>;
      @Child(SlowStarter) slow!: Addr<SlowStarter>;
      @Child(Worker, { args: [journal] }) last!: Addr<Worker>;
      started() {
        journal.add('started:sup');
        journal.add(`sees ${[this.first, this.slow, this.last].map((a) => a.name).join(',')}`);
      }
    }
    const system = newSystem();
    system.spawn(Sup, { name: 'sup' });
    await settle();
    expect(journal.entries).toEqual(['started:first', 'started:last']);
    gate.resolve();
    await settle();
    expect(journal.entries).toEqual(['started:first', 'started:last', 'started:slow', 'started:sup', 'sees first,slow,last']);
  });

  test('a child constructor that throws refuses the supervisor spawn and stops the children already made', async () => {
    const journal = new Journal();
    @Actor()
    class Broken {
      constructor() {
        throw new Error('no config');
      }
    }
    @Actor()
    @Supervise()
    class Sup {
      @Child(Worker, { args: [journal] }) first!: Addr<Worker>;
      @Child(Broken) broken!: Addr<Broken>;
    }
    const system = newSystem();
    expect(() => system.spawn(Sup, { name: 'sup' })).toThrow('no config');
    expect(system.actors).toEqual([]);
    await settle();
    expect(journal.entries).toEqual(['stopped:first']);
  });
});

describe('stopping (OTP sup_stop_timeout, sup_stop_brutal_kill, sup_stop_infinity)', () => {
  test('children stop last started first, before the supervisor\'s own stopped', async () => {
    const journal = new Journal();
    @Actor()
    @Supervise()
    class Sup {
      @Child(Worker, { args: [journal] }) a!: Addr<Worker>;
      @Child(Worker, { args: [journal] }) b!: Addr<Worker>;
      @Child(Worker, { args: [journal] }) c!: Addr<Worker>;
      stopped() {
        journal.add('stopped:sup');
      }
    }
    const system = newSystem();
    const sup = system.spawn(Sup, { name: 'sup' });
    await settle();
    await sup.stop();
    expect(journal.entries.filter((e) => e.startsWith('stopped'))).toEqual(['stopped:c', 'stopped:b', 'stopped:a', 'stopped:sup']);
  });

  test('a child still busy after its shutdownMs is killed; the others stop gracefully', async () => {
    jest.useFakeTimers();
    const journal = new Journal();
    @Actor()
    @Supervise()
    class Sup {
      @Child(Sleeper, { args: [journal], shutdownMs: 1000 }) child1!: Addr<Sleeper>;
      @Child(Sleeper, { args: [journal], shutdownMs: 1000 }) child2!: Addr<Sleeper>;
    }
    const system = newSystem();
    const sup = system.spawn(Sup, { name: 'sup' });
    await settle();
    const child1 = Supervisor.child<Sleeper>(sup, 'child1')!;
    const child2 = Supervisor.child<Sleeper>(sup, 'child2')!;
    const sleeping = child2.send(new Sleep(200_000), { timeoutMs: Infinity });
    const outcome = sleeping.catch((e: unknown) => e);
    await settle();

    let supStopped = false;
    void sup.stop().then(() => (supStopped = true));
    await jest.advanceTimersByTimeAsync(999);
    expect(child1.isAlive).toBe(true); // waits its turn: child2 first
    expect(journal.entries).toEqual([]);
    expect(supStopped).toBe(false);

    await jest.advanceTimersByTimeAsync(1);
    await settle();
    expect(await outcome).toBeInstanceOf(ActorStoppedError);
    expect(supStopped).toBe(true);
    expect(journal.entries).toEqual(['stopped:child2', 'stopped:child1']);
  });

  test('shutdownMs 0 kills the child without waiting for its current message (brutal_kill)', async () => {
    jest.useFakeTimers();
    const journal = new Journal();
    @Actor()
    @Supervise()
    class Sup {
      @Child(Sleeper, { args: [journal], shutdownMs: 0 }) child!: Addr<Sleeper>;
    }
    const system = newSystem();
    const sup = system.spawn(Sup, { name: 'sup' });
    await settle();
    const outcome = Supervisor.child<Sleeper>(sup, 'child')!.send(new Sleep(60_000), { timeoutMs: Infinity }).catch((e: unknown) => e);
    await settle();
    const stopping = sup.stop();
    await jest.advanceTimersByTimeAsync(0);
    await stopping;
    expect(await outcome).toBeInstanceOf(ActorStoppedError);
  });

  test('a child that is a supervisor gets shutdownMs Infinity by default, so its own children get their full time', async () => {
    jest.useFakeTimers();
    const journal = new Journal();
    @Actor()
    @Supervise()
    class Inner {
      @Child(Sleeper, { args: [journal], shutdownMs: 8000 }) slow!: Addr<Sleeper>;
    }
    @Actor()
    @Supervise()
    class Outer {
      @Child(Inner) inner!: Addr<Inner>;
    }
    const system = newSystem();
    const outer = system.spawn(Outer, { name: 'outer' });
    await settle();
    const inner = Supervisor.child<Inner>(outer, 'inner')!;
    const slow = Supervisor.child<Sleeper>(inner, 'slow')!;
    const reply = slow.send(new Sleep(7000), { timeoutMs: Infinity });
    await settle();
    const stopping = outer.stop();
    await jest.advanceTimersByTimeAsync(7000); // longer than core's default 5000
    await stopping;
    await expect(reply).resolves.toBeUndefined(); // finished its message: stopped, not killed
    expect(journal.entries).toEqual(['stopped:slow']);
  });
});
