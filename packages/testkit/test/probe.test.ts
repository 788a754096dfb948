import 'reflect-metadata';
import { Actor, Handler, Message, Terminated, type Addr, type Context, type Recipient } from '@troupe/core';
import { ExpectationError, TestKit } from '@troupe/testkit';

/** Asks for a Pong, to be sent to `replyTo`: a `Pinger` (a probe stands in for any actor). */
class Ping extends Message<void> {
  constructor(
    readonly n: number,
    readonly replyTo: Addr<Pinger>,
  ) {
    super();
  }
}
class Pong extends Message<void> {
  constructor(readonly n: number) {
    super();
  }
}
class Other extends Message<void> {}
class Later extends Message<void> {
  constructor(
    readonly ms: number,
    readonly to: Recipient<Pong>,
  ) {
    super();
  }
}
class Boom extends Message<void> {}

/** Answers a Ping with a Pong, at once; or later. Its own type is what callers name in `replyTo`. */
@Actor()
class Pinger {
  @Handler(Ping) ping(m: Ping): void {
    m.replyTo.doSend(new Pong(m.n));
  }
  @Handler(Pong) pong(_: Pong): void {}
  @Handler(Later) later(m: Later, ctx: Context<Pinger>): void {
    ctx.runLater(m.ms, () => m.to.doSend(new Pong(m.ms)));
  }
  @Handler(Boom) boom(): void {
    throw new Error('boom');
  }
}

let tk: TestKit;
afterEach(() => tk?.shutdown());

describe('probes under virtual time', () => {
  beforeEach(() => {
    tk = TestKit.create({ virtualTime: true });
  });

  test('expectMessage takes the next message by class, predicate or value, and resolves with it', async () => {
    const pinger = tk.system.spawn(Pinger);
    const probe = tk.probe<Pong>();
    for (const n of [1, 2, 3]) pinger.doSend(new Ping(n, probe));
    const first = await probe.expectMessage(Pong);
    expect(first.n).toBe(1);
    expect((await probe.expectMessage((p) => p.n === 2)).n).toBe(2);
    await probe.expectMessage(new Pong(3));
  });

  test('expectMessage fails on a different next message, naming what it expected and listing what came', async () => {
    const probe = tk.probe();
    probe.doSend(new Pong(7));
    probe.doSend(new Other());
    await probe.expectMessage(Pong);
    const failure = probe.expectMessage(Pong);
    await expect(failure).rejects.toBeInstanceOf(ExpectationError);
    await expect(failure).rejects.toThrow(
      [
        'expected a Pong, but the next message was Other {}.',
        'The probe /user/$probe-1 received (oldest first):',
        '  Pong { n: 7 }   (taken by an earlier expectation)',
        '  Other {}',
      ].join('\n'),
    );
  });

  test('expectMessage with no message: says none came, and that no virtual time passed unless withinMs is given', async () => {
    const probe = tk.probe<Pong>();
    await expect(probe.expectMessage(Pong)).rejects.toThrow(
      'expected a Pong (no virtual time passed; give withinMs to let timers fire), but none came.\nThe probe /user/$probe-1 has received nothing.',
    );
    await expect(probe.expectMessage((p) => p.n > 5, { withinMs: 100 })).rejects.toThrow(
      'expected a message that the predicate accepts within 100 ms of virtual time, but none came.',
    );
    expect(tk.now()).toBe(100);
  });

  test('expectMessage with withinMs moves virtual time only as far as it must', async () => {
    const pinger = tk.system.spawn(Pinger);
    const probe = tk.probe<Pong>();
    pinger.doSend(new Later(250, probe.recipient(Pong)));
    await probe.expectMessage(Pong, { withinMs: 1_000 });
    expect(tk.now()).toBe(250);
    pinger.doSend(new Later(250, probe.recipient(Pong)));
    await expect(probe.expectMessage(Pong, { withinMs: 249 })).rejects.toThrow(/within 249 ms of virtual time/);
    await probe.expectMessage(Pong, { withinMs: 1 });
  });

  test('a failed expectation mentions actor failures and dead letters that happened meanwhile', async () => {
    const pinger = tk.system.spawn(Pinger);
    const probe = tk.probe<Pong>();
    pinger.doSend(new Boom());
    await pinger.stop();
    pinger.doSend(new Ping(1, probe));
    const failure = probe.expectMessage(Pong);
    await expect(failure).rejects.toThrow(/Meanwhile:\n {2}\/user\/\$0 failed at 0 ms: Error: boom\n {2}a Ping to \/user\/\$0 went to dead letters \(stopped\)/);
  });

  test('expectNoMessage passes when nothing arrives within the window, fails naming what did', async () => {
    const pinger = tk.system.spawn(Pinger);
    const probe = tk.probe<Pong>();
    pinger.doSend(new Later(500, probe.recipient(Pong)));
    await probe.expectNoMessage(499);
    expect(tk.now()).toBe(499);
    await expect(probe.expectNoMessage(10)).rejects.toThrow('expected no message for 10 ms of virtual time, but received Pong { n: 500 }.');
    expect(tk.now()).toBe(500); // it failed as soon as the message came
  });

  test('expectNoMessage fails at once on a message received earlier and not taken', async () => {
    const probe = tk.probe();
    probe.doSend(new Other());
    await expect(probe.expectNoMessage(1_000)).rejects.toThrow('but received Other {}');
    expect(tk.now()).toBe(0);
  });

  test('expectTerminated resolves with the Terminated of a stopped actor, and fails for a live one', async () => {
    const pinger = tk.system.spawn(Pinger);
    const probe = tk.probe();
    await expect(probe.expectTerminated(pinger, { withinMs: 100 })).rejects.toThrow(`expected ${pinger.path} to stop within 100 ms of virtual time, but it is still alive.`);
    void pinger.stop();
    const terminated = await probe.expectTerminated(pinger);
    expect(terminated).toBeInstanceOf(Terminated);
    expect(terminated.actor).toBe(pinger);
    // an actor that stopped before the expectation: at once
    const other = tk.system.spawn(Pinger);
    await other.stop();
    await probe.expectTerminated(other);
    expect(probe.received).toEqual([]); // Terminated is not one of the probe's messages
  });

  test('fishForMessage skips messages until one is accepted', async () => {
    const pinger = tk.system.spawn(Pinger);
    const probe = tk.probe<Pong>();
    for (const n of [1, 2, 3, 4]) pinger.doSend(new Ping(n, probe));
    const found = await probe.fishForMessage(function isThree(p) {
      return p.n === 3;
    });
    expect(found.n).toBe(3);
    expect((await probe.receiveMessage()).n).toBe(4);
    await expect(probe.fishForMessage((p) => p.n === 9)).rejects.toThrow(/expected a message that the function accepts/);
  });

  test('fishForMessage names a named predicate in its failure', async () => {
    const probe = tk.probe<Pong>();
    probe.doSend(new Pong(1));
    const isNine = (p: Pong): boolean => p.n === 9;
    await expect(probe.fishForMessage(isNine)).rejects.toThrow('expected a message that isNine accepts (no virtual time passed; give withinMs to let timers fire), but it accepted none of the 1 message that came.\nThe probe /user/$probe-1 received (oldest first):\n  Pong { n: 1 }');
  });

  test('receiveN takes the next n messages, or fails listing the fewer that came', async () => {
    const pinger = tk.system.spawn(Pinger);
    const probe = tk.probe<Pong>();
    for (const n of [1, 2, 3]) pinger.doSend(new Ping(n, probe));
    expect((await probe.receiveN(2)).map((p) => p.n)).toEqual([1, 2]);
    await expect(probe.receiveN(2, { withinMs: 50 })).rejects.toThrow(/expected 2 messages within 50 ms of virtual time, but only 1 came\.\n[^\n]*\n {2}Pong \{ n: 1 \} {3}\(taken by an earlier expectation\)\n {2}Pong \{ n: 2 \} {3}\(taken by an earlier expectation\)\n {2}Pong \{ n: 3 \}$/);
  });

  test('a request to a probe is answered by its reply function', async () => {
    class Ask extends Message<number> {}
    const probe = tk.probe<Ask>({ reply: () => 42 });
    await expect(probe.send(new Ask())).resolves.toBe(42);
    await probe.expectMessage(Ask);
  });
});

describe('probes in real time', () => {
  beforeEach(() => {
    tk = TestKit.create();
  });

  test('expectMessage waits for a message in real time', async () => {
    const pinger = tk.system.spawn(Pinger);
    const probe = tk.probe<Pong>();
    pinger.doSend(new Later(20, probe.recipient(Pong)));
    await probe.expectMessage(Pong, { withinMs: 2_000 });
  });

  test('expectMessage fails after withinMs of real time', async () => {
    const probe = tk.probe<Pong>();
    const started = Date.now();
    await expect(probe.expectMessage(Pong, { withinMs: 30 })).rejects.toThrow('expected a Pong within 30 ms, but none came.');
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
  });

  test('expectMessage fails as soon as a wrong message arrives', async () => {
    const probe = tk.probe<Pong>();
    setTimeout(() => probe.doSend(new Other()), 5);
    await expect(probe.expectMessage(Pong, { withinMs: 2_000 })).rejects.toThrow('expected a Pong, but the next message was Other {}');
  });

  test('expectNoMessage waits its window of real time', async () => {
    const probe = tk.probe();
    await probe.expectNoMessage(20);
    setTimeout(() => probe.doSend(new Other()), 5);
    await expect(probe.expectNoMessage(200)).rejects.toThrow('expected no message for 200 ms, but received Other {}');
  });
});
