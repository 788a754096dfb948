import 'reflect-metadata';
import { Actor, Message, type Addr } from '@troupe/core';
import { Child, Supervise, Supervisor, type BackoffOptions } from '@troupe/supervisor';
import { TestKit, type TestProbe } from '@troupe/testkit';
import { Bump, Crash, Journal, Worker } from './helpers';

// On the test kit's virtual time: a delay is measured exactly, and no test waits in real time.
let tk: TestKit;
afterEach(async () => {
  jest.restoreAllMocks();
  await tk.shutdown();
});

/** Sent to a probe each time the worker is restarted. */
class Restarted extends Message<void> {}

function start(backoff: BackoffOptions, strategy: 'one-for-one' | 'one-for-all' = 'one-for-one') {
  const journal = new Journal();
  @Actor()
  @Supervise({ strategy, maxRestarts: Infinity, backoff })
  class Sup {
    @Child(Worker, { args: [journal] }) worker!: Addr<Worker>;
    @Child(Worker, { args: [journal] }) sibling!: Addr<Worker>;
  }
  tk = TestKit.create({ virtualTime: true });
  const sup = tk.system.spawn(Sup, { name: 'sup' });
  const worker = Supervisor.child<Worker>(sup, 'worker')!;
  const sibling = Supervisor.child<Worker>(sup, 'sibling')!;
  const restarts = tk.probe<Restarted>();
  tk.system.events.on('actor:restarted', (e) => e.actor === worker && restarts.doSend(new Restarted()));
  return { journal, worker, sibling, restarts };
}

/** Fails the worker, then returns how many ms of virtual time pass before it is restarted. */
async function delayOfNextRestart(worker: Addr<Worker>, restarts: TestProbe<Restarted>): Promise<number> {
  worker.doSend(new Crash());
  const failedAt = tk.now();
  await restarts.expectMessage(Restarted, { withinMs: 60_000 }); // moves the clock just that far
  return tk.now() - failedAt;
}

// OTP restarts at once; backoff follows Akka's BackoffSupervisor (exponential, jitter, auto reset).
describe('backoff (Akka BackoffSupervisor; OTP has none)', () => {
  test('the first restart waits minMs, then minMs × factor^n, capped at maxMs', async () => {
    const { worker, restarts } = start({ minMs: 100, maxMs: 1000, factor: 2, jitter: 0 });
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) delays.push(await delayOfNextRestart(worker, restarts));
    expect(delays).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  test('messages that arrive during the delay wait in the mailbox and all reach the new instance, in order', async () => {
    const { worker } = start({ minMs: 500, jitter: 0 });
    worker.doSend(new Crash());
    await tk.runUntilIdle(); // the worker waits out its delay, nothing queued
    const replies: number[] = [];
    const sends = [1, 2, 3].map(() => worker.send(new Bump(), { timeoutMs: Infinity }).then((n) => replies.push(n)));
    await tk.advance(499);
    expect(replies).toEqual([]);
    expect(worker.queued).toBe(3);
    await tk.advance(1);
    await Promise.all(sends);
    expect(replies).toEqual([1, 2, 3]);
  });

  test('the delay starts over once the child has run resetAfterMs without failing', async () => {
    const { worker, restarts } = start({ minMs: 100, maxMs: 10_000, factor: 3, jitter: 0, resetAfterMs: 1000 });
    expect(await delayOfNextRestart(worker, restarts)).toBe(100);
    expect(await delayOfNextRestart(worker, restarts)).toBe(300);
    await tk.advance(999);
    expect(await delayOfNextRestart(worker, restarts)).toBe(900);
    await tk.advance(1000);
    expect(await delayOfNextRestart(worker, restarts)).toBe(100);
  });

  test('resetAfterMs defaults to maxMs', async () => {
    const { worker, restarts } = start({ minMs: 100, maxMs: 400, jitter: 0 });
    expect(await delayOfNextRestart(worker, restarts)).toBe(100);
    await tk.advance(399);
    expect(await delayOfNextRestart(worker, restarts)).toBe(200);
    await tk.advance(400);
    expect(await delayOfNextRestart(worker, restarts)).toBe(100);
  });

  test('jitter lengthens a delay by at most its fraction, never shortens it', async () => {
    const random = jest.spyOn(Math, 'random');
    const { worker, restarts } = start({ minMs: 100, maxMs: 10_000, factor: 2, jitter: 0.5 });
    random.mockReturnValue(0);
    expect(await delayOfNextRestart(worker, restarts)).toBe(100);
    random.mockReturnValue(0.5);
    expect(await delayOfNextRestart(worker, restarts)).toBe(250); // 200 × (1 + 0.5 × 0.5)
  });

  test('under one-for-all the old instances stop at once and the new ones start after the delay, messages waiting', async () => {
    const { worker, sibling, journal } = start({ minMs: 250, jitter: 0 }, 'one-for-all');
    await sibling.send(new Bump());
    worker.doSend(new Crash());
    const reply = sibling.send(new Bump(), { timeoutMs: Infinity });
    await tk.advance(249);
    // OTP order: every old instance is stopped first (its restarting hook ran), none runs again yet.
    expect(journal.count('restarting:worker')).toBe(1);
    expect(journal.count('restarting:sibling')).toBe(1);
    expect(journal.count('started:worker')).toBe(1);
    expect(journal.count('started:sibling')).toBe(1);
    await tk.advance(1);
    expect(await reply).toBe(1); // a fresh instance
    expect(journal.count('started:worker')).toBe(2);
    expect(journal.count('started:sibling')).toBe(2);
  });
});
