import 'reflect-metadata';
import { ActorSystem } from '@troupe/core';
import { Add, Counter, GetCount, Increment } from './counter';

/** Spawns a counter, sends it commands and queries, and prints what it replies. */
export async function main(log: (line: string) => void = console.log): Promise<number> {
  const system = new ActorSystem({ name: 'counter-example' });
  const counter = system.spawn(Counter, { args: [10], name: 'counter' });

  for (let i = 0; i < 5; i++) await counter.tell(new Increment()); // waits if the mailbox is full
  const afterAdd = await counter.send(new Add(100)); // typed reply: number
  const count = await counter.send(new GetCount(), { timeoutMs: 500 });
  log(`${counter.path}: started at 10, +5 increments, +100 -> ${afterAdd}; GetCount says ${count}`);

  await system.shutdown();
  log(`stopped: ${!counter.isAlive}`);
  return count;
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
