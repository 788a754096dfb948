import { spawnThreaded } from '@troupe/threads';
import type { Calculator } from './fixtures/calculator';
import { liveThreadCount } from '../src/internal/census';
import { calculator, fixture, misc, useSystem } from './support';

const { Add, BadInput, Divide, RESTARTING, STARTED, ThrowString, WhereAmI } = calculator;

describe('errors thrown in a thread', () => {
  const system = useSystem();
  const spawnCalculator = (lifecycle?: SharedArrayBuffer) =>
    spawnThreaded<Calculator>(system(), {
      module: fixture('calculator'),
      export: 'Calculator',
      threads: 1,
      name: 'calc',
      args: lifecycle === undefined ? [] : [lifecycle],
    });

  it('reach the caller of send with their name, message, stack, fields and class', async () => {
    const calc = spawnCalculator();
    const error = await calc.send(new Divide(1, 0)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadInput);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: 'BadInput', message: 'cannot divide 1 by zero', field: 'b' });
    expect((error as Error).stack).toMatch(/^BadInput: cannot divide 1 by zero\n\s+at Calculator\.divide \(.*fixtures[/\\]dist[/\\]calculator\.js/);
  });

  it('arrive as themselves when they are not Errors', async () => {
    const calc = spawnCalculator();
    await expect(calc.send(new ThrowString())).rejects.toBe('a plain string');
  });

  it('are failures of the threaded actor: its parent restarts it, the threads stay, each rebuilds its instance', async () => {
    const lifecycle = new SharedArrayBuffer(12);
    const counters = new Int32Array(lifecycle);
    const calc = spawnCalculator(lifecycle);
    const restarts: unknown[] = [];
    system().events.on('actor:restarted', (e) => restarts.push(e.cause));

    const before = await calc.send(new WhereAmI());
    await expect(calc.send(new Divide(1, 0))).rejects.toThrow(BadInput);
    const after = await calc.send(new WhereAmI());

    expect(restarts).toEqual([expect.any(BadInput)]);
    expect(after.threadId).toBe(before.threadId); // same thread
    expect(after.instance).not.toBe(before.instance); // fresh instance
    expect(after.handled).toBe(1);
    expect(Atomics.load(counters, RESTARTING)).toBe(1); // `restarting` ran on the old instance, in the thread
    expect(Atomics.load(counters, STARTED)).toBe(2);
  });

  it('follow the actor class\'s own onFailure: resumed, the instance in the thread is kept', async () => {
    const actor = spawnThreaded<import('./fixtures/misc').Resilient>(system(), { module: fixture('misc'), export: 'Resilient', threads: 1 });
    const restarts: unknown[] = [];
    system().events.on('actor:restarted', (e) => restarts.push(e.cause));
    const instance = await actor.send(new misc.Flaky(false));
    await expect(actor.send(new misc.Flaky(true))).rejects.toThrow('flaked');
    expect(await actor.send(new misc.Flaky(false))).toBe(instance);
    expect(restarts).toEqual([]);
  });

  it('include failures in a thread outside any message, such as a timer that throws (with idleEventLoop)', async () => {
    const actor = spawnThreaded<import('./fixtures/misc').TimerUser>(system(), {
      module: fixture('misc'),
      export: 'TimerUser',
      threads: 1,
      idleEventLoop: true,
    });
    const restarted = new Promise<unknown>((resolve) => system().events.once('actor:restarted', (e) => resolve(e.cause)));
    await actor.send(new misc.ArmFailingTimer());
    expect(await restarted).toEqual(expect.objectContaining({ message: 'a timer failed in the thread' }));
  });

  it('stop the threaded actor after more restarts than the default strategy allows, and its threads exit', async () => {
    const calc = spawnCalculator();
    await calc.send(new Add(1, 1));
    const threadsBefore = liveThreadCount();
    for (let i = 0; i < 11; i++) await expect(calc.send(new Divide(i, 0))).rejects.toThrow(BadInput);
    await calc.stopped;
    expect(calc.isAlive).toBe(false);
    expect(liveThreadCount()).toBe(threadsBefore - 1);
  });
});
