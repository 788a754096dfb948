/**
 * The scenario explore's overhead is measured on: 3 actors. A client sends a counter three `Add`
 * requests at once; the counter (not reentrant: one add at a time) reads its total from a store,
 * awaits it and writes it back; then the client asks for the total and checks it. Correct in
 * every order, so no schedule stops the exploration early.
 */
import 'reflect-metadata';
import { Actor, Handler, Message, type ActorSystem, type Addr } from '@troupe/core';

class Read extends Message<number> {}
class Write extends Message<void> {
  constructor(readonly value: number) {
    super();
  }
}
class Add extends Message<void> {
  constructor(readonly n: number) {
    super();
  }
}
class Total extends Message<number> {}
class Go extends Message<number> {}

@Actor()
class Store {
  private value = 0;
  @Handler(Read) read(): number {
    return this.value;
  }
  @Handler(Write) write(m: Write): void {
    this.value = m.value;
  }
}

@Actor()
class Counter {
  constructor(private readonly store: Addr<Store>) {}
  @Handler(Add) async add(m: Add): Promise<void> {
    const total = await this.store.send(new Read());
    await this.store.send(new Write(total + m.n));
  }
  @Handler(Total) total(): Promise<number> {
    return this.store.send(new Read());
  }
}

@Actor()
class Client {
  constructor(private readonly counter: Addr<Counter>) {}
  @Handler(Go) async go(): Promise<number> {
    await Promise.all([1, 2, 3].map((n) => this.counter.send(new Add(n))));
    return this.counter.send(new Total());
  }
}

/** Runs the scenario on `system`; throws if the total is wrong. */
export async function threeActors(system: ActorSystem): Promise<void> {
  const store = system.spawn(Store);
  const counter = system.spawn(Counter, { args: [store] });
  const client = system.spawn(Client, { args: [counter] });
  const total = await client.send(new Go());
  if (total !== 6) throw new Error(`the total is ${total}, not 6`);
}
