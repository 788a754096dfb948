import 'reflect-metadata';
import { ActorSystem, silentLogger } from '@troupe/core';
import { Supervisor } from '@troupe/supervisor';
import { Database, Faults } from './environment';
import { Fault, Submit } from './messages';
import type { Pipeline, Stage } from './pipeline';
import { Service } from './service';

/** What a run did; `main.test.ts` checks it. */
export interface Report {
  readonly accepted: number;
  readonly written: number;
  /** Jobs written more than once, and accepted jobs never written: both must be 0. */
  readonly duplicates: number;
  readonly missing: number;
  readonly faultsInjected: number;
  /** Restarts per actor path. */
  readonly restarts: ReadonlyMap<string, number>;
  readonly gaveUp: readonly string[];
  readonly deadLetters: number;
}

const STAGES = ['reader', 'parser', 'writer'] as const;

/**
 * Starts the service tree, submits `jobs` jobs while faults make connections drop writes and
 * pipeline stages crash, then shows that every accepted job was written exactly once.
 */
export async function main(log: (line: string) => void = console.log, jobs = 300, seed = 3): Promise<Report> {
  const connectionFaults = new Faults(seed, 0.05);
  const stageFaults = new Faults(seed + 1, 0.03);
  const database = new Database();
  const system = new ActorSystem({ name: 'supervision-tree', logger: silentLogger });
  const restarts = new Map<string, number>();
  const gaveUp: string[] = [];
  let deadLetters = 0;
  system.events.on('actor:restarted', (e) => restarts.set(e.path, (restarts.get(e.path) ?? 0) + 1));
  system.events.on('supervisor:gave-up', (e) => gaveUp.push(e.path));
  system.events.on('deadletter', () => deadLetters++);

  const service = system.spawn(Service, { name: 'service', args: [{ connectionFaults, database, connections: 4 }] });
  const pipeline = Supervisor.child<Pipeline>(service, 'pipeline')!;

  let accepted = 0;
  let faultsInjected = 0;
  for (let id = 0; id < jobs; id++) {
    await service.tell(new Submit(id, `job ${id} says hello`));
    accepted++;
    if (stageFaults.happens()) {
      const stage = STAGES[Math.floor(stageFaults.next() * STAGES.length)];
      Supervisor.child<Stage>(pipeline, stage)!.doSend(new Fault());
      faultsInjected++;
    }
  }
  await database.waitFor(accepted, 10_000);

  let duplicates = 0;
  let missing = 0;
  for (let id = 0; id < accepted; id++) {
    const times = database.timesWritten(id);
    if (times === 0) missing++;
    if (times > 1) duplicates++;
  }
  await system.shutdown();

  log('restarts:');
  for (const [path, count] of [...restarts].sort(([a], [b]) => a.localeCompare(b))) log(`  ${path.padEnd(32)} ${count}`);
  log(`${faultsInjected} stage crashes injected; supervisors that gave up: ${gaveUp.length === 0 ? 'none' : gaveUp.join(', ')}`);
  log(`jobs: ${accepted} accepted, ${database.size} written, ${duplicates} written twice, ${missing} missing`);
  return { accepted, written: database.size, duplicates, missing, faultsInjected, restarts, gaveUp, deadLetters };
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
