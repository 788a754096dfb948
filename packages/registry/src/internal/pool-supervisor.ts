import { Actor, type ActorClass, type Addr, type Context, type Directive } from '@troupe/core';
import {
  addrOf,
  allowRestart,
  cellOfContext,
  ownDirective,
  spawnCell,
  STRATEGY,
  type ActorCell,
  type SupervisionStrategy,
} from '@troupe/core/internal';
import type { RegistryState } from './state';

/** Everything a pool needs to (re)build its workers. */
export interface PoolSpec {
  readonly worker: ActorClass;
  readonly size: number;
  readonly args: readonly unknown[] | undefined;
  readonly mailbox: number | undefined;
  readonly state: RegistryState;
  group: string;
  readonly maxRestarts: number;
  readonly withinMs: number;
  readonly decide: ((error: unknown, worker: Addr<unknown>) => Directive | undefined) | undefined;
}

/**
 * The parent of a pool's workers (Akka's pool router actor, an OTP simple_one_for_one supervisor).
 * It handles no messages. It spawns the workers, and spawns them again after it is itself restarted;
 * its strategy ({@link PoolStrategy}) restarts failed workers.
 */
@Actor()
export class PoolSupervisor {
  constructor(private readonly spec: PoolSpec) {}

  started(ctx: Context): void {
    fillPool(cellOfContext(ctx), this.spec);
  }
}

/** Spawns workers under the pool until it has `size` live ones; each joins the pool's group. */
export function fillPool(pool: ActorCell, spec: PoolSpec): void {
  const live = pool.children.filter((c) => c.isAlive);
  const taken = new Set(live.map((c) => c.name));
  let index = 0;
  for (let count = live.length; count < spec.size; count++) {
    while (taken.has(`worker-${index}`)) index++;
    const name = `worker-${index}`;
    taken.add(name);
    const worker = spawnCell(pool.system, pool, spec.worker, {
      name,
      ...(spec.args !== undefined && { args: spec.args as never }),
      ...(spec.mailbox !== undefined && { mailbox: spec.mailbox }),
    });
    spec.state.join(spec.group, addrOf(worker));
  }
}

/**
 * How a pool treats a failed worker: the worker's own `@Actor({ onFailure })`, then the pool's
 * `decide`, then restart. More than `maxRestarts` restarts of one worker within `withinMs` and the
 * pool gives up as an OTP supervisor does: it fails, and its own parent decides (by default it is
 * restarted with a fresh set of workers).
 */
export class PoolStrategy implements SupervisionStrategy {
  constructor(private readonly spec: PoolSpec) {}

  handleFailure(child: ActorCell, cause: unknown): void {
    const spec = this.spec;
    const directive = ownDirective(child, cause) ?? spec.decide?.(cause, addrOf(child)) ?? 'restart';
    if (directive === 'restart' && !allowRestart(child.restartLog, child.system.clock.now(), spec.maxRestarts, spec.withinMs)) {
      child.system.logger.warn(
        `${child.path} failed more than ${spec.maxRestarts} times within ${spec.withinMs} ms; its pool gives up`,
      );
      child.apply('escalate', cause);
      return;
    }
    child.apply(directive, cause);
  }
}

Reflect.defineMetadata(
  STRATEGY,
  (cell: ActorCell): SupervisionStrategy => new PoolStrategy(cell.args[0] as PoolSpec),
  PoolSupervisor,
);
