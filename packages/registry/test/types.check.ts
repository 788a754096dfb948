/**
 * Compile-time tests: `npm run typecheck` (tsc --noEmit) must accept this file. Each
 * `@ts-expect-error` line proves that the type checker refuses what it annotates; if the refusal
 * ever stops, tsc fails with "Unused '@ts-expect-error' directive".
 */
import { Actor, ActorSystem, Addr, Handler, Message } from '@troupe/core';
import { Pool, Registry, type BroadcastRouter, type Router } from '@troupe/registry';

class Increment extends Message<void> {}
class GetCount extends Message<number> {}
class ForUser extends Message<string> {
  constructor(readonly userId: string) {
    super();
  }
}
class Unrelated extends Message<boolean> {}

@Actor()
class Counter {
  constructor(readonly start: number) {}
  @Handler() increment(_: Increment): void {}
  @Handler() get(_: GetCount): number {
    return 0;
  }
  @Handler() user(m: ForUser): string {
    return m.userId;
  }
}

export async function names(system: ActorSystem): Promise<void> {
  const registry = Registry.of(system);
  const counter: Addr<Counter> = system.spawn(Counter, { args: [1] });
  registry.register('counter', counter);
  registry.join('counters', counter);
  const found: Addr<Counter> | undefined = registry.lookup<Counter>('counter');
  // @ts-expect-error lookup may find nothing
  const sure: Addr<Counter> = registry.lookup<Counter>('counter');
  const waited: Addr<Counter> = await registry.waitFor<Counter>('counter', { timeoutMs: 100 });
  const n: number = await waited.send(new GetCount());
  const members: Addr<Counter>[] = registry.members<Counter>('counters');
  const unsubscribe: () => void = registry.subscribe<Counter>('counters', (m: readonly Addr<Counter>[]) => void m);
  const clock: Addr<Counter> = registry.service(Counter, { args: [3] });
  // @ts-expect-error service args are the class's constructor arguments
  registry.service(Counter, { args: ['three'] });
  void [found, sure, n, members, unsubscribe, clock];
}

export async function routers(system: ActorSystem): Promise<void> {
  const registry = Registry.of(system);
  const rr: Router<Counter> = registry.router<Counter>('counters', { strategy: 'round-robin' });
  const count: number = await rr.send(new GetCount());
  const name: string = await rr.send(new ForUser('u1'));
  // @ts-expect-error the reply of GetCount is a number
  const wrong: string = await rr.send(new GetCount());
  // @ts-expect-error Counter has no handler for Unrelated
  await rr.tell(new Unrelated());
  rr.trySend(new Increment());
  rr.doSend(new Increment());

  const all: BroadcastRouter<Counter> = registry.router<Counter>('counters', { strategy: 'broadcast' });
  const counts: number[] = await all.send(new GetCount());
  // @ts-expect-error a broadcast send resolves to an array
  const one: number = await all.send(new GetCount());

  const first = registry.router<Counter>('counters', { strategy: 'first-reply' });
  const fastest: number = await first.send(new GetCount());

  const sticky = registry.router<Counter>('counters', {
    strategy: 'consistent-hash',
    key: (m) => (m instanceof ForUser ? m.userId : 'none'),
  });
  // @ts-expect-error consistent-hash needs a key
  registry.router<Counter>('counters', { strategy: 'consistent-hash' });
  // @ts-expect-error unknown strategy
  registry.router<Counter>('counters', { strategy: 'fastest' });
  void [count, name, wrong, counts, one, fastest, sticky];
}

export async function pools(system: ActorSystem): Promise<void> {
  const pool = Pool.spawn(system, Counter, { size: 4, strategy: 'least-loaded', args: [0] });
  const n: number = await pool.send(new GetCount());
  const workers: Addr<Counter>[] = pool.workers;
  // @ts-expect-error worker args are the class's constructor arguments
  Pool.spawn(system, Counter, { size: 2, args: ['zero'] });
  const all = Pool.spawn(system, Counter, { size: 2, strategy: 'broadcast', args: [0] });
  const counts: number[] = await all.send(new GetCount());
  await pool.stop();
  void [n, workers, counts];
}
