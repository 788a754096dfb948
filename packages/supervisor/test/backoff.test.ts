import 'reflect-metadata';
import { Actor, type Addr } from '@troupe/core';
import { Child, Supervise, Supervisor, type BackoffOptions } from '@troupe/supervisor';
import { Bump, Crash, Journal, newSystem, settle, stopSystems, Worker } from './helpers';

beforeEach(() => jest.useFakeTimers());
afterEach(async () => {
  jest.restoreAllMocks();
  jest.useRealTimers();
  await stopSystems();
});

function start(backoff: BackoffOptions, strategy: 'one-for-one' | 'one-for-all' = 'one-for-one') {
  const journal = new Journal();
  @Actor()
  @Supervise({ strategy, maxRestarts: Infinity, backoff })
  class Sup {
    @Child(Worker, { args: [journal] }) worker!: Addr<Worker>;
    @Child(Worker, { args: [journal] }) sibling!: Addr<Worker>;
  }
  const system = newSystem();
  const sup = system.spawn(Sup, { name: 'sup' });
  const worker = Supervisor.child<Worker>(sup, 'worker')!;
  const sibling = Supervisor.child<Worker>(sup, 'sibling')!;
  return { journal, worker, sibling, restarts: () => journal.count('started:worker') - 1 };
}

/** Fails the worker, then returns how many ms of fake time pass before it has restarted. */
async function delayOfNextRestart(worker: Addr<Worker>, restarts: () => number): Promise<number> {
  const before = restarts();
  worker.doSend(new Crash());
  await settle();
  let waited = 0;
  while (restarts() === before) {
    if (waited > 60_000) throw new Error('no restart within 60 s');
    await jest.advanceTimersByTimeAsync(1);
    await settle(2);
    waited++;
  }
  return waited;
}

// OTP restarts at once; backoff follows Akka's BackoffSupervisor (exponential, jitter, auto reset).
describe('backoff (Akka BackoffSupervisor; OTP has none)', () => {
  test('the first restart waits minMs, then minMs × factor^n, capped at maxMs', async () => {
    const { worker, restarts } = start({ minMs: 100, maxMs: 1000, factor: 2, jitter: 0 });
    await settle();
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) delays.push(await delayOfNextRestart(worker, restarts));
    expect(delays).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  test('messages that arrive during the delay wait in the mailbox and all reach the new instance, in order', async () => {
    const { worker } = start({ minMs: 500, jitter: 0 });
    await settle();
    worker.doSend(new Crash());
    await settle();
    const replies: number[] = [];
    const sends = [1, 2, 3].map(() => worker.send(new Bump(), { timeoutMs: Infinity }).then((n) => replies.push(n)));
    await jest.advanceTimersByTimeAsync(499);
    await settle();
    expect(replies).toEqual([]);
    expect(worker.queued).toBe(3);
    await jest.advanceTimersByTimeAsync(1);
    await Promise.all(sends);
    expect(replies).toEqual([1, 2, 3]);
  });

  test('the delay starts over once the child has run resetAfterMs without failing', async () => {
    const { worker, restarts } = start({ minMs: 100, maxMs: 10_000, factor: 3, jitter: 0, resetAfterMs: 1000 });
    await settle();
    expect(await delayOfNextRestart(worker, restarts)).toBe(100);
    expect(await delayOfNextRestart(worker, restarts)).toBe(300);
    await jest.advanceTimersByTimeAsync(999);
    expect(await delayOfNextRestart(worker, restarts)).toBe(900);
    await jest.advanceTimersByTimeAsync(1000);
    expect(await delayOfNextRestart(worker, restarts)).toBe(100);
  });

  test('resetAfterMs defaults to maxMs', async () => {
    const { worker, restarts } = start({ minMs: 100, maxMs: 400, jitter: 0 });
    await settle();
    expect(await delayOfNextRestart(worker, restarts)).toBe(100);
    await jest.advanceTimersByTimeAsync(399);
    expect(await delayOfNextRestart(worker, restarts)).toBe(200);
    await jest.advanceTimersByTimeAsync(400);
    expect(await delayOfNextRestart(worker, restarts)).toBe(100);
  });

  test('jitter lengthens a delay by at most its fraction, never shortens it', async () => {
    const random = jest.spyOn(Math, 'random');
    const { worker, restarts } = start({ minMs: 100, maxMs: 10_000, factor: 2, jitter: 0.5 });
    await settle();
    random.mockReturnValue(0);
    expect(await delayOfNextRestart(worker, restarts)).toBe(100);
    random.mockReturnValue(0.5);
    expect(await delayOfNextRestart(worker, restarts)).toBe(250); // 200 × (1 + 0.5 × 0.5)
  });

  test('under one-for-all the old instances stop at once and the new ones start after the delay, messages waiting', async () => {
    const { worker, sibling, journal } = start({ minMs: 250, jitter: 0 }, 'one-for-all');
    await settle();
    await sibling.send(new Bump());
    worker.doSend(new Crash());
    await settle();
    const reply = sibling.send(new Bump(), { timeoutMs: Infinity });
    await jest.advanceTimersByTimeAsync(249);
    await settle();
    // OTP order: every old instance is stopped first (its restarting hook ran), none runs again yet.
    expect(journal.count('restarting:worker')).toBe(1);
    expect(journal.count('restarting:sibling')).toBe(1);
    expect(journal.count('started:worker')).toBe(1);
    expect(journal.count('started:sibling')).toBe(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(await reply).toBe(1); // a fresh instance
    expect(journal.count('started:worker')).toBe(2);
    expect(journal.count('started:sibling')).toBe(2);
  });
});
