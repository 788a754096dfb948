import { Actor, ActorRef, Addr, Context, Handler, Message, Terminated, type Directive } from '@troupe/core';
import { deferred, newSystem, settle, stopSystems } from './helpers';

afterEach(async () => {
  jest.useRealTimers();
  await stopSystems();
});

class Work extends Message<number> {
  constructor(readonly n: number) {
    super();
  }
}
class Crash extends Message<void> {
  constructor(readonly error: unknown = new Error('crash')) {
    super();
  }
}
class CrashLater extends Message<void> {}
class Get extends Message<number> {}

/** An actor whose instances are numbered, to tell a restart from a resume. */
function counting(onFailure?: (e: unknown) => Directive | undefined) {
  const log: string[] = [];
  let instances = 0;
  @Actor({ onFailure })
  class Worker {
    readonly instance = ++instances;
    private total = 0;
    started(): void {
      log.push(`started#${this.instance}`);
    }
    restarting(_: Context<Worker>, cause: unknown): void {
      log.push(`restarting#${this.instance}:${(cause as Error).message}`);
    }
    @Handler() work(m: Work): number {
      this.total += m.n;
      log.push(`work#${this.instance}:${m.n}`);
      return this.instance;
    }
    @Handler() crash(m: Crash): void {
      throw m.error;
    }
    @Handler() async crashLater(_: CrashLater): Promise<void> {
      await Promise.resolve();
      throw new Error('async crash');
    }
    @Handler() get(_: Get): number {
      return this.total;
    }
  }
  return { Worker, log, instances: () => instances };
}

describe('failure and restart', () => {
  test('by default a failed actor restarts: restarting on the old instance, a new instance, started again', async () => {
    const { Worker, log } = counting();
    const addr = newSystem().spawn(Worker);
    await addr.tell(new Work(1));
    await addr.tell(new Crash(new Error('boom')));
    expect(await addr.send(new Work(2))).toBe(2);
    expect(log).toEqual(['started#1', 'work#1:1', 'restarting#1:boom', 'started#2', 'work#2:2']);
  });

  test('restart keeps the Addr and every queued message, in order', async () => {
    const { Worker, log } = counting();
    const system = newSystem();
    const addr = system.spawn(Worker);
    const restarted: ActorRef[] = [];
    system.events.on('actor:restarted', (e) => restarted.push(e.actor));
    addr.doSend(new Crash());
    const replies = [1, 2, 3, 4, 5].map((n) => addr.send(new Work(n)));
    expect(await Promise.all(replies)).toEqual([2, 2, 2, 2, 2]);
    expect(restarted).toEqual([addr]);
    expect(log.filter((l) => l.startsWith('work'))).toEqual(['work#2:1', 'work#2:2', 'work#2:3', 'work#2:4', 'work#2:5']);
  });

  test('resume keeps the instance and its state', async () => {
    const { Worker, instances } = counting(() => 'resume');
    const addr = newSystem().spawn(Worker);
    await addr.send(new Work(5));
    await addr.tell(new Crash());
    await addr.send(new Work(6));
    expect(await addr.send(new Get())).toBe(11);
    expect(instances()).toBe(1);
  });

  test('stop ends the actor; a watcher sees the failure as the Terminated cause', async () => {
    const { Worker } = counting(() => 'stop');
    const causes: unknown[] = [];
    class WatchIt extends Message<void> {
      constructor(readonly target: ActorRef) {
        super();
      }
    }
    @Actor()
    class Watcher {
      @Handler() watchIt(m: WatchIt, ctx: Context<Watcher>): void {
        ctx.watch(m.target);
      }
      @Handler() terminated(m: Terminated): void {
        causes.push(m.cause);
      }
    }
    const system = newSystem();
    const addr = system.spawn(Worker);
    await system.spawn(Watcher).tell(new WatchIt(addr));
    await settle();
    const error = new Error('fatal');
    await addr.tell(new Crash(error));
    await addr.stopped;
    await settle();
    expect(causes).toEqual([error]);
  });

  test.each([
    ['a handler that throws', () => new Crash(new Error('crash'))],
    ['a handler that rejects', () => new CrashLater()],
  ])('%s is a failure reported to the parent, and the send caller gets the error', async (_, make) => {
    const { Worker, log } = counting();
    const system = newSystem();
    const failed: string[] = [];
    system.events.on('actor:failed', (e) => failed.push(e.path));
    const addr = system.spawn(Worker, { name: 'w' });
    const error = await addr.send(make()).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/crash/);
    await addr.send(new Work(1));
    expect(failed).toEqual(['/user/w']);
    expect(log).toContain('started#2');
  });

  test('every failure source reaches the parent: started, stopping, timers, notified messages', async () => {
    jest.useFakeTimers();
    const failures: string[] = [];
    const sources = ['started', 'stopping', 'runLater', 'runInterval', 'notify'] as const;
    for (const source of sources) {
      @Actor({
        onFailure: (e) => {
          failures.push((e as Error).message);
          return 'stop';
        },
      })
      class Faulty {
        started(ctx: Context<Faulty>): void {
          if (source === 'started') throw new Error('started');
          if (source === 'runLater') ctx.runLater(10, () => {
            throw new Error('runLater');
          });
          if (source === 'runInterval') ctx.runInterval(10, () => {
            throw new Error('runInterval');
          });
          if (source === 'notify') ctx.notify(new Crash(new Error('notify')));
        }
        stopping(): void {
          if (source === 'stopping') throw new Error('stopping');
        }
        @Handler() crash(m: Crash): void {
          throw m.error;
        }
      }
      const addr = newSystem().spawn(Faulty);
      await settle();
      jest.advanceTimersByTime(10);
      await settle();
      if (source === 'stopping') void addr.stop();
      await addr.stopped;
    }
    expect(failures).toEqual([...sources]);
  });

  test('a failing child is handled by its parent actor’s strategy, not the root’s', async () => {
    const { Worker, log } = counting();
    class SpawnWorker extends Message<Addr<InstanceType<typeof Worker>>> {}
    @Actor()
    class Parent {
      @Handler() spawnWorker(_: SpawnWorker, ctx: Context<Parent>): Addr<InstanceType<typeof Worker>> {
        return ctx.spawn(Worker, { name: 'child' });
      }
    }
    const system = newSystem();
    const failed: string[] = [];
    system.events.on('actor:failed', (e) => failed.push(e.path));
    const parent = system.spawn(Parent, { name: 'parent' });
    const child = await parent.send(new SpawnWorker());
    await child.tell(new Crash());
    expect(await child.send(new Work(1))).toBe(2);
    expect(failed).toEqual(['/user/parent/child']);
    expect(log).toContain('restarting#1:crash');
    expect(parent.isAlive).toBe(true);
  });

  test('the default strategy allows 10 restarts in 10 s; the 11th failure in the window stops the actor', async () => {
    jest.useFakeTimers();
    const { Worker, instances } = counting();
    const addr = newSystem().spawn(Worker);
    for (let i = 0; i < 10; i++) {
      await addr.tell(new Crash());
      await addr.send(new Work(1));
      jest.advanceTimersByTime(100);
    }
    expect(instances()).toBe(11);
    expect(addr.isAlive).toBe(true);
    await addr.tell(new Crash());
    await addr.stopped;
    expect(instances()).toBe(11);
  });

  test('restarts outside the 10 s window do not count', async () => {
    jest.useFakeTimers();
    const { Worker, instances } = counting();
    const addr = newSystem().spawn(Worker);
    for (let i = 0; i < 25; i++) {
      await addr.tell(new Crash());
      await addr.send(new Work(1));
      jest.advanceTimersByTime(1001); // at most 10 restarts within any 10 s
    }
    expect(addr.isAlive).toBe(true);
    expect(instances()).toBe(26);
  });

  test('restart cancels the old instance’s timers and stops its children', async () => {
    jest.useFakeTimers();
    const ticks: number[] = [];
    const childStops: string[] = [];
    @Actor()
    class Kid {
      stopped(ctx: Context<Kid>): void {
        childStops.push(ctx.name);
      }
    }
    let n = 0;
    @Actor()
    class Parent {
      readonly id = ++n;
      started(ctx: Context<Parent>): void {
        ctx.runInterval(10, () => ticks.push(this.id));
        ctx.spawn(Kid, { name: `kid${this.id}` });
      }
      @Handler() crash(m: Crash): void {
        throw m.error;
      }
    }
    const addr = newSystem().spawn(Parent);
    await settle();
    jest.advanceTimersByTime(10);
    await settle();
    await addr.tell(new Crash());
    await settle();
    jest.advanceTimersByTime(10);
    await settle();
    expect(ticks).toEqual([1, 2]);
    expect(childStops).toEqual(['kid1']);
  });

  test('escalate makes the parent fail; a failure escalated past the top emits system:failure and shuts down', async () => {
    const { Worker } = counting(() => 'escalate');
    const system = newSystem();
    const failure = deferred<unknown>();
    system.events.on('system:failure', (e) => failure.resolve(e.cause));
    const addr = system.spawn(Worker);
    const error = new Error('unrecoverable');
    await addr.tell(new Crash(error));
    // The root's default strategy restarts a top-level actor; escalation from a top-level actor goes to the root itself.
    expect(await failure.promise).toBe(error);
    await system.shutdown();
    expect(addr.isAlive).toBe(false);
  });

  test('escalate from a child fails its parent, which its own parent restarts', async () => {
    const childCrash = new Error('child crash');
    let parents = 0;
    class GetChild extends Message<Addr<Kid>> {}
    @Actor({ onFailure: () => 'escalate' })
    class Kid {
      @Handler() crash(m: Crash): void {
        throw m.error;
      }
    }
    @Actor()
    class Parent {
      private kid?: Addr<Kid>;
      readonly id = ++parents;
      started(ctx: Context<Parent>): void {
        this.kid = ctx.spawn(Kid, { name: 'kid' });
      }
      @Handler() getChild(_: GetChild): Addr<Kid> {
        return this.kid!;
      }
    }
    const system = newSystem();
    const restarts: string[] = [];
    system.events.on('actor:restarted', (e) => restarts.push(`${e.path}:${(e.cause as Error).message}`));
    const parent = system.spawn(Parent, { name: 'p' });
    const kid = await parent.send(new GetChild());
    await kid.tell(new Crash(childCrash));
    const newKid = await parent.send(new GetChild());
    expect(restarts).toEqual(['/user/p:child crash']);
    expect(parents).toBe(2);
    expect(kid.isAlive).toBe(false); // the old parent instance's child was stopped with it
    expect(newKid).not.toBe(kid);
    expect(newKid.isAlive).toBe(true);
  });
});
