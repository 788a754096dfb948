import 'reflect-metadata';
import { ActorSystem } from '@troupe/core';
import { Close, Connection, GetState, Query } from './connection';

/**
 * Three queries sent while the connection is still connecting wait in its stash and are answered,
 * in order, once it opens; a fourth goes straight through; after `Close`, a fifth is refused.
 */
export async function main(log: (line: string) => void = console.log): Promise<string[]> {
  const system = new ActorSystem({ name: 'connection-example' });
  const conn = system.spawn(Connection, { args: [200], name: 'db' });
  const early = ['select 1', 'select 2', 'select 3'].map((sql) => conn.send(new Query(sql)));
  log(`while connecting: ${JSON.stringify(await conn.send(new GetState()))}`);
  const results = await Promise.all(early);
  for (const r of results) log(r);
  results.push(await conn.send(new Query('select 4')));
  log(results[3]);
  await conn.tell(new Close());
  const refused = await conn.send(new Query('select 5')).catch((e: Error) => e.message);
  log(refused);
  results.push(refused);
  log(`at the end: ${JSON.stringify(await conn.send(new GetState()))}`);
  await system.shutdown();
  return results;
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
