import { Actor, Handler, InvalidMessageError, Message, Terminated, type Addr, type Context } from '@troupe/core';
import { Registry } from '@troupe/registry';
import { Supervise, Supervisor } from '@troupe/supervisor';
import { spawnThreaded } from '@troupe/threads';
import type * as RegisteredModule from './fixtures/registered';
import type { Squarer } from './fixtures/registered';
import { liveThreadCount } from '../src/internal/census';
import { fixture, useSystem } from './support';

const { Explode, Square } = require(fixture('registered')) as typeof RegisteredModule;

const squarer = { module: fixture('registered'), export: 'Squarer', threads: 1 } as const;

describe('a threaded actor among other actors', () => {
  const system = useSystem();

  it('is registered by the @Registered decorators of its class, and leaves the registry when it stops', async () => {
    const addr = spawnThreaded<Squarer>(system(), { ...squarer, name: 'sq' });
    const registry = Registry.of(system());
    expect(registry.lookup<Squarer>('squarer')).toBe(addr);
    expect(registry.members<Squarer>('crunchers')).toEqual([addr]);
    expect((await registry.lookup<Squarer>('squarer')!.send(new Square(7))).value).toBe(49);
    await addr.stop();
    expect(registry.lookup('squarer')).toBeUndefined();
  });

  it('serves a router over its group; the router\'s messages are checked at the call too', async () => {
    const registry = Registry.of(system());
    const a = spawnThreaded<Squarer>(system(), { ...squarer, name: 'a' });
    registry.unregister('squarer'); // the name belongs to one actor; the group takes both
    const b = spawnThreaded<Squarer>(system(), { module: fixture('registered'), export: 'Squarer', threads: 1, name: 'b' });
    const router = registry.router<Squarer>('crunchers', { strategy: 'round-robin' });
    const replies = await Promise.all([1, 2, 3, 4].map((n) => router.send(new Square(n))));
    expect(replies.map((r) => r.value)).toEqual([1, 4, 9, 16]);
    expect(new Set(replies.map((r) => r.threadId)).size).toBe(2);
    const bad = new Square(1);
    Object.assign(bad, { callback: () => 1 });
    await expect(router.send(bad)).rejects.toThrow(InvalidMessageError);
    void [a, b];
  });

  it('can be watched: its watcher gets Terminated when it is killed', async () => {
    class Watch extends Message<void> {
      constructor(readonly target: Addr<Squarer>) {
        super();
      }
    }
    class Seen extends Message<string[]> {}
    @Actor()
    class Watcher {
      private readonly seen: string[] = [];
      @Handler(Watch) watch(m: Watch, ctx: Context<Watcher>): void {
        ctx.watch(m.target);
      }
      @Handler(Terminated) terminated(m: Terminated): void {
        this.seen.push(m.actor.path);
      }
      @Handler(Seen) report(_: Seen): string[] {
        return this.seen;
      }
    }
    const target = spawnThreaded<Squarer>(system(), { ...squarer, name: 'watched' });
    const watcher = system().spawn(Watcher);
    await watcher.send(new Watch(target));
    await target.kill();
    expect(await watcher.send(new Seen())).toEqual(['/user/watched']);
  });

  it('is supervised by a @Supervise parent: restarted in place, and given up on past its restart intensity', async () => {
    class Open extends Message<Addr<Squarer>> {}
    @Actor()
    @Supervise({ strategy: 'one-for-one', maxRestarts: 1, withinMs: 60_000 })
    class Pool {
      @Handler(Open) open(_: Open, ctx: Context<Pool>): Addr<Squarer> {
        return spawnThreaded<Squarer>(ctx, { ...squarer, name: 'worker' });
      }
    }
    const pool = system().spawn(Pool, { name: 'pool' });
    const worker = await pool.send(new Open());
    expect(Supervisor.child<Squarer>(pool, 'worker')).toBe(worker);
    const restarted: string[] = [];
    system().events.on('actor:restarted', (e) => restarted.push(e.path));
    const threads = liveThreadCount();

    await expect(worker.send(new Explode())).rejects.toThrow('exploded');
    expect((await worker.send(new Square(3))).value).toBe(9); // the supervisor restarted it; same address
    expect(restarted).toEqual(['/user/pool/worker']);
    expect(liveThreadCount()).toBe(threads); // a restart keeps the threads

    await expect(worker.send(new Explode())).rejects.toThrow('exploded'); // a second failure: the supervisor gives up
    await pool.stopped;
    expect(worker.isAlive).toBe(false);
    expect(liveThreadCount()).toBe(threads - 1);
  });
});
