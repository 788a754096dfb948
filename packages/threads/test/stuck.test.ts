import { Actor, ActorStoppedError, Handler, Message, TimeoutError, type Addr, type Context } from '@troupe/core';
import { spawnThreaded } from '@troupe/threads';
import type { Calculator } from './fixtures/calculator';
import { liveThreadCount } from '../src/internal/census';
import { calculator, fixture, gate, spinFlag, until, useSystem } from './support';

const { Add, Hold, Spin, STARTED, WhereAmI } = calculator;

/** Long enough for a replacement thread to boot on a loaded machine; a hang fails well before jest's limit. */
const REPLY_MS = 5_000;

describe('a threaded handler that never returns', () => {
  const system = useSystem();
  const spawnCalculator = (threads: number, lifecycle = new SharedArrayBuffer(12)) =>
    spawnThreaded<Calculator>(system(), { module: fixture('calculator'), export: 'Calculator', threads, name: 'calc', args: [lifecycle] });
  afterEach(() => jest.restoreAllMocks());
  const failures = (): unknown[] => {
    const seen: unknown[] = [];
    system().events.on('actor:failed', (event) => seen.push(event));
    return seen;
  };

  it('holds its thread only until its send times out: the thread is terminated and replaced, later messages are served', async () => {
    const lifecycle = new SharedArrayBuffer(12);
    const calc = spawnCalculator(1, lifecycle);
    const first = await calc.send(new WhereAmI());
    const threadsBefore = liveThreadCount();
    const failed = failures();
    const warn = jest.spyOn(system().logger, 'warn');
    const flag = spinFlag(); // never released: the loop never ends by itself

    await expect(calc.send(new Spin(flag.buffer), { timeoutMs: 200 })).rejects.toThrow(TimeoutError);

    const after = await calc.send(new WhereAmI(), { timeoutMs: REPLY_MS });
    expect(after.threadId).not.toBe(first.threadId); // a new thread
    expect(after.handled).toBe(1); // with a new instance, which ran started
    expect(Atomics.load(new Int32Array(lifecycle), STARTED)).toBe(2);
    expect(await calc.send(new Add(2, 3))).toBe(5);
    expect(failed).toEqual([]); // not a failure of the threaded actor: the caller already has its TimeoutError
    expect(warn).toHaveBeenCalledWith(
      expect.stringMatching(/^\/user\/calc: the request for Spin ended before the reply \(TimeoutError: no reply .*\); a worker thread still running it is terminated and replaced/),
    );
    await until(() => liveThreadCount() === threadsBefore); // the old thread exits: `threads` threads again
  });

  it('is ended the same way when the caller aborts its send', async () => {
    const calc = spawnCalculator(1);
    const first = await calc.send(new WhereAmI());
    const failed = failures();
    const flag = spinFlag();
    const controller = new AbortController();
    const sent = calc.send(new Spin(flag.buffer), { signal: controller.signal });
    await flag.spinning();

    controller.abort(new Error('no longer needed'));

    await expect(sent).rejects.toThrow('no longer needed');
    const after = await calc.send(new WhereAmI(), { timeoutMs: REPLY_MS });
    expect(after.threadId).not.toBe(first.threadId);
    expect(after.handled).toBe(1);
    expect(failed).toEqual([]);
  });

  it('replaces only the thread that ran it: the other thread keeps serving, with its instance', async () => {
    const calc = spawnCalculator(2);
    const warm = gate();
    const both = [calc.send(new Hold(warm.buffer)), calc.send(new Hold(warm.buffer))]; // one per thread
    warm.open();
    const original = new Set(await Promise.all(both));
    const flag = spinFlag();
    const spinning = calc.send(new Spin(flag.buffer), { timeoutMs: 200 }).catch((e: unknown) => e);
    await flag.spinning();

    const survivor = await calc.send(new WhereAmI()); // the other thread is free meanwhile
    expect(await spinning).toBeInstanceOf(TimeoutError);

    const open = gate();
    const held = [calc.send(new Hold(open.buffer), { timeoutMs: REPLY_MS }), calc.send(new Hold(open.buffer), { timeoutMs: REPLY_MS })];
    open.open();
    const now = new Set(await Promise.all(held));
    expect(now.size).toBe(2); // both threads serve again
    expect(now.has(survivor.threadId)).toBe(true);
    const [replacement] = [...now].filter((id) => id !== survivor.threadId);
    expect(original.has(replacement)).toBe(false);
    expect(original.has(survivor.threadId)).toBe(true);
  });

  it('is ended by a kill: in-flight requests reject, addr.stopped resolves and no thread is left', async () => {
    const calc = spawnCalculator(1);
    await calc.send(new Add(1, 1));
    const threadsBefore = liveThreadCount();
    const flag = spinFlag();
    const inFlight = calc.send(new Spin(flag.buffer)).catch((e: unknown) => e);
    await flag.spinning();

    await calc.kill();
    await calc.stopped;

    expect(await inFlight).toBeInstanceOf(ActorStoppedError);
    expect(liveThreadCount()).toBe(threadsBefore - 1); // terminated, and not replaced
  });

  it('cannot hold up a graceful stop beyond shutdownMs: the kill that ends it terminates the thread', async () => {
    class SpawnCalc extends Message<Addr<Calculator>> {}
    @Actor()
    class Parent {
      @Handler(SpawnCalc) spawnCalc(_: SpawnCalc, ctx: Context<Parent>): Addr<Calculator> {
        return spawnThreaded<Calculator>(ctx, { module: fixture('calculator'), export: 'Calculator', threads: 1, name: 'calc', shutdownMs: 100 });
      }
    }
    const parent = system().spawn(Parent, { name: 'parent' });
    const calc = await parent.send(new SpawnCalc());
    await calc.send(new Add(1, 1));
    const threadsBefore = liveThreadCount();
    const flag = spinFlag();
    const inFlight = calc.send(new Spin(flag.buffer)).catch((e: unknown) => e);
    await flag.spinning();

    await parent.stop(); // stops its child gracefully, which waits for the Spin, then kills it after 100 ms

    expect(calc.isAlive).toBe(false);
    expect(await inFlight).toBeInstanceOf(ActorStoppedError);
    await until(() => liveThreadCount() === threadsBefore - 1);
  });
});
