import 'reflect-metadata';
import { Actor, Handler, Message, type Addr, type Context } from '@troupe/core';
import { EXTENSIONS, type ActorCell, type ActorExtension } from '@troupe/core/internal';
import { NameTakenError, Registered, Registry } from '@troupe/registry';
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
    const killed = svc.kill();
    // told inside kill(), before its `stopped` hook has run
    expect(changes).toEqual([0]);
    expect(registry.lookup('svc')).toBeUndefined();
    await killed;
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

  test('group subscribers are told when a graceful stop begins, before a slow mailbox drain ends', async () => {
    class Slow extends Message<void> {
      constructor(readonly gate: Promise<void>) {
        super();
      }
    }
    @Actor()
    @Registered({ name: 'drainer', group: 'drainers' })
    class Drainer {
      @Handler() async slow(m: Slow): Promise<void> {
        await m.gate;
      }
    }
    const system = newSystem();
    const registry = Registry.of(system);
    const drainer = system.spawn(Drainer);
    registry.register('drainer-alias', drainer); // a name given by hand to a @Registered actor goes too
    const other = system.spawn(Echo);
    registry.join('drainers', other);
    const seen: { members: Addr<unknown>[]; lookup: unknown; names: string[]; alive: boolean }[] = [];
    registry.subscribe('drainers', (members) =>
      seen.push({ members: [...members], lookup: registry.lookup('drainer'), names: registry.names(), alive: drainer.isAlive }),
    );
    const first = deferred();
    const second = deferred();
    void drainer.tell(new Slow(first.promise));
    void drainer.tell(new Slow(second.promise));
    await settle();
    let stopped = false;
    const stopping = drainer.stop().then(() => void (stopped = true));
    await settle();
    expect(seen).toEqual([]); // the first message is still being handled: the stop has not begun

    first.resolve(); // the stop begins; the second message is drained, slowly
    await settle();
    expect(stopped).toBe(false);
    expect(seen).toEqual([{ members: [other], lookup: undefined, names: [], alive: false }]);
    expect(registry.members('drainers')).toEqual([other]);

    second.resolve();
    await stopping;
    expect(seen).toHaveLength(1); // told once, not again when it has fully stopped
    expect(registry.names()).toEqual([]);
  });

  test('an actor registered by hand (no @Registered) leaves its groups once it has fully stopped; reads skip it meanwhile', async () => {
    class Slow extends Message<void> {
      constructor(readonly gate: Promise<void>) {
        super();
      }
    }
    @Actor()
    class Plain {
      @Handler() async slow(m: Slow): Promise<void> {
        await m.gate;
      }
    }
    const system = newSystem();
    const registry = Registry.of(system);
    const plain = system.spawn(Plain);
    registry.register('plain', plain);
    registry.join('plains', plain);
    const changes: number[] = [];
    registry.subscribe('plains', (members) => changes.push(members.length));
    const first = deferred();
    const second = deferred();
    void plain.tell(new Slow(first.promise));
    void plain.tell(new Slow(second.promise));
    await settle();
    const stopping = plain.stop();
    first.resolve();
    await settle();
    expect(plain.isAlive).toBe(false); // stopping: draining the second message
    expect(registry.lookup('plain')).toBeUndefined();
    expect(registry.members('plains')).toEqual([]);
    expect(changes).toEqual([]);
    second.resolve();
    await stopping;
    expect(changes).toEqual([0]);
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
  function Other(refuse: () => boolean = () => false): ClassDecorator {
    const ext: ActorExtension = {
      spawned(cell: ActorCell) {
        calls.push(`other:spawned:${cell.name}`);
        if (refuse()) throw new Error('refused by another extension');
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

  test('a spawn refused by another extension after the registry frees its names and groups in the same tick', () => {
    let refusals = 1;
    @Other(() => refusals-- > 0)
    @Registered({ name: 'refused', group: 'refusals' })
    @Registered('refused-too')
    @Actor()
    class Refused {}
    const system = newSystem();
    const registry = Registry.of(system);
    const changes: number[] = [];
    registry.subscribe('refusals', (members) => changes.push(members.length));

    // No await anywhere: core gives the registry's `terminated` the refused actor before `spawn` throws.
    expect(() => system.spawn(Refused, { name: 'x' })).toThrow('refused by another extension');
    expect(calls).toEqual(['other:spawned:x']); // the refusing extension had not accepted: no terminated for it
    expect(registry.lookup('refused')).toBeUndefined();
    expect(registry.lookup('refused-too')).toBeUndefined();
    expect(registry.names()).toEqual([]);
    expect(registry.members('refusals')).toEqual([]);
    expect(changes).toEqual([1, 0]); // told of the join and, before `spawn` threw, of the leave

    const retry = system.spawn(Refused);
    expect(registry.lookup('refused')).toBe(retry);
    expect(registry.lookup('refused-too')).toBe(retry);
    expect(registry.members('refusals')).toEqual([retry]);
  });

  test('a spawn refused by another extension before the registry registers nothing', () => {
    @Registered('never')
    @Actor()
    @Other(() => true)
    class Refused {}
    const system = newSystem();
    const registry = Registry.of(system);
    expect(() => system.spawn(Refused)).toThrow('refused by another extension');
    expect(registry.lookup('never')).toBeUndefined();
    const echo = system.spawn(Echo);
    registry.register('never', echo);
    expect(registry.lookup('never')).toBe(echo);
  });

  test('a name clash on a second registered name takes neither name', () => {
    @Actor()
    @Registered('first')
    @Registered('second')
    class Pair {}
    const system = newSystem();
    const registry = Registry.of(system);
    const holder = system.spawn(Echo);
    registry.register('second', holder);
    expect(() => system.spawn(Pair)).toThrow(NameTakenError);
    expect(registry.lookup('first')).toBeUndefined();
    registry.unregister('second');
    const pair = system.spawn(Pair);
    expect(registry.lookup('first')).toBe(pair);
    expect(registry.lookup('second')).toBe(pair);
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
