// User sessions as sharded entities over two session nodes (two processes), used from a web node
// that only sends. Mid-run one session node is killed (SIGKILL): its sessions are lost with it (their
// carts were in its memory), and once the failure detector has declared it down they are started
// again on the surviving node; every user is served again. `npm run example:sharded-sessions` starts a
// local nats-server (when one is installed and NATS_URL is not set), the nodes, and stops everything.
import 'reflect-metadata';
import type { ChildProcess } from 'node:child_process';
import { ActorSystem, silentLogger, TimeoutError } from '@troupe/core';
import { NodeDownError, Remote, Sharding, type Entities } from '@troupe/remote';
import { AddToCart, ShowCart, type Cart } from './messages';
import { exit, messageFrom, startLocalServer, startNodeProcess, type LocalServer } from '../launcher';
import { Session } from './session';

export interface ShopReport {
  readonly users: number;
  /** Sessions per node before the kill. */
  readonly perNode: Readonly<Record<string, number>>;
  readonly killed: string;
  /** Calls that failed with NodeDownError (in flight to the killed node) and were tried again. */
  readonly retried: number;
  /** From the kill until every user was served again, in ms. */
  readonly recoveredInMs: number;
  /** After the kill: sessions per node, and carts that kept their items or lost them with the node. */
  readonly after: Readonly<Record<string, number>>;
  readonly kept: number;
  readonly lost: number;
}

const USERS = 200;

export async function main(log: (line: string) => void = console.log): Promise<ShopReport> {
  let server: LocalServer | undefined;
  let url = process.env.NATS_URL;
  if (url === undefined) {
    server = await startLocalServer('sharded-sessions');
    url = server.url;
    log(`launcher: nats-server with JetStream at ${url}`);
  }
  const started: ChildProcess[] = [];
  const system = new ActorSystem({ name: 'web', logger: silentLogger });
  let node: Remote | undefined;
  try {
    const east = startNode('east', url, log, started);
    const west = startNode('west', url, log, started);
    await Promise.all([messageFrom(east, (m) => m === 'ready'), messageFrom(west, (m) => m === 'ready')]);

    node = await Remote.start(system, { servers: url, cluster: 'shop', node: 'web', heartbeatMs: 200 });
    const sessions = Sharding.of(node).entity(Session, { host: false }); // this node only sends
    await placed(sessions, ['east', 'west']);
    const users = Array.from({ length: USERS }, (_, i) => `user-${i}`);
    await Promise.all(users.map((u) => sessions.get(u).send(new AddToCart('apple'))));
    const carts = await Promise.all(users.map((u) => sessions.get(u).send(new AddToCart('pear'))));
    const perNode = countBy(carts, (c) => c.node);
    log(`web: ${USERS} sessions, ${Object.entries(perNode).map(([n, k]) => `${k} on ${n}`).join(', ')}`);

    // Mid-run: a wave of messages is on its way when the west node dies.
    let retried = 0;
    const wave = users.map(async (u) => {
      for (let attempt = 0; ; attempt++) {
        try {
          return await sessions.get(u).send(new AddToCart('plum'), { timeoutMs: 5000 });
        } catch (error) {
          // In flight to the node that died: it may or may not have been handled there (and its
          // session is gone anyway). Try again: it is delivered to the session's new home.
          if (!(error instanceof NodeDownError || error instanceof TimeoutError) || attempt > 20) throw error;
          retried++;
        }
      }
    });
    const killedAt = Date.now();
    west.kill('SIGKILL');
    log('launcher: killed west (SIGKILL)');
    await Promise.all(wave);
    const recoveredInMs = Date.now() - killedAt;
    const after = await Promise.all(users.map((u) => sessions.get(u).send(new ShowCart())));
    const afterPerNode = countBy(after, (c) => c.node);
    const kept = after.filter((c) => c.items.join() === 'apple,pear,plum').length;
    const lost = after.filter((c) => c.items.join() === 'plum').length;
    log(`web: every user served again ${recoveredInMs} ms after the kill (${retried} calls tried again)`);
    log(`web: ${kept} carts kept, ${lost} lost with west; sessions now ${Object.entries(afterPerNode).map(([n, k]) => `${k} on ${n}`).join(', ')}`);
    return { users: USERS, perNode, killed: 'west', retried, recoveredInMs, after: afterPerNode, kept, lost };
  } finally {
    await node?.stop();
    await system.shutdown();
    for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await Promise.all(started.map(exit));
    await server?.stop();
  }
}

/** Waits until every shard has an owner and both session nodes own some. */
async function placed(sessions: Entities<Session>, nodes: readonly string[]): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const owners = sessions.shardOwners();
    if (owners.every((o) => o !== undefined) && nodes.every((n) => owners.includes(n))) return;
    if (Date.now() > deadline) throw new Error('the session shards were not placed within 15 s');
    await new Promise((r) => setTimeout(r, 20));
  }
}

function startNode(name: string, url: string, log: (line: string) => void, started: ChildProcess[]): ChildProcess {
  return startNodeProcess(require.resolve('./session-node'), { NATS_URL: url, NODE: name }, log, started);
}

function countBy(carts: readonly Cart[], key: (c: Cart) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const cart of carts) counts[key(cart)] = (counts[key(cart)] ?? 0) + 1;
  return counts;
}

if (require.main === module) {
  main().then(
    (report) => {
      const ok = report.kept + report.lost === report.users && report.after.east === report.users;
      console.log(ok ? 'every session served after the loss of a node: OK' : 'MISMATCH');
      process.exitCode = ok ? 0 : 1;
    },
    (error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
