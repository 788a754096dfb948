// The accounts node: a process that owns the bank and exposes it to the cluster as "bank".
// Started by main.ts (or by hand: NATS_URL=nats://127.0.0.1:4222 node -r ./examples/register.js examples/remote-bank/accounts.ts).
import 'reflect-metadata';
import { ActorSystem } from '@troupe/core';
import { Remote } from '@troupe/remote';
import { Bank } from './bank';

async function run(): Promise<void> {
  const system = new ActorSystem({ name: 'accounts' });
  const node = await Remote.start(system, { servers: process.env.NATS_URL, cluster: 'bank', node: 'accounts', heartbeatMs: 250 });
  const bank = system.spawn(Bank, { name: 'bank' });
  await node.expose('bank', bank);
  console.log(`accounts: ${bank.path} is exposed as "bank" on node ${node.node}`);
  const stop = (): void => {
    void node
      .stop() // says goodbye: the teller sees this node down at once
      .then(() => system.shutdown())
      .then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('disconnect', stop); // the launcher went away
  process.send?.('ready');
}

run().catch((error) => {
  console.error(error);
  process.exit(1);
});
