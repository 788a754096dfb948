/**
 * The responding process of the sharding bench: a Troupe node "host" that exposes an echo actor as
 * "echo" (plain remote `send`, the baseline) and hosts both entity types of the bench.
 * node -r ../examples/register.js src/sharding/host.ts <servers>
 */
import 'reflect-metadata';
import { ActorSystem, silentLogger } from '@troupe/core';
import { Remote, Sharding } from '@troupe/remote';
import { Echoer } from '../remote/messages';
import { FarCounter, SpreadCounter } from './entities';
import { readyUntilParentGoes } from '../request-loops';

async function run(): Promise<void> {
  const servers = process.argv[2];
  const system = new ActorSystem({ name: 'host', logger: silentLogger });
  const node = await Remote.start(system, { servers, cluster: 'bench-sharding', node: 'host' });
  await node.expose('echo', system.spawn(Echoer, { name: 'echo' }));
  const sharding = Sharding.of(node);
  await Promise.all([sharding.entity(FarCounter).ready, sharding.entity(SpreadCounter).ready]);
  readyUntilParentGoes(() => node.stop().then(() => system.shutdown()));
}

run().catch((error) => {
  console.error(error);
  process.exit(1);
});
