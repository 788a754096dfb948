// The code of the "Testing actors" recipe (docs/recipes/testing.md includes this file), run by jest.
// #region setup
import { Actor, ActorSystem, Context, Handler, Message, TimeoutError, silentLogger } from '@troupe/core';

class Tick extends Message<void> {}
class Ticks extends Message<number> {}
class Slow extends Message<string> {}
class Crash extends Message<void> {}

@Actor()
class Metronome {
  private ticks = 0;

  started(ctx: Context<Metronome>): void {
    ctx.runInterval(1000, () => void ctx.self.doSend(new Tick()));
  }

  @Handler() tick(_: Tick): void {
    this.ticks += 1;
  }

  @Handler() count(_: Ticks): number {
    return this.ticks;
  }

  @Handler() async slow(_: Slow): Promise<string> {
    await new Promise((resolve) => setTimeout(resolve, 60_000));
    return 'done';
  }

  @Handler() crash(_: Crash): void {
    throw new Error('boom');
  }
}

// One system per test: no names or registries leak between tests.
let system: ActorSystem;
beforeEach(() => {
  system = new ActorSystem({ name: 'test', logger: silentLogger }); // failures on purpose stay quiet
});
afterEach(async () => {
  jest.useRealTimers();
  await system.shutdown({ timeoutMs: 1000 });
});
// #endregion setup

// #region plain
test('a new metronome has not ticked', async () => {
  const metronome = system.spawn(Metronome);
  await expect(metronome.send(new Ticks())).resolves.toBe(0);
});
// #endregion plain

// #region fake-timers
test('a metronome ticks once a second (fake timers)', async () => {
  jest.useFakeTimers(); // before spawning: the actor's timers are created in started()
  const metronome = system.spawn(Metronome);

  await jest.advanceTimersByTimeAsync(3_000); // fires the timers and lets the actor run
  expect(await metronome.send(new Ticks())).toBe(3);
});

test('a request that takes too long times out (fake timers)', async () => {
  jest.useFakeTimers();
  const metronome = system.spawn(Metronome);

  const reply = metronome.send(new Slow(), { timeoutMs: 5_000 });
  const settled = expect(reply).rejects.toBeInstanceOf(TimeoutError); // attach before advancing
  await jest.advanceTimersByTimeAsync(5_000);
  await settled;
  await metronome.kill(); // the handler is still waiting for its 60 s timer: don't wait for it
});
// #endregion fake-timers

// #region failures
test('a failing handler rejects the send, and the actor is restarted with fresh state', async () => {
  const metronome = system.spawn(Metronome);
  const restarted = new Promise((resolve) => system.events.once('actor:restarted', resolve));

  await expect(metronome.send(new Crash())).rejects.toThrow('boom');
  await expect(restarted).resolves.toMatchObject({ path: metronome.path, attempt: 1 });
  expect(metronome.isAlive).toBe(true); // same address, new instance
});
// #endregion failures
