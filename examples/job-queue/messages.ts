import { Message } from '@troupe/core';

/** A unit of work: count the primes below `limit`. */
export interface Job {
  readonly id: number;
  readonly limit: number;
}

/** To the dispatcher: run this job to completion, retrying if a worker crashes on it. */
export class Submit extends Message<number> {
  constructor(readonly job: Job) {
    super();
  }
}

/** To a worker: process one attempt at a job; replies with the result. */
export class Process extends Message<number> {
  constructor(
    readonly job: Job,
    readonly attempt: number,
  ) {
    super();
  }
}

/** To the collector: a job's result, from the worker that computed it. */
export class Result extends Message<void> {
  constructor(
    readonly jobId: number,
    readonly value: number,
    readonly worker: string,
  ) {
    super();
  }
}

/** What the collector has seen. */
export interface Summary {
  readonly received: number;
  readonly unique: number;
  readonly duplicates: number;
  readonly perWorker: Record<string, number>;
}

/** To the collector: how many results so far. */
export class GetSummary extends Message<Summary> {}

/** A worker crash, on purpose: the worker is restarted and the job is retried. */
export class WorkerCrashed extends Error {
  constructor(worker: string, jobId: number) {
    super(`${worker} crashed on job ${jobId}`);
    this.name = 'WorkerCrashed';
  }
}

/** The answer a job must have: primes below `limit` (a plain sieve). */
export function countPrimes(limit: number): number {
  const composite = new Uint8Array(limit);
  let count = 0;
  for (let i = 2; i < limit; i++) {
    if (composite[i]) continue;
    count++;
    for (let j = i * i; j < limit; j += i) composite[j] = 1;
  }
  return count;
}
