import { Actor, ActorSystem, Handler, Message, silentLogger } from '@troupe/core';

class Increment extends Message<void> {}
class GetCount extends Message<number> {}

@Actor()
class Counter {
  private value = 0;
  @Handler() increment(_: Increment) { this.value += 1; }
  @Handler() get(_: GetCount): number { return this.value; }
}

test('smoke', async () => {
  const system = new ActorSystem({ logger: silentLogger });
  const c = system.spawn(Counter, { name: 'counter' });
  await c.tell(new Increment());
  c.doSend(new Increment());
  const n: number = await c.send(new GetCount());
  expect(n).toBe(2);
  expect(c.path).toBe('/user/counter');
  await system.shutdown();
  expect(c.isAlive).toBe(false);
});
