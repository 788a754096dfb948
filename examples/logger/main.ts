import 'reflect-metadata';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ActorSystem } from '@troupe/core';
import { FileLogger, Log, Written } from './logger';

/**
 * Logs 95 lines from three concurrent producers through a buffering logger, shuts the system
 * down, and reads the file back: all 95 lines are there, each producer's in its own order.
 */
export async function main(log: (line: string) => void = console.log): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'troupe-logger-'));
  const file = join(dir, 'app.log');
  const system = new ActorSystem({ name: 'logger-example' });
  const logger = system.spawn(FileLogger, { args: [file, 10], name: 'logger' });

  const producer = async (name: string, count: number): Promise<void> => {
    for (let i = 0; i < count; i++) await logger.tell(new Log('info', `${name} ${i}`));
  };
  await Promise.all([producer('a', 40), producer('b', 30), producer('c', 25)]);
  log(`written before shutdown: ${await logger.send(new Written())} of 95 (flushes happen 10 at a time)`);

  await system.shutdown(); // graceful: drains the mailbox, then stopped() flushes the rest
  const lines = (await readFile(file, 'utf8')).trim().split('\n');
  log(`lines in ${file} after shutdown: ${lines.length}`);
  return lines;
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
