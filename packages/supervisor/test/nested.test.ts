import 'reflect-metadata';
import { Actor, Handler, Message, type Addr, type Context } from '@troupe/core';
import { Child, RestartIntensityError, Supervise, Supervisor } from '@troupe/supervisor';
import { Bump, Crash, GetCount, Journal, newSystem, settle, stopSystems, until, Worker } from './helpers';

afterEach(stopSystems);

/** Asks the actor to spawn a dynamic child (used on the inner supervisor). */
class AddWorker extends Message<Addr<Worker>> {
  constructor(readonly name: string) {
    super();
  }
}

// Follows OTP supervisor_SUITE `tree`: a one-for-all top supervisor over two one-for-one
// supervisors; a worker failure restarts only that worker; a child supervisor that reaches its
// restart intensity fails, and the top restarts the whole tree, without the dynamic children.
function tree(journal: Journal) {
  @Actor()
  @Supervise({ strategy: 'one-for-one', maxRestarts: 4, withinMs: 3_600_000 })
  class SupChild1 {
    @Child(Worker, { args: [journal] }) child1!: Addr<Worker>;
    @Child(Worker, { args: [journal] }) child2!: Addr<Worker>;
  }

  @Actor()
  @Supervise({ strategy: 'one-for-one', maxRestarts: 0, withinMs: 3_600_000 })
  class SupChild2 {
    @Handler(AddWorker) add(m: AddWorker, ctx: Context<SupChild2>): Addr<Worker> {
      return ctx.spawn(Worker, { name: m.name, args: [journal] });
    }
  }

  @Actor()
  @Supervise({ strategy: 'one-for-all', maxRestarts: 4, withinMs: 3_600_000 })
  class Top {
    @Child(SupChild1) supchild1!: Addr<SupChild1>;
    @Child(SupChild2) supchild2!: Addr<SupChild2>;
  }
  return { Top, SupChild2 };
}

describe('nested supervisors (OTP tree)', () => {
  test('a worker failure deep in the tree restarts that worker only', async () => {
    const journal = new Journal();
    const system = newSystem();
    const top = system.spawn(tree(journal).Top, { name: 'top' });
    await settle();
    const sup1 = Supervisor.child(top, 'supchild1')!;
    const [c1, c2] = Supervisor.children(sup1).map((c) => c.actor as Addr<Worker>);
    await c1.send(new Bump());
    await c2.send(new Bump());
    await c2.send(new Crash()).catch(() => undefined);
    expect([await c1.send(new GetCount()), await c2.send(new GetCount())]).toEqual([1, 0]);
    expect(journal.count('restarting:child2')).toBe(1);
    expect(journal.count('restarting:child1')).toBe(0);
  });

  test('a child supervisor that gives up fails to its parent, which restarts the tree afresh without the dynamic children', async () => {
    const journal = new Journal();
    const system = newSystem();
    const failures: unknown[] = [];
    system.events.on('actor:failed', (e) => failures.push(e.path));
    const { Top, SupChild2 } = tree(journal);
    const top = system.spawn(Top, { name: 'top' });
    await settle();
    const sup1 = Supervisor.child(top, 'supchild1')!;
    const sup2 = Supervisor.child<InstanceType<typeof SupChild2>>(top, 'supchild2')!;
    const oldWorkers = Supervisor.children(sup1).map((c) => c.actor);
    const child3 = await sup2.send(new AddWorker('child3'));
    await child3.send(new Crash()).catch(() => undefined); // intensity 0: sup2 gives up

    await until(() => journal.count('started:child1') === 2, 'the tree to restart');
    await settle();
    expect(failures).toEqual(['/user/top/supchild2/child3', '/user/top/supchild2']);
    // The supervisors keep their addresses (restarted in place); their children are new actors.
    expect(Supervisor.child(top, 'supchild1')).toBe(sup1);
    expect(Supervisor.child(top, 'supchild2')).toBe(sup2);
    const newWorkers = Supervisor.children(sup1).map((c) => c.actor);
    expect(newWorkers.map((a) => a.path)).toEqual(['/user/top/supchild1/child1', '/user/top/supchild1/child2']);
    expect(newWorkers.some((a) => oldWorkers.includes(a))).toBe(false);
    expect(Supervisor.children(sup2)).toEqual([]);
    expect(child3.isAlive).toBe(false);
    expect(top.isAlive).toBe(true);
  });

  test('a gave-up child supervisor counts as one restart of its parent; the parent gives up in turn', async () => {
    @Actor()
    @Supervise({ maxRestarts: 0 })
    class Inner {
      @Child(Worker) worker!: Addr<Worker>;
    }
    @Actor()
    @Supervise({ maxRestarts: 1, withinMs: 3_600_000 })
    class Outer {
      @Child(Inner) inner!: Addr<Inner>;
    }
    const system = newSystem();
    const gaveUp: string[] = [];
    system.events.on('supervisor:gave-up', (e) => gaveUp.push(e.path));
    const failures: unknown[] = [];
    system.events.on('system:failure', (e) => failures.push(e.cause));
    const outer = system.spawn(Outer, { name: 'outer' });
    await settle();
    const inner = Supervisor.child<Inner>(outer, 'inner')!;

    await Supervisor.child<Worker>(inner, 'worker')!.send(new Crash()).catch(() => undefined);
    await until(() => Supervisor.child(inner, 'worker')?.isAlive === true && gaveUp.length === 1, 'inner to restart');
    await Supervisor.child<Worker>(inner, 'worker')!.send(new Crash()).catch(() => undefined);
    await until(() => failures.length === 1, 'the system failure');

    expect(gaveUp).toEqual(['/user/outer/inner', '/user/outer/inner', '/user/outer']);
    const cause = failures[0] as RestartIntensityError;
    expect(cause).toBeInstanceOf(RestartIntensityError);
    expect(cause.actor).toBe('/user/outer');
    expect(cause.cause).toBeInstanceOf(RestartIntensityError); // the inner supervisor's
    await until(() => !outer.isAlive, 'the shutdown');
  });

  test('decide "escalate" makes the supervisor fail with the child\'s error; its parent restarts it', async () => {
    const journal = new Journal();
    class Fatal extends Error {}
    @Actor()
    @Supervise({ decide: (error) => (error instanceof Fatal ? 'escalate' : 'restart') })
    class Inner {
      @Child(Worker, { args: [journal] }) worker!: Addr<Worker>;
    }
    @Actor()
    @Supervise()
    class Outer {
      @Child(Inner) inner!: Addr<Inner>;
    }
    const system = newSystem();
    const failed: Array<{ path: string; error: unknown }> = [];
    system.events.on('actor:failed', (e) => failed.push({ path: e.path, error: e.error }));
    const outer = system.spawn(Outer, { name: 'outer' });
    await settle();
    const inner = Supervisor.child<Inner>(outer, 'inner')!;
    const fatal = new Fatal('disk gone');
    await Supervisor.child<Worker>(inner, 'worker')!.send(new Crash(fatal)).catch(() => undefined);
    await until(() => journal.count('started:worker') === 2, 'the inner tree to restart');
    expect(failed).toEqual([
      { path: '/user/outer/inner/worker', error: fatal },
      { path: '/user/outer/inner', error: fatal },
    ]);
    expect(journal.count('restarting:worker')).toBe(0); // stopped and started afresh with its supervisor
    expect(journal.count('stopped:worker')).toBe(1);
  });
});
