/** What the example's actors share with `main`: injected faults and the "database" they write to. */

/** Seeded fault injection (mulberry32): a fault happens at `rate`, the same way in every run. */
export class Faults {
  constructor(
    private seed: number,
    readonly rate: number,
  ) {}

  /** A number in [0, 1). */
  next(): number {
    this.seed = (this.seed + 0x6d2b79f5) | 0;
    let t = Math.imul(this.seed ^ (this.seed >>> 15), 1 | this.seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** True at `rate`. */
  happens(): boolean {
    return this.next() < this.rate;
  }
}

/** The records written, by job id, with how many times each was written. */
export class Database {
  private readonly writes = new Map<number, number>();
  private waiting: { count: number; resolve: () => void } | undefined;

  write(jobId: number): void {
    this.writes.set(jobId, (this.writes.get(jobId) ?? 0) + 1);
    if (this.waiting !== undefined && this.writes.size >= this.waiting.count) this.waiting.resolve();
  }

  timesWritten(jobId: number): number {
    return this.writes.get(jobId) ?? 0;
  }

  get size(): number {
    return this.writes.size;
  }

  /** Resolves once `count` distinct jobs are written; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs: number): Promise<void> {
    if (this.writes.size >= count) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${this.writes.size} of ${count} jobs written after ${timeoutMs} ms`)), timeoutMs);
      this.waiting = {
        count,
        resolve: () => {
          clearTimeout(timer);
          this.waiting = undefined;
          resolve();
        },
      };
    });
  }
}

/** Handed down the tree through constructor arguments. */
export interface Environment {
  /** Whether a connection drops the write it is handling (before writing anything). */
  readonly connectionFaults: Faults;
  readonly database: Database;
  /** How many connections the pool opens. */
  readonly connections: number;
}
