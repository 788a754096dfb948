import 'reflect-metadata';
import { Actor, type Addr } from '@troupe/core';
import { Child, Supervise, Supervisor } from '@troupe/supervisor';
import { Bump, Crash, GetCount, Journal, newSystem, settle, stopSystems, Worker } from './helpers';

afterEach(stopSystems);

const journal = new Journal();

@Actor()
@Supervise({ strategy: 'one-for-one' })
class Sup {
  @Child(Worker, { args: [journal] }) a!: Addr<Worker>;
  @Child(Worker, { args: [journal] }) b!: Addr<Worker>;
  started() {
    journal.add('started:sup');
  }
}

test('smoke', async () => {
  const system = newSystem();
  const sup = system.spawn(Sup, { name: 'sup' });
  await settle();
  console.log(journal.entries, Supervisor.children(sup).map((c) => c.actor.path));
  const a = Supervisor.child<Worker>(sup, 'a')!;
  await a.send(new Bump());
  await expect(a.send(new Crash())).rejects.toThrow('crash');
  expect(await a.send(new GetCount())).toBe(0);
  console.log(journal.entries);
});
