import 'reflect-metadata';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Actor, Handler, Message, TimeoutError } from '@troupe/core';
import { deferred, newSystem, settle, stopSystems } from './helpers';

afterEach(() => {
  jest.useRealTimers();
  return stopSystems();
});

/**
 * `global.gc` (npm test runs jest with --expose-gc); else exposed now, which slows every later test
 * file of this jest worker, so it is only the fallback for running this file alone.
 */
const gc: () => void =
  (globalThis as { gc?: () => void }).gc ??
  (() => {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  })();

class Stuck extends Message<void> {}
class Ask extends Message<number> {
  constructor(readonly payload: number[]) {
    super();
  }
}

/** Takes one message and never finishes it: everything sent after waits. */
function stuckActor(capacity: number) {
  const never = deferred();
  @Actor({ mailbox: capacity })
  class Wedged {
    @Handler() stuck(_: Stuck): Promise<void> {
      return never.promise;
    }
    @Handler() ask(_: Ask): number {
      return 1;
    }
  }
  const addr = newSystem().spawn(Wedged, { name: 'wedged' });
  addr.doSend(new Stuck());
  return addr;
}

/** Sends `n` asks that time out after `timeoutMs`; returns weak references to their messages. */
async function timedOutAsks(addr: ReturnType<typeof stuckActor>, n: number, timeoutMs: number): Promise<WeakRef<Ask>[]> {
  const refs: WeakRef<Ask>[] = [];
  const outcomes: Promise<unknown>[] = [];
  for (let i = 0; i < n; i++) {
    const message = new Ask(new Array(64).fill(i));
    refs.push(new WeakRef(message));
    outcomes.push(addr.send(message, { timeoutMs }).catch((e: unknown) => e));
  }
  await jest.advanceTimersByTimeAsync(timeoutMs + 1);
  for (const outcome of await Promise.all(outcomes)) expect(outcome).toBeInstanceOf(TimeoutError);
  return refs;
}

/**
 * How many of the messages the gc collected. V8 may keep the very last object it touched alive a
 * little longer (a register, an inline cache), so "all" means all but at most one; before
 * requests left the mailbox when they timed out, none of them was collected.
 */
async function collected(refs: WeakRef<object>[]): Promise<number> {
  await settle(2);
  gc();
  await settle(2);
  gc();
  return refs.filter((r) => r.deref() === undefined).length;
}

describe('a request that timed out leaves at once: its slot is free and its memory released', () => {
  test('queued requests that time out leave the mailbox of a stuck actor', async () => {
    jest.useFakeTimers();
    const addr = stuckActor(10_000);
    await settle();
    const refs = await timedOutAsks(addr, 2_000, 50);
    expect(addr.queued).toBe(0);
    expect(await collected(refs)).toBeGreaterThanOrEqual(refs.length - 1);
  });

  test('requests waiting for room that time out leave the queue of senders, and the next sender gets the room', async () => {
    jest.useFakeTimers();
    const addr = stuckActor(1);
    await settle();
    addr.doSend(new Ask([])); // fills the one slot: later sends wait for room
    const refs = await timedOutAsks(addr, 2_000, 50);
    expect(addr.queued).toBe(1);
    expect(await collected(refs)).toBeGreaterThanOrEqual(refs.length - 1);
  });

  test('an aborted request leaves the mailbox at once too', async () => {
    const addr = stuckActor(100);
    await settle();
    const controller = new AbortController();
    const pending = [1, 2, 3].map(() => addr.send(new Ask([]), { signal: controller.signal, timeoutMs: Infinity }).catch((e: unknown) => e));
    expect(addr.queued).toBe(3);
    controller.abort(new Error('no longer needed'));
    expect(addr.queued).toBe(0);
    expect((await Promise.all(pending)).map((e) => (e as Error).message)).toEqual(['no longer needed', 'no longer needed', 'no longer needed']);
  });
});

describe('deadline bookkeeping holds nothing for durations with no pending request', () => {
  test('many distinct timeouts, all replied: a bounded number of idle queues is kept', async () => {
    @Actor()
    class Quick {
      @Handler() ask(_: Ask): number {
        return 1;
      }
    }
    const system = newSystem();
    const quick = system.spawn(Quick);
    await Promise.all(Array.from({ length: 5_000 }, (_, i) => quick.send(new Ask([]), { timeoutMs: 1_000 + i })));
    expect(system.deadlines.size).toBeLessThanOrEqual(9); // the default's and 8 kept idle for reuse
  });
});
