import {
  ActorConfigError,
  type ActorArgs,
  type ActorClass,
  type ActorSystem,
  type Addr,
  type Directive,
} from '@troupe/core';
import { addrOf, cellOf, DEFAULT_MAX_RESTARTS, DEFAULT_WITHIN_MS } from '@troupe/core/internal';
import type { AnyRouterOptions, BroadcastOptions, BroadcastRouter, Router, RouterOptions } from './router';
import { GroupRouter, type Delivery } from './internal/group-router';
import { fillPool, PoolSupervisor, type PoolSpec } from './internal/pool-supervisor';
import { deliveryFor } from './internal/routing/create';
import type { RoutingStrategy } from './router';
import type { RegistryState } from './internal/state';
import { stateOf } from './internal/states';
import { checkFunction, checkKey, checkPositiveInteger, checkTimeout, describe } from './internal/validate';

/** How a pool supervises its workers. */
export interface PoolSupervision<A = unknown> {
  /** Restarts of one worker allowed within `withinMs` before the pool gives up. Default 10. */
  maxRestarts?: number;
  /** The window for `maxRestarts`, in ms. Default 10 000. */
  withinMs?: number;
  /** The directive for a failed worker; return undefined for the default, `restart`. */
  decide?(error: unknown, worker: Addr<A>): Directive | undefined;
}

/** Options of {@link Pool.spawn}, besides the routing strategy and its options. */
export interface PoolOptions<C extends ActorClass = ActorClass> {
  /** How many workers. */
  size: number;
  /** The pool's name: it lives at `/user/<name>`, its workers at `/user/<name>/worker-<i>`. Default: generated. */
  name?: string;
  /** The group the workers join. Default: the pool's path, such as `/user/jobs`. */
  group?: string;
  /** Constructor arguments of every worker. */
  args?: ActorArgs<C>;
  /** Mailbox capacity of every worker. */
  mailbox?: number;
  /** Restart intensity and decisions for failed workers. */
  supervise?: PoolSupervision<InstanceType<C>>;
}

/** What a pool adds to its router. */
export interface PoolControl<A = unknown> {
  /** The actor that supervises the workers; stopping it stops them. */
  readonly supervisor: Addr<unknown>;
  /** The live workers, in the order they were started. */
  readonly workers: Addr<A>[];
  /** The number of workers the pool keeps. */
  readonly size: number;
  /** Stops the pool gracefully: every worker drains its mailbox and stops, then the supervisor. */
  stop(): Promise<void>;
}

/** A pool whose `send` resolves with one reply. */
export type PoolRouter<A = unknown> = Router<A> & PoolControl<A>;
/** A `broadcast` pool: `send` resolves with every worker's reply. */
export type BroadcastPoolRouter<A = unknown> = BroadcastRouter<A> & PoolControl<A>;

function spawnPool<C extends ActorClass>(
  system: ActorSystem,
  worker: C,
  options: PoolOptions<C> & BroadcastOptions,
): BroadcastPoolRouter<InstanceType<C>>;
function spawnPool<C extends ActorClass>(
  system: ActorSystem,
  worker: C,
  options: PoolOptions<C> & RouterOptions<InstanceType<C>>,
): PoolRouter<InstanceType<C>>;
function spawnPool<C extends ActorClass>(
  system: ActorSystem,
  worker: C,
  options: PoolOptions<C> & AnyRouterOptions<InstanceType<C>>,
): PoolRouter<InstanceType<C>> | BroadcastPoolRouter<InstanceType<C>>;
function spawnPool<C extends ActorClass>(
  system: ActorSystem,
  worker: C,
  options: PoolOptions<C> & AnyRouterOptions<InstanceType<C>>,
): PoolRouter<InstanceType<C>> | BroadcastPoolRouter<InstanceType<C>> {
  const where = `Pool.spawn(${typeof worker === 'function' ? worker.name : describe(worker)})`;
  if (typeof worker !== 'function') throw new ActorConfigError(`${where}: expected an @Actor class, got ${describe(worker)}`);
  if (options === null || typeof options !== 'object') throw new ActorConfigError(`${where}: options { size, strategy? } are required`);
  const size = checkPositiveInteger(options.size, 'size', where);
  if (options.group !== undefined) checkKey(options.group, 'group', where);
  const { strategy, delivery } = deliveryFor(options as AnyRouterOptions, where);
  const supervise = options.supervise ?? {};
  const spec: PoolSpec = {
    worker,
    size,
    args: options.args,
    mailbox: options.mailbox,
    state: stateOf(system),
    group: '',
    maxRestarts: supervise.maxRestarts === undefined ? DEFAULT_MAX_RESTARTS : checkCount(supervise.maxRestarts, where),
    withinMs: supervise.withinMs === undefined ? DEFAULT_WITHIN_MS : checkTimeout(supervise.withinMs, `${where} (supervise.withinMs)`),
    decide: supervise.decide === undefined ? undefined : bindDecide(checkFunction(supervise.decide, 'supervise.decide', where), supervise),
  };
  const supervisor: Addr<unknown> = system.spawn(PoolSupervisor, {
    args: [spec],
    ...(options.name !== undefined && { name: options.name }),
  }) as unknown as Addr<unknown>;
  spec.group = options.group ?? supervisor.path;
  try {
    fillPool(cellOf(supervisor), spec);
  } catch (error) {
    void supervisor.kill(); // a worker refused to spawn (its constructor threw, its name is taken): no half pool
    throw error;
  }
  return new PoolGroupRouter(spec.state, spec.group, strategy, delivery, supervisor, size) as unknown as PoolRouter<InstanceType<C>>;
}

/**
 * Pools: `size` workers of one class, spawned under a supervisor as a group, behind a router; the
 * usual way to spread load (Akka's pool routers, actix's `SyncArbiter` in spirit).
 *
 * @example
 * ```ts
 * const workers = Pool.spawn(system, Worker, { size: 4, strategy: 'least-loaded', name: 'workers' });
 * const result = await workers.send(new Job(42));
 * await workers.stop();
 * ```
 */
export const Pool = {
  /**
   * Spawns a pool: a supervisor actor with `size` workers as children, every worker a member of
   * the pool's group, and returns the group's router with the pool's controls. Failed workers are
   * restarted (see {@link PoolSupervision}). Throws, leaving nothing behind, when a worker cannot be
   * spawned.
   */
  spawn: spawnPool,
} as const;

class PoolGroupRouter extends GroupRouter implements PoolControl<unknown> {
  constructor(
    state: RegistryState,
    group: string,
    strategy: RoutingStrategy,
    delivery: Delivery,
    readonly supervisor: Addr<unknown>,
    readonly size: number,
  ) {
    super(state, group, strategy, delivery);
  }

  get workers(): Addr<unknown>[] {
    return cellOf(this.supervisor).children.filter((c) => c.isAlive).map(addrOf);
  }

  stop(): Promise<void> {
    return this.supervisor.stop();
  }
}

function checkCount(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new ActorConfigError(`${where}: supervise.maxRestarts must be a non-negative integer, got ${describe(value)}`);
  }
  return value;
}

function bindDecide<A>(
  decide: (error: unknown, worker: Addr<A>) => Directive | undefined,
  owner: PoolSupervision<A>,
): PoolSpec['decide'] {
  return (error, worker) => decide.call(owner, error, worker as Addr<A>);
}
