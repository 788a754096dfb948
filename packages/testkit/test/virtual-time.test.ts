import 'reflect-metadata';
import { Actor, ActorStoppedError, Handler, Message, TimeoutError, type Addr, type Context } from '@troupe/core';
import { Supervise, Supervisor } from '@troupe/supervisor';
import { Registry } from '@troupe/registry';
import { TestKit } from '@troupe/testkit';

class Note extends Message<void> {
  constructor(readonly text: string) {
    super();
  }
}
class Schedule extends Message<void> {
  constructor(
    readonly ms: number,
    readonly text: string,
    readonly to: Addr<unknown>,
  ) {
    super();
  }
}
class Hang extends Message<string> {}
class Tick extends Message<void> {}
class Ticks extends Message<number> {}
class Crash extends Message<void> {}

/** Sends notes later, on the actor's timers. */
@Actor()
class Scheduler {
  @Handler(Schedule) schedule(m: Schedule, ctx: Context<Scheduler>): void {
    ctx.runLater(m.ms, () => m.to.doSend(new Note(m.text)));
  }
  @Handler(Hang) hang(): Promise<string> {
    return new Promise(() => undefined);
  }
}

@Actor()
class Metronome {
  private ticks = 0;
  started(ctx: Context<Metronome>): void {
    ctx.runInterval(1000, () => void (this.ticks += 1));
    ctx.notifyLater(new Tick(), 500);
  }
  @Handler(Tick) tick(): void {
    this.ticks += 100;
  }
  @Handler(Ticks) count(): number {
    return this.ticks;
  }
}

@Actor()
class Fragile {
  @Handler(Crash) crash(): void {
    throw new Error('crash');
  }
}

let tk: TestKit;
afterEach(async () => {
  jest.useRealTimers();
  await tk?.shutdown();
});

describe('virtual time', () => {
  test('a timer fires when virtual time reaches it, not before, and time is where advance left it', async () => {
    tk = TestKit.create({ virtualTime: true });
    const scheduler = tk.system.spawn(Scheduler);
    const probe = tk.probe<Note>();
    scheduler.doSend(new Schedule(1000, 'later', probe));
    await tk.advance(999);
    expect(probe.received).toEqual([]);
    expect(tk.now()).toBe(999);
    await tk.advance(1);
    expect(probe.received).toEqual([new Note('later')]);
    expect(tk.now()).toBe(1000);
  });

  test('timers fire in due order, and in the order they were set when due together', async () => {
    tk = TestKit.create({ virtualTime: true });
    const scheduler = tk.system.spawn(Scheduler);
    const probe = tk.probe<Note>();
    for (const [ms, text] of [[300, 'c'], [100, 'a'], [200, 'b1'], [200, 'b2'], [300, 'd']] as const) {
      scheduler.doSend(new Schedule(ms, text, probe));
    }
    await tk.advance(1000);
    expect(probe.received.map((n) => n.text)).toEqual(['a', 'b1', 'b2', 'c', 'd']);
  });

  test('runInterval and notifyLater follow advance', async () => {
    tk = TestKit.create({ virtualTime: true });
    const metronome = tk.system.spawn(Metronome);
    await tk.advance(3_000);
    expect(await metronome.send(new Ticks())).toBe(103);
  });

  test('a one-hour send timeout fires after advance(1 h), in milliseconds of real time', async () => {
    tk = TestKit.create({ virtualTime: true });
    const scheduler = tk.system.spawn(Scheduler);
    const started = Date.now();
    const reply = scheduler.send(new Hang(), { timeoutMs: 3_600_000 });
    const rejected = expect(reply).rejects.toBeInstanceOf(TimeoutError);
    await tk.advance(3_599_999);
    let settled = false;
    reply.catch(() => (settled = true));
    await tk.advance(0);
    expect(settled).toBe(false);
    await tk.advance(1);
    await rejected;
    expect(Date.now() - started).toBeLessThan(2_000);
    await scheduler.kill();
  });

  test('a 0 ms timer fires without advance', async () => {
    tk = TestKit.create({ virtualTime: true });
    const scheduler = tk.system.spawn(Scheduler);
    const probe = tk.probe<Note>();
    scheduler.doSend(new Schedule(0, 'now', probe));
    expect(await probe.expectMessage(Note)).toEqual(new Note('now'));
    expect(tk.now()).toBe(0);
  });

  test('shutdownMs bounds a vetoed stop in virtual time; tk.shutdown moves the clock as stops need', async () => {
    @Actor({ shutdownMs: 60_000 })
    class Stubborn {
      stopping(): 'continue' {
        return 'continue';
      }
    }
    tk = TestKit.create({ virtualTime: true });
    const stubborn = tk.system.spawn(Stubborn);
    const stopped = stubborn.stop();
    await tk.advance(59_999);
    expect(stubborn.isAlive).toBe(true);
    await tk.advance(1);
    await stopped;
    expect(stubborn.isAlive).toBe(false);
    expect(tk.logs.some((l) => l.level === 'warn' && l.message.includes('/user/'))).toBe(true);

    // and a shutdown that has to wait for such a bound still takes no real time
    const another = TestKit.create({ virtualTime: true });
    another.system.spawn(Stubborn);
    const started = Date.now();
    await another.shutdown();
    expect(another.now()).toBeGreaterThanOrEqual(10_000); // the system's shutdown timeout, in virtual time
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  test('the default restart window (10 restarts within 10 s) counts virtual time', async () => {
    tk = TestKit.create({ virtualTime: true });
    const fragile = tk.system.spawn(Fragile);
    for (let i = 0; i < 10; i++) await fragile.send(new Crash()).catch(() => undefined);
    await tk.advance(10_000); // the ten restarts leave the window
    for (let i = 0; i < 10; i++) await fragile.send(new Crash()).catch(() => undefined);
    await tk.runUntilIdle();
    expect(fragile.isAlive).toBe(true);
    await fragile.send(new Crash()).catch(() => undefined); // the eleventh within 10 s
    await tk.runUntilIdle();
    expect(fragile.isAlive).toBe(false);
  });

  test('supervisor backoff and restart intensity follow virtual time', async () => {
    @Actor()
    @Supervise({ maxRestarts: 2, withinMs: 60_000, backoff: { minMs: 10_000, maxMs: 10_000, jitter: 0 } })
    class Sup {}
    tk = TestKit.create({ virtualTime: true });
    const sup = tk.system.spawn(Sup);
    const child = Supervisor.startChild(sup, { actor: Fragile, name: 'child' });
    await child.send(new Crash()).catch(() => undefined); // t = 0: first failure, restart in 10 s
    const during = child.send(new Crash(), { timeoutMs: Infinity }); // waits in the mailbox through the backoff
    await tk.advance(9_999);
    expect(child.queued).toBe(1);
    await tk.advance(1); // t = 10 s: restarted; the queued Crash is the second failure
    await expect(during).rejects.toThrow('crash');
    await tk.advance(10_000); // t = 20 s: restarted again
    expect(sup.isAlive).toBe(true);
    await child.send(new Crash()).catch(() => undefined); // the third failure within 60 s: more than 2
    await tk.runUntilIdle();
    expect(sup.isAlive).toBe(false);
    expect(tk.failures.map((f) => [f.actor, f.at])).toEqual([
      ['/user/$0/child', 0],
      ['/user/$0/child', 10_000],
      ['/user/$0/child', 20_000],
    ]);
    expect(tk.system.isShuttingDown).toBe(true); // a top-level supervisor that gives up takes the system down
  });

  test('registry.waitFor times out on virtual time', async () => {
    tk = TestKit.create({ virtualTime: true });
    const waiting = Registry.of(tk.system).waitFor('nobody', { timeoutMs: 86_400_000 });
    const rejected = expect(waiting).rejects.toBeInstanceOf(TimeoutError);
    await tk.advance(86_400_000);
    await rejected;
  });

  test('nothing reads the wall clock under virtual time', async () => {
    tk = TestKit.create({ virtualTime: true });
    const now = jest.spyOn(Date, 'now');
    const perf = jest.spyOn(performance, 'now');
    try {
      const metronome = tk.system.spawn(Metronome);
      const scheduler = tk.system.spawn(Scheduler);
      const hung = scheduler.send(new Hang(), { timeoutMs: 5_000 }).catch((e: unknown) => e);
      await tk.advance(10_000);
      expect(await hung).toBeInstanceOf(TimeoutError);
      expect(await metronome.send(new Ticks(), { timeoutMs: 1000 })).toBe(110);
      await metronome.stop();
      expect(now).not.toHaveBeenCalled();
      expect(perf).not.toHaveBeenCalled();
    } finally {
      now.mockRestore();
      perf.mockRestore();
    }
  });

  test("works under jest's fake timers: the kit's clock is its own", async () => {
    jest.useFakeTimers();
    tk = TestKit.create({ virtualTime: true });
    const scheduler = tk.system.spawn(Scheduler);
    const probe = tk.probe<Note>();
    scheduler.doSend(new Schedule(5_000, 'fired', probe));
    await probe.expectMessage(Note, { withinMs: 5_000 });
    expect(tk.now()).toBe(5_000);
  });

  test('advance needs virtual time and a finite number of ms', async () => {
    tk = TestKit.create();
    await expect(tk.advance(10)).rejects.toThrow(/virtual time/);
    const virtual = TestKit.create({ virtualTime: true });
    await expect(virtual.advance(-1)).rejects.toThrow(TypeError);
    await expect(virtual.advance(Infinity)).rejects.toThrow(TypeError);
    await virtual.shutdown();
  });

  test('a stopped actor’s timers are cancelled: advancing past them does nothing', async () => {
    tk = TestKit.create({ virtualTime: true });
    const scheduler = tk.system.spawn(Scheduler);
    const probe = tk.probe<Note>();
    scheduler.doSend(new Schedule(1_000, 'never', probe));
    await tk.runUntilIdle();
    await scheduler.stop();
    await tk.advance(2_000);
    expect(probe.received).toEqual([]);
    await expect(scheduler.send(new Hang())).rejects.toBeInstanceOf(ActorStoppedError);
  });
});
