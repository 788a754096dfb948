import { Actor, Handler, type Addr, type Context } from '@troupe/core';
import { Supervise } from '@troupe/supervisor';
import type { Environment } from './environment';
import { ConnectionReset, Put, Store } from './messages';

/** One connection to the database; drops a write now and then (an injected fault). */
@Actor()
export class Connection {
  constructor(private readonly env: Environment) {}

  @Handler(Put) put(m: Put, ctx: Context<Connection>): void {
    if (this.env.connectionFaults.happens()) {
      throw new ConnectionReset(`${ctx.path} dropped job ${m.job.id}`);
    }
    this.env.database.write(m.job.id);
  }
}

/** Attempts per job before the pool itself gives up on it. */
const ATTEMPTS = 20;

/**
 * A pool of connections opened at run time (dynamic children), each restarted alone when it
 * fails, after a growing delay (one-for-one with backoff). A store that hits a dropped connection
 * is retried on the next one; meanwhile the failed connection's own queue waits for its restart.
 */
@Actor()
@Supervise({
  strategy: 'one-for-one',
  maxRestarts: 50,
  withinMs: 1000,
  backoff: { minMs: 5, maxMs: 80, factor: 2, jitter: 0.2 },
})
export class ConnectionPool {
  private readonly connections: Addr<Connection>[] = [];
  private next = 0;

  constructor(private readonly env: Environment) {}

  started(ctx: Context<ConnectionPool>): void {
    for (let i = 0; i < this.env.connections; i++) {
      this.connections.push(ctx.spawn(Connection, { name: `conn${i}`, args: [this.env], restart: 'permanent' }));
    }
  }

  @Handler(Store) async store(m: Store): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const connection = this.connections[this.next++ % this.connections.length];
      try {
        return await connection.send(new Put(m.job));
      } catch (error) {
        if (!(error instanceof ConnectionReset) || attempt === ATTEMPTS) throw error;
      }
    }
  }
}
