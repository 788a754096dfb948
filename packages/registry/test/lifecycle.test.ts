import 'reflect-metadata';
import { Actor, Handler, Message, type Addr, type Context } from '@troupe/core';
import { EXTENSIONS, type ActorCell, type ActorExtension } from '@troupe/core/internal';
import { Registered, Registry } from '@troupe/registry';
import { Crash, deferred, Echo, newSystem, settle, stopSystems, WhoAmI } from './helpers';

afterEach(stopSystems);

@Actor()
@Registered({ name: 'svc', group: 'svcs' })
class Service {
  @Handler() who(_: WhoAmI): string {
    return 'svc';
  }
  @Handler() crash(_: Crash): void {
    throw new Error('crash on purpose');
  }
}

describe('an actor leaves the registry at once when it stops', () => {
  test('a @Registered actor leaves its name and group on graceful stop', async () => {
    const system = newSystem();
    const registry = Registry.of(system);
    const svc = system.spawn(Service);
    expect(registry.lookup('svc')).toBe(svc);
    expect(registry.members('svcs')).toEqual([svc]);
    await svc.stop();
    expect(registry.lookup('svc')).toBeUndefined();
    expect(registry.members('svcs')).toEqual([]);
    expect(registry.names()).toEqual([]);
    expect(registry.groups()).toEqual([]);
  });

  test('a @Registered actor leaves its name and group when killed', async () => {
    const system = newSystem();
    const registry = Registry.of(system);
    const svc = system.spawn(Service);
    const changes: number[] = [];
    registry.subscribe('svcs', (members) => changes.push(members.length));
    await svc.kill();
    expect(registry.lookup('svc')).toBeUndefined();
    expect(registry.members('svcs')).toEqual([]);
    expect(changes).toEqual([0]);
  });

  test('an actor registered by hand leaves its names and groups on stop and on kill', async () => {
    const system = newSystem();
    const registry = Registry.of(system);
    const a = system.spawn(Echo);
    const b = system.spawn(Echo);
    registry.register('a', a);
    registry.join('echoes', a);
    registry.register('b', b);
    registry.join('echoes', b);
    const changes: Addr<unknown>[][] = [];
    registry.subscribe('echoes', (members) => changes.push([...members]));
    await a.stop();
    expect(registry.lookup('a')).toBeUndefined();
    expect(registry.members('echoes')).toEqual([b]);
    await b.kill();
    expect(registry.lookup('b')).toBeUndefined();
    expect(registry.members('echoes')).toEqual([]);
    expect(changes).toEqual([[b], []]);
  });

  test('registered children leave when their parent stops them', async () => {
    class SpawnChild extends Message<Addr<Service>> {}
    @Actor()
    class Parent {
      @Handler() spawn(_: SpawnChild, ctx: Context<Parent>): Addr<Service> {
        return ctx.spawn(Service);
      }
    }
    const system = newSystem();
    const parent = system.spawn(Parent);
    const child = await parent.send(new SpawnChild());
    expect(Registry.of(system).lookup('svc')).toBe(child);
    await parent.stop();
    expect(Registry.of(system).lookup('svc')).toBeUndefined();
  });

  test('an actor that is stopping is no longer found, though it has not stopped yet', async () => {
    const gate = deferred();
    class Slow extends Message<void> {}
    @Actor()
    @Registered({ name: 'slow', group: 'slows' })
    class SlowActor {
      @Handler() async slow(_: Slow): Promise<void> {
        await gate.promise;
      }
    }
    const system = newSystem();
    const registry = Registry.of(system);
    const slow = system.spawn(SlowActor);
    const other = system.spawn(Echo);
    void slow.tell(new Slow());
    void slow.tell(new Slow());
    await settle();
    const stopping = slow.stop();
    gate.resolve(); // the first handler ends; the actor drains the second one while stopping
    await settle(2);
    expect(slow.isAlive).toBe(false);
    expect(registry.lookup('slow')).toBeUndefined();
    expect(registry.members('slows')).toEqual([]);
    // and its name is free for a successor even before it is gone
    registry.register('slow', other);
    expect(registry.lookup('slow')).toBe(other);
    await stopping;
    expect(registry.lookup('slow')).toBe(other);
  });
});

describe('a restarted actor keeps its names and groups', () => {
  test('after a failure and restart, lookup and members give the same Addr and subscribers hear nothing', async () => {
    const system = newSystem();
    const registry = Registry.of(system);
    const svc = system.spawn(Service);
    const echo = system.spawn(Echo);
    registry.register('echo', echo);
    const changes: unknown[] = [];
    registry.subscribe('svcs', (m) => changes.push(m));
    const restarted: string[] = [];
    system.events.on('actor:restarted', (e) => restarted.push(e.path));

    await expect(svc.send(new Crash())).rejects.toThrow('crash on purpose');
    await expect(echo.send(new Crash())).rejects.toThrow('crash on purpose');
    await settle();

    expect(restarted.sort()).toEqual([echo.path, svc.path].sort());
    expect(registry.lookup('svc')).toBe(svc);
    expect(registry.lookup('echo')).toBe(echo);
    expect(registry.members('svcs')).toEqual([svc]);
    expect(changes).toEqual([]);
    await expect(registry.lookup<Service>('svc')!.send(new WhoAmI())).resolves.toBe('svc');
  });

  test('an actor stopped for failing too often (core default: 10 restarts in 10 s) leaves the registry', async () => {
    const system = newSystem();
    const registry = Registry.of(system);
    const svc = system.spawn(Service);
    for (let i = 0; i < 11; i++) {
      await svc.send(new Crash()).catch(() => undefined);
      await settle(3);
    }
    await svc.stopped;
    expect(registry.lookup('svc')).toBeUndefined();
    expect(registry.members('svcs')).toEqual([]);
  });
});

describe('the registry extension beside other extensions', () => {
  const calls: string[] = [];
  /** Stands for `@Supervise`/`@Child`: appends its own extension under the same metadata key. */
  function Other(refuse = false): ClassDecorator {
    const ext: ActorExtension = {
      spawned(cell: ActorCell) {
        calls.push(`other:spawned:${cell.name}`);
        if (refuse) throw new Error('refused by another extension');
      },
      terminated(cell: ActorCell) {
        calls.push(`other:terminated:${cell.name}`);
      },
    };
    return (target) => {
      const list = (Reflect.getMetadata(EXTENSIONS, target) as ActorExtension[] | undefined) ?? [];
      Reflect.defineMetadata(EXTENSIONS, [...list, ext], target);
    };
  }

  beforeEach(() => (calls.length = 0));

  test.each([
    ['before', true],
    ['after', false],
  ])('works whether another extension is declared %s it', async (_order, otherFirst) => {
    let Cls: new () => object;
    if (otherFirst) {
      @Other()
      @Actor()
      @Registered({ name: 'both', group: 'g' })
      class A {}
      Cls = A;
    } else {
      @Registered({ name: 'both', group: 'g' })
      @Actor()
      @Other()
      class B {}
      Cls = B;
    }
    const system = newSystem();
    const addr = system.spawn(Cls, { name: 'x' });
    expect(Registry.of(system).lookup('both')).toBe(addr);
    expect(calls).toEqual(['other:spawned:x']);
    await addr.stop();
    expect(calls).toEqual(['other:spawned:x', 'other:terminated:x']);
    expect(Registry.of(system).lookup('both')).toBeUndefined();
  });

  test('a spawn refused by another extension after the registry leaves no name behind', async () => {
    @Other(true)
    @Registered('refused')
    @Actor()
    class Refused {}
    const system = newSystem();
    expect(() => system.spawn(Refused)).toThrow('refused by another extension');
    await Promise.resolve();
    const registry = Registry.of(system);
    expect(registry.lookup('refused')).toBeUndefined();
    const echo = system.spawn(Echo);
    registry.register('refused', echo);
    expect(registry.lookup('refused')).toBe(echo);
  });

  test('stacked @Registered decorators add up, and the extension is attached once', async () => {
    @Actor()
    @Registered('primary')
    @Registered({ group: 'replicas' })
    @Registered({ group: 'readers' })
    class Replica {}
    const list = Reflect.getMetadata(EXTENSIONS, Replica) as unknown[];
    expect(list).toHaveLength(1);
    const system = newSystem();
    const replica = system.spawn(Replica);
    const registry = Registry.of(system);
    expect(registry.lookup('primary')).toBe(replica);
    expect(registry.members('replicas')).toEqual([replica]);
    expect(registry.members('readers')).toEqual([replica]);
  });

  test('a subclass inherits its base class registrations and adds its own', () => {
    @Actor()
    @Registered({ group: 'base' })
    class Base {}
    @Actor()
    @Registered({ group: 'derived' })
    class Derived extends Base {}
    const system = newSystem();
    const base = system.spawn(Base);
    const derived = system.spawn(Derived);
    const registry = Registry.of(system);
    expect(registry.members('base')).toEqual([base, derived]);
    expect(registry.members('derived')).toEqual([derived]);
  });
});
