/**
 * The async context that deadlock detection follows a handler with (internal/handler-context.ts):
 * who owns the code after an `await`, and when the process pays for the promise hooks behind it.
 */
import { Actor, Handler, Message } from '@troupe/core';
import { handlerContextOn, handlerOwner, releaseHandlerContext, runOwned, useHandlerContext } from '../src/internal/handler-context';
import { newSystem, stopSystems } from './helpers';

afterEach(stopSystems);

describe('the owner of the running code', () => {
  beforeEach(useHandlerContext);
  afterEach(releaseHandlerContext);

  it('is carried across awaits, into async functions the handler calls, and across timers', async () => {
    const owner = { name: 'a' };
    const seen: unknown[] = [];
    const inner = async (): Promise<void> => {
      await null;
      seen.push(handlerOwner());
    };
    await runOwned(owner, async () => {
      seen.push(handlerOwner());
      await Promise.resolve();
      seen.push(handlerOwner());
      await inner();
      await new Promise((resolve) => setTimeout(resolve, 1));
      seen.push(handlerOwner());
    });
    expect(seen).toEqual([owner, owner, owner, owner]);
    expect(handlerOwner()).toBeUndefined(); // the test's own code, after its await, belongs to nobody
  });

  it('is not carried into a reaction registered outside the owned code', async () => {
    const owner = { name: 'a' };
    const handlerPromise = runOwned(owner, async () => {
      await null;
      return 1;
    });
    let inThen: unknown = 'not run';
    await handlerPromise.then(() => {
      inThen = handlerOwner();
    });
    expect(inThen).toBeUndefined();
  });

  it('keeps two owners apart when their code interleaves', async () => {
    const a = { name: 'a' };
    const b = { name: 'b' };
    const seen: [string, unknown][] = [];
    const run = (owner: { name: string }) =>
      runOwned(owner, async () => {
        for (let i = 0; i < 3; i++) {
          await null;
          seen.push([owner.name, handlerOwner()]);
        }
      });
    await Promise.all([run(a), run(b)]);
    expect(seen).toHaveLength(6);
    for (const [name, owner] of seen) expect(owner).toBe(name === 'a' ? a : b);
  });
});

class Echo extends Message<number> {
  constructor(readonly value: number) {
    super();
  }
}

@Actor()
class PlainEcho {
  @Handler() echo(m: Echo): number {
    return m.value;
  }
}

@Actor()
class AsyncEcho {
  @Handler() async echo(m: Echo): Promise<number> {
    await null;
    return m.value;
  }
}

describe('the promise hooks of deadlock detection', () => {
  it('go on with the first handler that returns a promise, and off when the system shuts down', async () => {
    const system = newSystem({ detectDeadlocks: true });
    await expect(system.spawn(PlainEcho).send(new Echo(1))).resolves.toBe(1);
    expect(handlerContextOn()).toBe(false); // plain handlers: no promise of the process pays
    await expect(system.spawn(AsyncEcho).send(new Echo(2))).resolves.toBe(2);
    expect(handlerContextOn()).toBe(true);
    await system.shutdown();
    expect(handlerContextOn()).toBe(false);
  });

  it('stay on while any system that turned them on runs', async () => {
    const first = newSystem({ detectDeadlocks: true });
    const second = newSystem({ detectDeadlocks: true });
    await first.spawn(AsyncEcho).send(new Echo(1));
    await second.spawn(AsyncEcho).send(new Echo(2));
    await first.shutdown();
    expect(handlerContextOn()).toBe(true);
    await second.shutdown();
    await second.shutdown(); // twice: still one release
    expect(handlerContextOn()).toBe(false);
  });

  it('are never turned on by a system without detection', async () => {
    const system = newSystem();
    await system.spawn(AsyncEcho).send(new Echo(1));
    expect(handlerContextOn()).toBe(false);
  });
});
