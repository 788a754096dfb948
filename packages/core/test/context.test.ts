import { Actor, ActorConfigError, ActorRef, Addr, Context, Handler, Message, Terminated } from '@troupe/core';
import { deferred, newSystem, settle, stopSystems } from './helpers';

afterEach(async () => {
  jest.useRealTimers();
  await stopSystems();
});

class Ping extends Message<void> {
  constructor(readonly n = 0) {
    super();
  }
}
class Info extends Message<string> {}
class Watch extends Message<void> {
  constructor(readonly target: ActorRef) {
    super();
  }
}
class SpawnChild extends Message<Addr<Child>> {
  constructor(readonly name: string) {
    super();
  }
}

@Actor()
class Child {
  @Handler() info(_: Info, ctx: Context<Child>): string {
    return `${ctx.path} parent=${ctx.parent?.path}`;
  }
}

describe('Context', () => {
  test('ctx.self is the actor’s own Addr, ctx.name and ctx.path its place, ctx.parent undefined at top level', async () => {
    let seen: Context<Probe> | undefined;
    @Actor()
    class Probe {
      @Handler() info(_: Info, ctx: Context<Probe>): string {
        seen = ctx;
        return ctx.name;
      }
    }
    const system = newSystem();
    const addr = system.spawn(Probe, { name: 'probe' });
    expect(await addr.send(new Info())).toBe('probe');
    expect(seen!.self).toBe(addr);
    expect(seen!.path).toBe('/user/probe');
    expect(seen!.parent).toBeUndefined();
    expect(seen!.system).toBe(system);
  });

  test('ctx.spawn makes a supervised child whose path shows the tree, and that stops before its parent', async () => {
    const order: string[] = [];
    @Actor()
    class Leaf {
      stopped(ctx: Context<Leaf>): void {
        order.push(ctx.path);
      }
      @Handler() info(_: Info, ctx: Context<Leaf>): string {
        return `${ctx.path} parent=${ctx.parent?.path}`;
      }
    }
    @Actor()
    class Pipeline {
      @Handler() spawnChild(m: SpawnChild, ctx: Context<Pipeline>): Addr<Child> {
        return ctx.spawn(Leaf, { name: m.name }) as unknown as Addr<Child>;
      }
      stopped(ctx: Context<Pipeline>): void {
        order.push(ctx.path);
      }
    }
    const pipeline = newSystem().spawn(Pipeline, { name: 'pipeline' });
    const reader = await pipeline.send(new SpawnChild('reader'));
    const writer = await pipeline.send(new SpawnChild('writer'));
    expect(await reader.send(new Info())).toBe('/user/pipeline/reader parent=/user/pipeline');
    await pipeline.stop();
    expect(order).toEqual(['/user/pipeline/writer', '/user/pipeline/reader', '/user/pipeline']);
    expect(writer.isAlive).toBe(false);
  });

  test('ctx.notify sends to self ignoring capacity; notifyLater delivers after the delay (fake timers)', async () => {
    jest.useFakeTimers();
    const got: number[] = [];
    @Actor({ mailbox: 1 })
    class Self {
      @Handler() ping(m: Ping, ctx: Context<Self>): void {
        got.push(m.n);
        if (m.n === 0) {
          for (let i = 1; i <= 3; i++) ctx.notify(new Ping(i));
          ctx.notifyLater(new Ping(99), 1000);
        }
      }
    }
    const addr = newSystem().spawn(Self);
    addr.doSend(new Ping(0));
    await settle();
    expect(got).toEqual([0, 1, 2, 3]);
    jest.advanceTimersByTime(999);
    await settle();
    expect(got).toEqual([0, 1, 2, 3]);
    jest.advanceTimersByTime(1);
    await settle();
    expect(got).toEqual([0, 1, 2, 3, 99]);
  });

  test('runInterval ticks inside the actor until cancelled; cancelling twice is harmless', async () => {
    jest.useFakeTimers();
    let ticks = 0;
    let handle: { cancel(): void } | undefined;
    @Actor()
    class Ticker {
      started(ctx: Context<Ticker>): void {
        handle = ctx.runInterval(100, () => {
          ticks++;
        });
      }
    }
    newSystem().spawn(Ticker);
    await settle();
    for (let i = 0; i < 3; i++) {
      jest.advanceTimersByTime(100);
      await settle();
    }
    expect(ticks).toBe(3);
    // Ticks never pile up: while one waits in the mailbox, further ticks are skipped.
    jest.advanceTimersByTime(350);
    await settle();
    expect(ticks).toBe(4);
    handle!.cancel();
    handle!.cancel();
    jest.advanceTimersByTime(1000);
    await settle();
    expect(ticks).toBe(4);
  });

  test('every timer dies with its actor', async () => {
    jest.useFakeTimers();
    let fired = 0;
    @Actor()
    class Timed {
      started(ctx: Context<Timed>): void {
        ctx.runLater(100, () => fired++);
        ctx.runInterval(50, () => fired++);
        ctx.notifyLater(new Ping(), 100);
      }
      @Handler() ping(_: Ping): void {
        fired++;
      }
    }
    const addr = newSystem().spawn(Timed);
    await settle();
    await addr.stop();
    jest.advanceTimersByTime(1000);
    await settle();
    expect(fired).toBe(0);
    // The system's own bookkeeping (the idle queue that bounded the stop) lets go within shutdownMs.
    jest.advanceTimersByTime(5000);
    expect(jest.getTimerCount()).toBe(0);
  });

  test('runLater runs between messages, never during an async handler', async () => {
    jest.useFakeTimers();
    const log: string[] = [];
    const hold = deferred();
    @Actor()
    class Careful {
      started(ctx: Context<Careful>): void {
        ctx.runLater(10, () => log.push('timer'));
      }
      @Handler() async ping(_: Ping): Promise<void> {
        log.push('handler:start');
        await hold.promise;
        log.push('handler:end');
      }
    }
    const addr = newSystem().spawn(Careful);
    addr.doSend(new Ping());
    await settle();
    jest.advanceTimersByTime(10);
    await settle();
    expect(log).toEqual(['handler:start']);
    hold.resolve();
    await settle();
    expect(log).toEqual(['handler:start', 'handler:end', 'timer']);
  });

  test.each([-1, NaN, Infinity])('notifyLater with a delay of %p is a clear error', async (delay) => {
    let error: unknown;
    @Actor()
    class Bad {
      @Handler() ping(_: Ping, ctx: Context<Bad>): void {
        try {
          ctx.notifyLater(new Ping(), delay);
        } catch (e) {
          error = e;
        }
      }
    }
    await newSystem().spawn(Bad, { name: 'bad' }).tell(new Ping());
    await settle();
    expect(error).toBeInstanceOf(ActorConfigError);
    expect((error as Error).message).toMatch(/runLater on \/user\/bad: the delay must be a finite number/);
  });

  test('watch delivers Terminated when the watched actor stops; watching twice is one watch', async () => {
    const terminated: Terminated[] = [];
    @Actor()
    class Watcher {
      @Handler() watch(m: Watch, ctx: Context<Watcher>): void {
        ctx.watch(m.target);
        ctx.watch(m.target);
      }
      @Handler() terminated(m: Terminated): void {
        terminated.push(m);
      }
    }
    const system = newSystem();
    const watcher = system.spawn(Watcher);
    const target = system.spawn(Child, { name: 'target' });
    await watcher.tell(new Watch(target));
    await settle();
    await target.stop();
    await settle();
    expect(terminated).toHaveLength(1);
    expect(terminated[0].actor).toBe(target);
    expect(terminated[0].cause).toBeUndefined();
  });

  test('watching an actor that already stopped delivers Terminated at once', async () => {
    const terminated: Terminated[] = [];
    @Actor()
    class Watcher {
      @Handler() watch(m: Watch, ctx: Context<Watcher>): void {
        ctx.watch(m.target);
      }
      @Handler() terminated(m: Terminated): void {
        terminated.push(m);
      }
    }
    const system = newSystem();
    const target = system.spawn(Child);
    await target.stop();
    await system.spawn(Watcher).tell(new Watch(target));
    await settle();
    expect(terminated.map((t) => t.actor)).toEqual([target]);
  });

  test('unwatch stops the notification', async () => {
    const terminated: Terminated[] = [];
    class Unwatch extends Message<void> {
      constructor(readonly target: ActorRef) {
        super();
      }
    }
    @Actor()
    class Watcher {
      @Handler() watch(m: Watch, ctx: Context<Watcher>): void {
        ctx.watch(m.target);
      }
      @Handler() unwatch(m: Unwatch, ctx: Context<Watcher>): void {
        ctx.unwatch(m.target);
      }
      @Handler() terminated(m: Terminated): void {
        terminated.push(m);
      }
    }
    const system = newSystem();
    const watcher = system.spawn(Watcher);
    const target = system.spawn(Child);
    await watcher.tell(new Watch(target));
    await watcher.tell(new Unwatch(target));
    await settle();
    await target.stop();
    await settle();
    expect(terminated).toEqual([]);
  });

  test('ctx.stop from a handler stops the actor gracefully after that message', async () => {
    const log: number[] = [];
    @Actor()
    class Quitter {
      @Handler() ping(m: Ping, ctx: Context<Quitter>): void {
        log.push(m.n);
        if (m.n === 2) void ctx.stop();
      }
    }
    const addr = newSystem().spawn(Quitter);
    for (let i = 1; i <= 4; i++) addr.doSend(new Ping(i));
    await addr.stopped;
    expect(log).toEqual([1, 2, 3, 4]); // queued messages are drained
  });

  test('ctx.terminate stops at once without draining', async () => {
    const log: number[] = [];
    @Actor()
    class Quitter {
      @Handler() ping(m: Ping, ctx: Context<Quitter>): void {
        log.push(m.n);
        if (m.n === 2) ctx.terminate();
      }
    }
    const addr = newSystem().spawn(Quitter);
    for (let i = 1; i <= 4; i++) addr.doSend(new Ping(i));
    await addr.stopped;
    expect(log).toEqual([1, 2]);
  });
});
