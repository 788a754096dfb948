// A session node: a process that hosts user sessions. Started by main.ts, or by hand:
// NATS_URL=nats://127.0.0.1:4222 NODE=east node -r ./examples/register.js examples/sharded-sessions/session-node.ts
import 'reflect-metadata';
import { ActorSystem, silentLogger } from '@troupe/core';
import { Remote, Sharding } from '@troupe/remote';
import { Session } from './session';

async function run(): Promise<void> {
  const name = process.env.NODE ?? 'east';
  const system = new ActorSystem({ name, logger: silentLogger });
  const node = await Remote.start(system, { servers: process.env.NATS_URL, cluster: 'shop', node: name, heartbeatMs: 200 });
  const sessions = Sharding.of(node).entity(Session); // this node hosts sessions
  await sessions.ready;
  // Takeovers come one shard at a time: reported together, once they have stopped coming (or at the end).
  let takenOver: number[] = [];
  let from = '';
  const report = (): void => {
    if (takenOver.length > 0) console.log(`${name}: took over shards ${takenOver.join(', ')} from ${from}, whose sessions start again here`);
    takenOver = [];
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  node.events.on('shard:moved', (m) => {
    if (m.to !== name || m.reason !== 'taken-over') return;
    takenOver.push(m.shard);
    from = m.from ?? '?';
    clearTimeout(timer);
    timer = setTimeout(report, 100);
  });
  const stop = (): void => {
    clearTimeout(timer);
    report();
    void node
      .stop() // hands its shards over first
      .then(() => system.shutdown())
      .then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('disconnect', stop); // the launcher went away
  console.log(`${name}: hosting sessions`);
  process.send?.('ready');
}

run().catch((error) => {
  console.error(error);
  process.exit(1);
});
