import { Actor, Handler, type Context } from '@troupe/core';
import { Registry } from '@troupe/registry';
import type { Collector } from './collector';
import { countPrimes, Process, Result, WorkerCrashed } from './messages';

/**
 * Processes jobs. Each job waits a little (as if for I/O), then computes. Every `crashEvery`-th
 * job an instance takes, it crashes instead: the pool restarts it (same address, fresh instance),
 * the messages queued for it wait, and the dispatcher retries the job that crashed.
 */
@Actor()
export class Worker {
  private handled = 0;

  constructor(private readonly crashEvery: number) {}

  @Handler(Process)
  async process(m: Process, ctx: Context<Worker>): Promise<number> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (++this.handled % this.crashEvery === 0) throw new WorkerCrashed(ctx.path, m.job.id);
    const value = countPrimes(m.job.limit);
    // The collector is found by name: whoever holds "results" now, even if it was restarted.
    Registry.of(ctx.system).lookup<Collector>('results')?.doSend(new Result(m.job.id, value, ctx.name));
    return value;
  }
}
