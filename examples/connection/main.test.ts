import 'reflect-metadata';
import { ActorSystem, silentLogger, StashOverflowError } from '@troupe/core';
import { Connected, Connection, GetState, Query } from './connection';
import { main } from './main';

test('queries sent while connecting are answered in order once open; after Close they are refused', async () => {
  const lines: string[] = [];
  const results = await main((l) => lines.push(l));
  expect(results).toEqual([
    'select 1 -> ok (#1)',
    'select 2 -> ok (#2)',
    'select 3 -> ok (#3)',
    'select 4 -> ok (#4)',
    'the connection is closed: "select 5" was not run',
  ]);
  expect(lines[0]).toBe('while connecting: {"state":"connecting","waiting":3}');
  expect(lines.at(-1)).toBe('at the end: {"state":"closed","waiting":0}');
});

test('more queries than the mailbox holds while connecting overflow the stash: a failure, and a restart', async () => {
  const system = new ActorSystem({ logger: silentLogger });
  const conn = system.spawn(Connection, { args: [60_000], mailbox: 2 });
  const sent = [1, 2, 3].map((n) => conn.send(new Query(`q${n}`)).catch((e: unknown) => e));
  const third = await sent[2];
  expect(third).toBeInstanceOf(StashOverflowError);
  // Restarted into `connecting`, its stash kept: the two waiting queries are answered once open.
  expect(await conn.send(new GetState())).toEqual({ state: 'connecting', waiting: 2 });
  conn.doSend(new Connected());
  expect(await Promise.all(sent.slice(0, 2))).toEqual(['q1 -> ok (#1)', 'q2 -> ok (#2)']);
  await system.shutdown();
});
