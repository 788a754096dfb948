import 'reflect-metadata';
import { Actor, ActorConfigError, Handler, Message, type Addr } from '@troupe/core';
import { EXTENSIONS, type ActorCell, type ActorExtension } from '@troupe/core/internal';
import { Child, Supervise, Supervisor } from '@troupe/supervisor';
import { Bump, Crash, GetCount, Journal, newSystem, settle, stopSystems, Worker } from './helpers';

afterEach(stopSystems);

/** Stands for `@Registered` of `@troupe/registry`: another package's extension on the same class. */
function Tracked(log: string[]): ClassDecorator {
  const extension: ActorExtension = {
    spawned: (cell: ActorCell) => void log.push(`spawned ${cell.path}`),
    terminated: (cell: ActorCell) => void log.push(`terminated ${cell.path}`),
  };
  return (target) => {
    const existing = (Reflect.getMetadata(EXTENSIONS, target) as ActorExtension[] | undefined) ?? [];
    Reflect.defineMetadata(EXTENSIONS, [...existing, extension], target);
  };
}

// Troupe's own: decorators record metadata only (API.md sections 2 and 7).
describe('decorators only record metadata; their order does not matter', () => {
  test.each([
    ['@Actor @Supervise @Tracked', 0],
    ['@Tracked @Supervise @Actor', 1],
    ['@Supervise @Tracked @Actor', 2],
  ])('%s: the supervisor works and the other extension runs', async (_, order) => {
    const log: string[] = [];
    const journal = new Journal();
    const decorators = [Actor(), Supervise({ strategy: 'one-for-all' }), Tracked(log)];
    const rotated = [...decorators.slice(order), ...decorators.slice(0, order)];
    class Sup {
      @Child(Worker, { args: [journal] }) a!: Addr<Worker>;
      @Child(Worker, { args: [journal] }) b!: Addr<Worker>;
    }
    Reflect.decorate(rotated, Sup);
    const system = newSystem();
    const sup = system.spawn(Sup, { name: 'sup' });
    const a = Supervisor.child<Worker>(sup, 'a')!;
    const b = Supervisor.child<Worker>(sup, 'b')!;
    await b.send(new Bump());
    await a.send(new Crash()).catch(() => undefined);
    expect(await b.send(new GetCount())).toBe(0); // one-for-all took effect
    await sup.stop();
    expect(log).toEqual(['spawned /user/sup', 'terminated /user/sup']);
  });

  test('the @Child properties hold the children\'s addresses from started on, across the children\'s restarts', async () => {
    let seen: Addr<Worker> | undefined;
    @Actor()
    @Supervise()
    class Sup {
      @Child(Worker) worker!: Addr<Worker>;
      started() {
        seen = this.worker;
      }
    }
    const system = newSystem();
    const sup = system.spawn(Sup, { name: 'sup' });
    await settle();
    expect(seen?.path).toBe('/user/sup/worker');
    await seen!.send(new Crash()).catch(() => undefined);
    expect(Supervisor.child(sup, 'worker')).toBe(seen);
  });

  test('args may be a function of the supervisor: its constructor arguments and the earlier children\'s addresses', async () => {
    const journal = new Journal();
    class WhoIsUpstream extends Message<string> {}
    @Actor()
    class Downstream {
      constructor(
        readonly upstream: Addr<Worker>,
        readonly label: string,
      ) {}
      @Handler(WhoIsUpstream) who(_: WhoIsUpstream): string {
        return `${this.label} after ${this.upstream.path}`;
      }
    }
    @Actor()
    @Supervise({ strategy: 'rest-for-one' })
    class Sup {
      constructor(readonly label: string) {}
      @Child(Worker, { args: (s: Sup) => [s.journal] }) upstream!: Addr<Worker>;
      @Child(Downstream, { args: (s: Sup) => [s.upstream, s.label] }) downstream!: Addr<Downstream>;
      readonly journal = journal;
    }
    const system = newSystem();
    const sup = system.spawn(Sup, { name: 'sup', args: ['v1'] });
    const downstream = Supervisor.child<Downstream>(sup, 'downstream')!;
    expect(await downstream.send(new WhoIsUpstream())).toBe('v1 after /user/sup/upstream');
    expect(journal.entries).toEqual(['started:upstream']);
  });

  test('a subclass inherits its base\'s children and options, and adds its own after them', async () => {
    const journal = new Journal();
    @Actor()
    @Supervise({ strategy: 'rest-for-one' })
    class Base {
      @Child(Worker, { args: [journal] }) first!: Addr<Worker>;
    }
    @Actor()
    class Derived extends Base {
      @Child(Worker, { args: [journal] }) second!: Addr<Worker>;
    }
    const system = newSystem();
    const sup = system.spawn(Derived, { name: 'sup' });
    await settle();
    expect(journal.entries).toEqual(['started:first', 'started:second']);
    const [first, second] = Supervisor.children(sup).map((c) => c.actor as Addr<Worker>);
    await second.send(new Bump());
    await first.send(new Crash()).catch(() => undefined);
    expect(await second.send(new GetCount())).toBe(0); // rest-for-one inherited
  });

  test('bad options fail when the class is defined, naming the class', () => {
    expect(() => {
      @Actor()
      @Supervise({ maxRestarts: 1.5 })
      class Sloppy {}
      return Sloppy;
    }).toThrow(new ActorConfigError('@Supervise on Sloppy: maxRestarts must be an integer >= 0 or Infinity, got 1.5'));
    expect(() => {
      @Actor()
      class Sloppy {
        @Child(Worker, { restart: 'sometimes' as 'permanent' }) w!: Addr<Worker>;
      }
      return Sloppy;
    }).toThrow('@Child on Sloppy.w, child w: restart must be one of permanent, transient, temporary');
  });
});
