import { Actor, Handler } from '@troupe/core';
import { Registered } from '@troupe/registry';
import { GetSummary, Result, type Summary } from './messages';

/** Gathers results; registered by name so that workers find it without being handed its address. */
@Actor({ mailbox: 10_000 })
@Registered('results')
export class Collector {
  private readonly seen = new Set<number>();
  private received = 0;
  private readonly perWorker: Record<string, number> = {};

  @Handler(Result)
  result(m: Result): void {
    this.received++;
    this.seen.add(m.jobId);
    this.perWorker[m.worker] = (this.perWorker[m.worker] ?? 0) + 1;
  }

  @Handler(GetSummary)
  summary(_: GetSummary): Summary {
    return {
      received: this.received,
      unique: this.seen.size,
      duplicates: this.received - this.seen.size,
      perWorker: { ...this.perWorker },
    };
  }
}
