import { Actor, ActorStoppedError, type Context } from '@troupe/core';
import { spawnThreaded } from '@troupe/threads';
import type { Calculator } from './fixtures/calculator';
import { liveThreadCount } from '../src/internal/census';
import { calculator, fixture, gate, misc, useSystem } from './support';

const { Add, Hold, STARTED, STOPPED } = calculator;

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('the lifecycle of a threaded actor', () => {
  const system = useSystem();
  const spawnCalculator = (threads: number, lifecycle = new SharedArrayBuffer(12)) =>
    spawnThreaded<Calculator>(system(), { module: fixture('calculator'), export: 'Calculator', threads, name: 'calc', args: [lifecycle] });

  it('runs started in each thread before its first message', async () => {
    const lifecycle = new SharedArrayBuffer(12);
    const calc = spawnCalculator(2, lifecycle);
    const open = gate();
    const held = [calc.send(new Hold(open.buffer)), calc.send(new Hold(open.buffer))]; // one per thread
    open.open();
    const threads = await Promise.all(held);
    expect(new Set(threads).size).toBe(2);
    expect(Atomics.load(new Int32Array(lifecycle), STARTED)).toBe(2);
  });

  it('treats a started that throws in a thread as a failure: the message meets it, the restart mends it', async () => {
    const attempts = new SharedArrayBuffer(4);
    const actor = spawnThreaded<import('./fixtures/misc').BadStart>(system(), { module: fixture('misc'), export: 'BadStart', threads: 1, args: [attempts] });
    const restarts: unknown[] = [];
    system().events.on('actor:restarted', (e) => restarts.push(e.cause));
    await expect(actor.send(new misc.Job(1))).rejects.toThrow('cannot start the first time');
    expect(await actor.send(new misc.Job(2))).toBe(2);
    expect(restarts).toEqual([expect.objectContaining({ message: 'cannot start the first time' })]);
    expect(Atomics.load(new Int32Array(attempts), 0)).toBe(2);
  });

  it('keeps at most `threads` messages in flight; the rest wait in its mailbox', async () => {
    const calc = spawnCalculator(2);
    await calc.send(new Add(1, 1)); // running
    const open = gate();
    const held = Array.from({ length: 5 }, () => calc.send(new Hold(open.buffer)));
    await turn();
    expect(calc.queued).toBe(3);
    open.open();
    expect(await Promise.all(held)).toHaveLength(5);
  });

  it('stops gracefully: in-flight and queued messages finish, each instance runs stopped, then the threads exit', async () => {
    const lifecycle = new SharedArrayBuffer(12);
    const calc = spawnCalculator(2, lifecycle);
    await calc.send(new Add(1, 1));
    const threadsBefore = liveThreadCount();
    const order: string[] = [];
    const open = gate();
    const held = [calc.send(new Hold(open.buffer)), calc.send(new Hold(open.buffer))].map((p) => p.then(() => order.push('held')));
    const queued = calc.send(new Add(2, 3)).then((n) => order.push(`add ${n}`));
    await turn();
    const stopped = calc.stop().then(() => order.push('stopped'));
    await expect(calc.send(new Add(0, 0))).rejects.toThrow(ActorStoppedError); // accepts nothing new, though both threads are busy
    open.open();
    await Promise.all([...held, queued, stopped]);
    expect(order).toHaveLength(4);
    expect(order.slice(0, 3).sort()).toEqual(['add 5', 'held', 'held']); // in whatever order the threads finish
    expect(order[3]).toBe('stopped');
    expect(Atomics.load(new Int32Array(lifecycle), STOPPED)).toBe(2);
    expect(liveThreadCount()).toBe(threadsBefore - 2);
  });

  it('is killed at once: in-flight requests reject with ActorStoppedError and the threads are terminated', async () => {
    const lifecycle = new SharedArrayBuffer(12);
    const calc = spawnCalculator(1, lifecycle);
    await calc.send(new Add(1, 1));
    const threadsBefore = liveThreadCount();
    const open = gate(); // never opened: the thread stays blocked until it is terminated
    const inFlight = calc.send(new Hold(open.buffer)).catch((e: unknown) => e);
    const queued = calc.send(new Add(1, 2)).catch((e: unknown) => e);
    await turn();
    await calc.kill();
    expect(await inFlight).toBeInstanceOf(ActorStoppedError);
    expect(await queued).toBeInstanceOf(ActorStoppedError);
    expect(liveThreadCount()).toBe(threadsBefore - 1);
    expect(Atomics.load(new Int32Array(lifecycle), STOPPED)).toBe(0); // no hooks run in a killed thread
  });

  it('leaves no worker thread behind after system.shutdown()', async () => {
    @Actor()
    class Parent {
      started(ctx: Context<Parent>): void {
        spawnThreaded<Calculator>(ctx, { module: fixture('calculator'), export: 'Calculator', threads: 2, name: 'child' });
      }
    }
    const top = spawnCalculator(2);
    system().spawn(Parent, { name: 'parent' });
    await top.send(new Add(1, 2));
    expect(liveThreadCount()).toBe(4);
    await system().shutdown();
    expect(liveThreadCount()).toBe(0);
  });

  // Last in this file: its threads are still being terminated when it ends.
  it('lets a kill cut a graceful stop short: the request in flight rejects at once', async () => {
    const calc = spawnCalculator(2);
    await calc.send(new Add(1, 1));
    const open = gate(); // never opened
    const inFlight = calc.send(new Hold(open.buffer)).catch((e: unknown) => e);
    await turn();
    const stopped = calc.stop(); // waits for the Hold, which never ends
    await turn();
    await calc.kill();
    await stopped;
    expect(await inFlight).toBeInstanceOf(ActorStoppedError);
  });
});
