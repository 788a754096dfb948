import { Actor, Handler } from '@troupe/core';
import type { Router } from '@troupe/registry';
import { Process, Submit, WorkerCrashed } from './messages';
import type { Worker } from './worker';

/**
 * Hands each job to the worker with the shortest mailbox (a `least-loaded` router) and retries it
 * when a worker crashes on it, so that no job is lost. Its handler is reentrant: it awaits many
 * workers at once instead of one job at a time.
 */
@Actor({ mailbox: 100 })
export class Dispatcher {
  constructor(
    private readonly workers: Router<Worker>,
    private readonly maxAttempts = 5,
  ) {}

  @Handler({ message: Submit, reentrant: true })
  async submit(m: Submit): Promise<number> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.workers.send(new Process(m.job, attempt));
      } catch (error) {
        if (!(error instanceof WorkerCrashed) || attempt >= this.maxAttempts) throw error;
      }
    }
  }
}
