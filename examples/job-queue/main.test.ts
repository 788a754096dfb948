import 'reflect-metadata';
import { ActorSystem, silentLogger } from '@troupe/core';
import { Pool, Registry } from '@troupe/registry';
import { Collector } from './collector';
import { Dispatcher } from './dispatcher';
import { countPrimes, GetSummary, Submit, WorkerCrashed } from './messages';
import { main } from './main';
import { Worker } from './worker';

test('jobs spread over the pool by least-loaded; crashed workers are restarted and no job is lost', async () => {
  const out: string[] = [];
  const report = await main((line) => out.push(line), { jobs: 1000, logger: silentLogger });
  expect(report.completed).toBe(1000);
  expect(report.correct).toBe(1000);
  expect(report.lost).toBe(0);
  expect(report.duplicates).toBe(0);
  expect(report.crashes).toBeGreaterThan(10);
  expect(Object.keys(report.perWorker).sort()).toEqual(['worker-0', 'worker-1', 'worker-2', 'worker-3']);
  for (const count of Object.values(report.perWorker)) expect(count).toBeGreaterThan(100);
  expect(out[0]).toMatch(/^1000 jobs through 4 workers \(least-loaded\) in \d+ ms: \d+ jobs\/s$/);
  expect(out[3]).toBe('results: 1000 of 1000 jobs, 1000 correct, 0 lost, 0 duplicates');
});

test('a job that crashes every attempt is given up after maxAttempts, with the crash as the error', async () => {
  const system = new ActorSystem({ logger: silentLogger });
  system.spawn(Collector);
  const workers = Pool.spawn(system, Worker, { size: 2, args: [1], supervise: { maxRestarts: 100, withinMs: 1000 } });
  const dispatcher = system.spawn(Dispatcher, { args: [workers, 3] });
  await expect(dispatcher.send(new Submit({ id: 1, limit: 10 }))).rejects.toBeInstanceOf(WorkerCrashed);
  const summary = await Registry.of(system).lookup<Collector>('results')!.send(new GetSummary());
  expect(summary.received).toBe(0);
  await system.shutdown();
});

test('countPrimes is right', () => {
  expect(countPrimes(10)).toBe(4);
  expect(countPrimes(100)).toBe(25);
});
