import 'reflect-metadata';
import { ActorSystem, type Logger } from '@troupe/core';
import { Pool, Registry } from '@troupe/registry';
import { Collector } from './collector';
import { Dispatcher } from './dispatcher';
import { countPrimes, GetSummary, Submit, type Job } from './messages';
import { Worker } from './worker';

export interface JobQueueReport {
  readonly jobs: number;
  readonly completed: number;
  readonly correct: number;
  readonly lost: number;
  readonly duplicates: number;
  readonly crashes: number;
  readonly perWorker: Record<string, number>;
  readonly jobsPerSecond: number;
}

/**
 * A job queue: a dispatcher routes jobs to a pool of four workers by `least-loaded`; workers crash
 * now and then and the pool restarts them; a results collector registered by name gathers every
 * result. Prints the throughput and checks that no job was lost.
 */
export async function main(
  log: (line: string) => void = console.log,
  options: { jobs?: number; logger?: Logger } = {},
): Promise<JobQueueReport> {
  const jobCount = options.jobs ?? 2000;
  const system = new ActorSystem({ name: 'job-queue', ...(options.logger && { logger: options.logger }) });
  let crashes = 0;
  system.events.on('actor:restarted', () => crashes++);

  system.spawn(Collector, { name: 'collector' }); // registers itself as "results"
  const workers = Pool.spawn(system, Worker, {
    size: 4,
    name: 'workers',
    strategy: 'least-loaded',
    args: [37], // each worker instance crashes on every 37th job it takes
    supervise: { maxRestarts: 100, withinMs: 1000 },
  });
  const dispatcher = system.spawn(Dispatcher, { name: 'dispatcher', args: [workers] });

  const jobs: Job[] = Array.from({ length: jobCount }, (_, id) => ({ id, limit: 2000 + (id % 50) * 100 }));
  const started = performance.now();
  const results = await Promise.all(jobs.map((job) => dispatcher.send(new Submit(job))));
  const elapsedMs = performance.now() - started;

  const collector = await Registry.of(system).waitFor<Collector>('results', { timeoutMs: 1000 });
  const summary = await collector.send(new GetSummary());
  const correct = results.filter((value, i) => value === countPrimes(jobs[i].limit)).length;
  const report: JobQueueReport = {
    jobs: jobCount,
    completed: summary.unique,
    correct,
    lost: jobCount - summary.unique,
    duplicates: summary.duplicates,
    crashes,
    perWorker: summary.perWorker,
    jobsPerSecond: Math.round((jobCount / elapsedMs) * 1000),
  };

  log(`${jobCount} jobs through ${workers.size} workers (${workers.strategy}) in ${elapsedMs.toFixed(0)} ms: ${report.jobsPerSecond} jobs/s`);
  log(`worker crashes: ${crashes}, each restarted in place and its job retried`);
  log(`per worker: ${Object.entries(summary.perWorker).map(([w, n]) => `${w} ${n}`).join(', ')}`);
  log(`results: ${summary.unique} of ${jobCount} jobs, ${correct} correct, ${report.lost} lost, ${summary.duplicates} duplicates`);

  await system.shutdown();
  return report;
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
