import { Actor, Handler, type Addr } from '@troupe/core';
import { Child, Supervise } from '@troupe/supervisor';
import type { Environment } from './environment';
import { Submit } from './messages';
import { Pipeline } from './pipeline';
import { ConnectionPool } from './pool';

/**
 * The root: the pool and the pipeline under one-for-all. Should either give up (too many
 * restarts of its own children), both are restarted afresh; should that happen more than twice
 * in five seconds, the root gives up too and the system shuts down.
 */
@Actor()
@Supervise({ strategy: 'one-for-all', maxRestarts: 2, withinMs: 5000 })
export class Service {
  constructor(readonly env: Environment) {}

  @Child(ConnectionPool, { args: (s: Service) => [s.env] }) pool!: Addr<ConnectionPool>;
  @Child(Pipeline, { args: (s: Service) => [s.env, s.pool] }) pipeline!: Addr<Pipeline>;

  @Handler(Submit) submit(m: Submit): Promise<void> {
    return this.pipeline.tell(m);
  }
}
