import 'reflect-metadata';
import { Actor, Context, Handler, Message, type Addr } from '@troupe/core';
import { explore, TestKit } from '@troupe/testkit';

// The README's example, run.
class Pong extends Message<void> {}
class Ping extends Message<void> {
  constructor(readonly replyTo: Addr<unknown>) {
    super();
  }
}

@Actor()
class Ponger {
  @Handler() ping(m: Ping, ctx: Context<Ponger>): void {
    ctx.runLater(60_000, () => m.replyTo.doSend(new Pong()));
  }
}

test('the README example runs', async () => {
  const tk = TestKit.create({ virtualTime: true });
  const ponger = tk.system.spawn(Ponger);
  const probe = tk.probe<Pong>();
  ponger.doSend(new Ping(probe));
  await probe.expectNoMessage(59_999);
  await probe.expectMessage(Pong, { withinMs: 1 });
  await tk.runUntilIdle();
  await tk.shutdown();

  const report = await explore(
    async (kit) => {
      const p = kit.probe<Pong>();
      kit.system.spawn(Ponger).doSend(new Ping(p));
      await p.expectMessage(Pong, { withinMs: 60_000 });
    },
    { schedules: 100, seed: 1 },
  );
  if (!report.ok) throw report.failures[0];
  expect(report.schedules).toBe(100);
});
