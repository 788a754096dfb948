import 'reflect-metadata';
import { Actor, ActorConfigError, Handler, Message, type Addr, type Context } from '@troupe/core';
import { Supervisor, type SupervisorSpec } from '@troupe/supervisor';
import { Bump, Crash, GetCount, Journal, newSystem, settle, stopSystems, until, Worker } from './helpers';

afterEach(stopSystems);

describe('Supervisor.start, the functional form (OTP supervisor:start_link with child specs, sup_start_map)', () => {
  test('starts the children in order under the given name and returns the supervisor\'s address', async () => {
    const journal = new Journal();
    const system = newSystem();
    const sup = Supervisor.start(system, {
      name: 'pipeline',
      strategy: 'rest-for-one',
      children: [
        { actor: Worker, name: 'reader', args: [journal] },
        { actor: Worker, name: 'parser', args: [journal] },
        { actor: Worker, name: 'writer', args: [journal], restart: 'transient', shutdownMs: 2000 },
      ],
    });
    expect(sup.path).toBe('/user/pipeline');
    await settle();
    expect(journal.entries).toEqual(['started:reader', 'started:parser', 'started:writer']);
    expect(Supervisor.children(sup).map((c) => `${c.name}:${c.restart}`)).toEqual(['reader:permanent', 'parser:permanent', 'writer:transient']);
  });

  test('has the same semantics as the decorators: rest-for-one restarts the failed child and the later ones', async () => {
    const system = newSystem();
    const sup = Supervisor.start(system, {
      strategy: 'rest-for-one',
      children: [
        { actor: Worker, name: 'reader' },
        { actor: Worker, name: 'parser' },
        { actor: Worker, name: 'writer' },
      ],
    });
    const workers = Supervisor.children(sup).map((c) => c.actor as Addr<Worker>);
    for (const w of workers) await w.send(new Bump());
    await workers[1].send(new Crash()).catch(() => undefined);
    expect(await Promise.all(workers.map((w) => w.send(new GetCount())))).toEqual([1, 0, 0]);
  });

  test('defaults to at most 3 restarts within 5 s: the fourth failure gives up', async () => {
    const system = newSystem();
    const sup = Supervisor.start(system, { name: 'sup', children: [{ actor: Worker, name: 'w' }] });
    const w = Supervisor.child<Worker>(sup, 'w')!;
    for (let i = 0; i < 3; i++) await w.send(new Crash()).catch(() => undefined);
    expect(sup.isAlive).toBe(true);
    await w.send(new Crash()).catch(() => undefined);
    await until(() => !sup.isAlive, 'the supervisor to give up');
  });

  test('nests: a Supervisor child with its spec as args supervises its own children', async () => {
    const journal = new Journal();
    const system = newSystem();
    const inner: SupervisorSpec = { strategy: 'one-for-all', maxRestarts: 0, children: [{ actor: Worker, name: 'w', args: [journal] }] };
    const root = Supervisor.start(system, {
      name: 'root',
      maxRestarts: 5,
      children: [
        { actor: Worker, name: 'sibling', args: [journal] },
        { actor: Supervisor, name: 'inner', args: [inner] },
      ],
    });
    await settle();
    const innerSup = Supervisor.child<Supervisor>(root, 'inner')!;
    await Supervisor.child<Worker>(innerSup, 'w')!.send(new Crash()).catch(() => undefined);
    await until(() => journal.count('started:w') === 2, 'the inner supervisor to restart');
    expect(journal.count('restarting:sibling')).toBe(0);
    expect(Supervisor.child(root, 'inner')).toBe(innerSup);
  });

  test('ctx.spawn(Supervisor, { args: [spec] }) works from inside an actor', async () => {
    class Make extends Message<Addr<Supervisor>> {}
    @Actor()
    class Owner {
      @Handler(Make) make(_: Make, ctx: Context<Owner>) {
        return ctx.spawn(Supervisor, { name: 'sup', args: [{ children: [{ actor: Worker, name: 'w' }] }] });
      }
    }
    const system = newSystem();
    const sup = await system.spawn(Owner, { name: 'owner' }).send(new Make());
    expect(Supervisor.child(sup, 'w')?.path).toBe('/user/owner/sup/w');
  });

  test.each([
    [{ strategy: 'one_for_one' }, 'strategy must be one of one-for-one, one-for-all, rest-for-one'],
    [{ maxRestarts: -1 }, 'maxRestarts must be an integer >= 0 or Infinity, got -1'],
    [{ withinMs: 0 }, 'withinMs must be a number of ms above 0'],
    [{ backoff: { minMs: 500, maxMs: 100 } }, 'backoff.maxMs must be a finite number of ms >= minMs, got 100'],
    [{ backoff: { factor: 0.5 } }, 'backoff.factor must be a finite number >= 1'],
    [{ backoff: { jitter: 2 } }, 'backoff.jitter must be a fraction between 0 and 1'],
    [{ children: [{ actor: 'Worker' }] }, 'a child needs an @Actor class, got Worker'],
    [{ children: [{ actor: Worker, restart: 'always' }] }, 'restart must be one of permanent, transient, temporary; got "always"'],
    [{ children: [{ actor: Worker, shutdownMs: -5 }] }, 'shutdownMs must be a number of ms >= 0'],
    [{ children: [{ actor: Worker, name: 'a/b' }] }, 'a name must be a non-empty string without "/"'],
    [{ children: [{ actor: Worker, name: 'w' }, { actor: Worker, name: 'w' }] }, 'two children are named "w"'],
  ])('refuses a bad spec %j with ActorConfigError', (spec, message) => {
    const system = newSystem();
    const start = () => Supervisor.start(system, { name: 'bad', ...(spec as SupervisorSpec) });
    expect(start).toThrow(ActorConfigError);
    expect(start).toThrow(message);
    expect(system.actors).toEqual([]);
  });
});
