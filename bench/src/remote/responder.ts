/**
 * The responding process of the remote bench: a raw NATS responder on `bench.raw.echo` (it
 * answers a 4-byte number with that number plus one) and a Troupe node "responder" that exposes an
 * echo actor as "echo". Both share this process, so the two contenders meet the same conditions.
 * node -r ../examples/register.js src/remote/responder.ts <servers>
 */
import 'reflect-metadata';
import { connect } from 'nats';
import { ActorSystem, silentLogger } from '@troupe/core';
import { Remote } from '@troupe/remote';
import { Echoer, FLOOR_BACK, FLOOR_SUBJECT, RAW_SUBJECT } from './messages';
import { readyUntilParentGoes } from '../request-loops';

async function run(): Promise<void> {
  const servers = process.argv[2];
  const nc = await connect({ servers });
  nc.subscribe(RAW_SUBJECT, {
    callback: (_err, msg) => {
      const d = msg.data;
      const n = ((d[0] << 24) | (d[1] << 16) | (d[2] << 8) | d[3]) + 1;
      msg.respond(new Uint8Array([n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff]));
    },
  });
  nc.subscribe(FLOOR_SUBJECT, {
    callback: (_err, msg) => {
      const d = msg.data;
      const n = ((d[0] << 24) | (d[1] << 16) | (d[2] << 8) | d[3]) + 1;
      nc.publish(FLOOR_BACK, new Uint8Array([n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff]));
    },
  });
  await nc.flush();
  const system = new ActorSystem({ name: 'responder', logger: silentLogger });
  const node = await Remote.start(system, { servers, cluster: 'bench', node: 'responder' });
  await node.expose('echo', system.spawn(Echoer, { name: 'echo' }));
  readyUntilParentGoes(() =>
    node
      .stop()
      .then(() => system.shutdown())
      .then(() => nc.close()),
  );
}

run().catch((error) => {
  console.error(error);
  process.exit(1);
});
