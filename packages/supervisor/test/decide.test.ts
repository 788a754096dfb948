import 'reflect-metadata';
import { Actor, Handler, Message, type ActorRef, type Addr, type Directive } from '@troupe/core';
import { Child, Supervise, Supervisor } from '@troupe/supervisor';
import { Bump, Crash, GetCount, Journal, newSystem, settle, stopSystems, until, Worker } from './helpers';

afterEach(stopSystems);

class BadInput extends Error {}
class ConnectionLost extends Error {}

function supervised(decide: (error: unknown, child: ActorRef) => Directive | undefined, journal = new Journal()) {
  @Actor()
  @Supervise({ maxRestarts: 5, decide })
  class Sup {
    @Child(Worker, { args: [journal] }) worker!: Addr<Worker>;
  }
  return Sup;
}

// OTP has no per-error decision; this follows Akka's SupervisorStrategy decider (Resume keeps state).
describe('decide(error, child) (Akka decider)', () => {
  const byError = (error: unknown): Directive => (error instanceof BadInput ? 'resume' : 'restart');

  test('"resume" keeps the instance and its state; the caller still gets the error', async () => {
    const system = newSystem();
    const sup = system.spawn(supervised(byError), { name: 'sup' });
    const worker = Supervisor.child<Worker>(sup, 'worker')!;
    await worker.send(new Bump());
    await worker.send(new Bump());
    await expect(worker.send(new Crash(new BadInput('not a number')))).rejects.toThrow(BadInput);
    expect(await worker.send(new GetCount())).toBe(2);
  });

  test('"restart" for another error loses the state', async () => {
    const system = newSystem();
    const sup = system.spawn(supervised(byError), { name: 'sup' });
    const worker = Supervisor.child<Worker>(sup, 'worker')!;
    await worker.send(new Bump());
    await worker.send(new Crash(new ConnectionLost())).catch(() => undefined);
    expect(await worker.send(new GetCount())).toBe(0);
  });

  test('resumes do not count against the restart intensity', async () => {
    const system = newSystem();
    const sup = system.spawn(supervised(byError), { name: 'sup' });
    const worker = Supervisor.child<Worker>(sup, 'worker')!;
    for (let i = 0; i < 20; i++) await worker.send(new Crash(new BadInput())).catch(() => undefined);
    expect(sup.isAlive).toBe(true);
    expect(worker.isAlive).toBe(true);
  });

  test('"stop" ends a permanent child for good, with the error as its cause', async () => {
    const system = newSystem();
    const sup = system.spawn(supervised(() => 'stop'), { name: 'sup' });
    const worker = Supervisor.child<Worker>(sup, 'worker')!;
    const causes: unknown[] = [];
    system.events.on('actor:stopped', (e) => causes.push(e.cause));
    const error = new ConnectionLost();
    await worker.send(new Crash(error)).catch(() => undefined);
    await worker.stopped;
    await settle();
    expect(causes).toEqual([error]);
    expect(Supervisor.children(sup)).toEqual([]);
    expect(sup.isAlive).toBe(true);
  });

  test('receives the error and the failed child\'s address', async () => {
    const seen: Array<[unknown, ActorRef]> = [];
    const system = newSystem();
    const sup = system.spawn(supervised((error, child) => void seen.push([error, child])), { name: 'sup' });
    const worker = Supervisor.child<Worker>(sup, 'worker')!;
    const error = new Error('x');
    await worker.send(new Crash(error)).catch(() => undefined);
    expect(seen).toEqual([[error, worker]]);
  });

  test('undefined means the default, restart', async () => {
    const system = newSystem();
    const sup = system.spawn(supervised(() => undefined), { name: 'sup' });
    const worker = Supervisor.child<Worker>(sup, 'worker')!;
    await worker.send(new Bump());
    await worker.send(new Crash()).catch(() => undefined);
    expect(await worker.send(new GetCount())).toBe(0);
  });

  test('the child\'s own @Actor({ onFailure }) is asked first', async () => {
    class Tick extends Message<number> {}
    @Actor({ onFailure: (e) => (e instanceof BadInput ? 'resume' : undefined) })
    class Own {
      private n = 0;
      @Handler(Tick) tick(_: Tick): number {
        return ++this.n;
      }
      @Handler(Crash) crash(m: Crash): void {
        throw m.error;
      }
    }
    @Actor()
    @Supervise({ decide: () => 'restart' })
    class Sup {
      @Child(Own) own!: Addr<Own>;
    }
    const system = newSystem();
    const sup = system.spawn(Sup, { name: 'sup' });
    const own = Supervisor.child<Own>(sup, 'own')!;
    await own.send(new Tick());
    await own.send(new Crash(new BadInput())).catch(() => undefined);
    expect(await own.send(new Tick())).toBe(2); // resumed by its own choice
    await own.send(new Crash(new Error('other'))).catch(() => undefined);
    expect(await own.send(new Tick())).toBe(1); // restarted by the supervisor's
  });

  test('a decide that throws is the supervisor\'s own failure: it escalates', async () => {
    const journal = new Journal();
    const system = newSystem();
    const failed: string[] = [];
    system.events.on('actor:failed', (e) => failed.push(e.path));
    const sup = system.spawn(
      supervised(() => {
        throw new Error('bug in decide');
      }, journal),
      { name: 'sup' },
    );
    const worker = Supervisor.child<Worker>(sup, 'worker')!;
    await worker.send(new Crash()).catch(() => undefined);
    await until(() => failed.length === 2, 'the supervisor to fail');
    expect(failed).toEqual(['/user/sup/worker', '/user/sup']);
  });
});
