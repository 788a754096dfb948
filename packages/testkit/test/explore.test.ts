import 'reflect-metadata';
import { Actor, Handler, Message, type Addr, type Context } from '@troupe/core';
import { explore, ExploreFailure, formatTrace, TestKit, type Scenario } from '@troupe/testkit';

// A lost update, planted: a counter whose `add` reads the total from a store, awaits it, then
// writes it back. Made reentrant, two adds can both read before either writes.
class Read extends Message<number> {}
class Write extends Message<void> {
  constructor(readonly value: number) {
    super();
  }
}
class Add extends Message<void> {
  constructor(readonly n: number) {
    super();
  }
}
class Quote extends Message<number> {}
class Go extends Message<void> {}

@Actor()
class Store {
  private value = 0;
  @Handler(Read) read(): number {
    return this.value;
  }
  @Handler(Write) write(m: Write): void {
    this.value = m.value;
  }
}

@Actor()
class RacyCounter {
  constructor(private readonly store: Addr<Store>) {}
  @Handler({ message: Add, reentrant: true }) async add(m: Add): Promise<void> {
    const total = await this.store.send(new Read());
    await this.store.send(new Write(total + m.n));
  }
}

/** The same counter, atomic: one add at a time (the default, not reentrant). */
@Actor()
class AtomicCounter {
  constructor(private readonly store: Addr<Store>) {}
  @Handler(Add) async add(m: Add): Promise<void> {
    const total = await this.store.send(new Read());
    await this.store.send(new Write(total + m.n));
  }
}

/** What the clients need of a counter: either counter is one. */
interface Adder {
  add(m: Add): Promise<void>;
}

@Actor()
class Pricer {
  @Handler(Quote) quote(): number {
    return 2;
  }
}

/** A client that adds 1 as soon as it is told to go. */
@Actor()
class Direct {
  constructor(private readonly counter: Addr<Adder>) {}
  @Handler(Go) async go(): Promise<void> {
    await this.counter.send(new Add(1));
  }
}

/** A client that asks a pricer first, then adds what it was quoted. */
@Actor()
class Priced {
  constructor(
    private readonly counter: Addr<Adder>,
    private readonly pricer: Addr<Pricer>,
  ) {}
  @Handler(Go) async go(): Promise<void> {
    await this.counter.send(new Add(await this.pricer.send(new Quote())));
  }
}

function twoClients(Counter: typeof RacyCounter | typeof AtomicCounter): Scenario {
  return async (tk) => {
    const store = tk.system.spawn(Store, { name: 'store' });
    const pricer = tk.system.spawn(Pricer, { name: 'pricer' });
    const counter = tk.system.spawn(Counter, { name: 'counter', args: [store] });
    const a = tk.system.spawn(Direct, { name: 'a', args: [counter] });
    const b = tk.system.spawn(Priced, { name: 'b', args: [counter, pricer] });
    await Promise.all([a.send(new Go()), b.send(new Go())]);
    const total = await store.send(new Read());
    if (total !== 3) throw new Error(`lost update: the total is ${total}, not 3`);
  };
}

describe('explore', () => {
  test('in the runtime’s own order the racy counter passes: a plain test does not see the race', async () => {
    const tk = TestKit.create({ virtualTime: true });
    await twoClients(RacyCounter)(tk);
    await tk.shutdown();
  });

  test('finds the lost update within 200 schedules, with its seed and the trace of deliveries', async () => {
    const report = await explore(twoClients(RacyCounter), { schedules: 200, seed: 1 });
    expect(report.ok).toBe(false);
    expect(report.schedules).toBeLessThanOrEqual(200);
    expect(report.failures).toHaveLength(1);
    const failure = report.failures[0];
    expect(failure).toBeInstanceOf(ExploreFailure);
    // Either client's add may be the one lost, depending on the schedule found first.
    expect(String(failure.cause)).toMatch(/^Error: lost update: the total is [12], not 3$/);
    expect(failure.message).toContain(`failed after ${failure.steps} actor runs: Error: lost update`);
    expect(failure.message).toContain(`explore(scenario, { replay: ${failure.seed} })`);
    // The trace shows the race: both adds reach the counter before the store has answered either read.
    const deliveries = failure.trace.flatMap((e) => (e.kind === 'deliver' ? [`${e.actor} ← ${e.message}`] : []));
    const firstWrite = deliveries.findIndex((d) => d.startsWith('/user/store ← Write'));
    expect(deliveries.slice(0, firstWrite).filter((d) => d.startsWith('/user/counter ← Add'))).toHaveLength(2);
    expect(deliveries.slice(0, firstWrite).filter((d) => d === '/user/store ← Read {}')).toHaveLength(2);
  });

  test('a replay repeats the failing schedule exactly, every time', async () => {
    const { failures } = await explore(twoClients(RacyCounter), { schedules: 200, seed: 1 });
    const seed = failures[0].seed;
    const first = await explore(twoClients(RacyCounter), { replay: seed });
    const second = await explore(twoClients(RacyCounter), { replay: seed });
    expect(first.ok).toBe(false);
    expect(first.trace.length).toBeGreaterThan(10);
    expect(first.trace).toEqual(failures[0].trace);
    expect(second.trace).toEqual(first.trace);
    expect(second.failures[0].message).toBe(first.failures[0].message);
    expect(formatTrace(second.trace)).toBe(formatTrace(first.trace));
  });

  test('passes every schedule of the atomic counter', async () => {
    const report = await explore(twoClients(AtomicCounter), { schedules: 200, seed: 1 });
    expect(report).toEqual({ ok: true, schedules: 200, failures: [], trace: [] });
  });

  test('the same seed gives the same results; another seed other schedules', async () => {
    const summary = async (seed: number) => {
      const r = await explore(twoClients(RacyCounter), { schedules: 200, seed });
      return { schedules: r.schedules, seed: r.failures[0]?.seed, trace: formatTrace(r.failures[0]?.trace ?? []) };
    };
    const once = await summary(7);
    expect(await summary(7)).toEqual(once);
    const others = await Promise.all([8, 9, 10].map(summary));
    expect(others.some((o) => o.seed !== once.seed)).toBe(true);
  });

  test('the bounded-preemption strategy finds it too, and replays with the same strategy', async () => {
    const strategy = { preemptions: 2 };
    const report = await explore(twoClients(RacyCounter), { schedules: 200, seed: 1, strategy });
    expect(report.ok).toBe(false);
    const replay = await explore(twoClients(RacyCounter), { replay: report.failures[0].seed, strategy });
    expect(replay.trace).toEqual(report.failures[0].trace);
    // with no preemption at all it is the runtime's own order, every time: the race stays hidden
    expect((await explore(twoClients(RacyCounter), { schedules: 20, strategy: { preemptions: 0 } })).ok).toBe(true);
  });

  test('a scenario that waits for ever fails as stuck, instead of hanging', async () => {
    @Actor()
    class Silent {
      @Handler(Quote) quote(): Promise<number> {
        return new Promise(() => undefined);
      }
    }
    const report = await explore(
      async (tk) => {
        await tk.system.spawn(Silent).send(new Quote(), { timeoutMs: Infinity });
      },
      { schedules: 3 },
    );
    expect(report.failures[0].message).toMatch(/stuck: the scenario waits, but no actor can run and no timer is pending \(1 handler promises pending\)/);
  });

  test('when nothing can run, virtual time moves to the next timer: a timeout fails the schedule rather than hanging it', async () => {
    @Actor()
    class Silent {
      @Handler(Quote) quote(): Promise<number> {
        return new Promise(() => undefined);
      }
    }
    const report = await explore(async (tk) => {
      await tk.system.spawn(Silent).send(new Quote(), { timeoutMs: 3_600_000 });
    });
    expect(String(report.failures[0].cause)).toMatch(/TimeoutError/);
    expect(report.failures[0].trace).toContainEqual({ kind: 'timer', at: 3_600_000 });
  });

  test('a livelock fails the schedule after maxSteps actor runs', async () => {
    @Actor()
    class Echo {
      @Handler(Go) go(_: Go, ctx: Context<Echo>): void {
        ctx.self.doSend(new Go());
      }
    }
    const report = await explore(
      async (tk) => {
        tk.system.spawn(Echo).doSend(new Go());
        await new Promise(() => undefined);
      },
      { schedules: 1, maxSteps: 1_000 },
    );
    expect(report.failures[0].message).toMatch(/did not finish within 1000 actor runs/);
  });

  test('probes, advance and runUntilIdle work inside a scenario', async () => {
    @Actor()
    class Delayed {
      @Handler(Add) add(m: Add, ctx: Context<Delayed>): void {
        ctx.runLater(1_000, () => undefined);
      }
    }
    const report = await explore(
      async (tk) => {
        const probe = tk.probe<Add>();
        tk.system.spawn(Delayed).doSend(new Add(1));
        probe.doSend(new Add(2));
        await tk.runUntilIdle();
        await probe.expectMessage(Add);
        await probe.expectNoMessage(500);
        await tk.advance(1_000);
        if (tk.now() !== 1_500) throw new Error(`time is ${tk.now()}`);
      },
      { schedules: 20 },
    );
    expect(report.failures).toEqual([]);
  });

  test('bad options are refused with a TypeError naming them', async () => {
    const ok: Scenario = () => undefined;
    await expect(explore(ok, { schedules: 0 })).rejects.toThrow('explore: schedules must be a positive integer, got 0');
    await expect(explore(ok, { seed: 1.5 })).rejects.toThrow('explore: seed must be an integer, got 1.5');
    await expect(explore(ok, { strategy: { preemptions: -1 } })).rejects.toThrow(/strategy must be 'random' or \{ preemptions/);
  });
});
