import 'reflect-metadata';
import { Actor, ActorConfigError, ActorRef, ActorStoppedError, type ActorClass, type ActorSystem, type Addr } from '@troupe/core';
import { addrOf, cellOf } from '@troupe/core/internal';
import type { ChildInfo, ChildSpec, SupervisorSpec } from './options';
import { checkChild, checkSpec } from './internal/config';
import { installSupervisor } from './internal/install';
import { SUPERVISE } from './internal/metadata-keys';
import { OtpStrategy } from './internal/otp-strategy';

/**
 * A supervisor without decorators: the same semantics as `@Supervise` with `@Child`, its options
 * and children given as a spec. `Supervisor` is itself an actor class taking the spec as its only
 * constructor argument, so it nests: `{ actor: Supervisor, name: 'pool', args: [{ ... }] }` is a
 * child that supervises its own children, and `ctx.spawn(Supervisor, { args: [spec] })` works.
 * The static methods also serve decorated supervisors.
 *
 * @example
 * ```ts
 * const root = Supervisor.start(system, {
 *   name: 'pipeline',
 *   strategy: 'rest-for-one',
 *   maxRestarts: 3,
 *   withinMs: 5000,
 *   children: [
 *     { actor: Reader, name: 'reader' },
 *     { actor: Writer, name: 'writer', restart: 'transient', args: ['out.log'] },
 *   ],
 * });
 * const writer = Supervisor.child<Writer>(root, 'writer');
 * ```
 */
@Actor()
export class Supervisor {
  /** @param spec the supervisor's options and children; checked when spawned. */
  constructor(readonly spec: SupervisorSpec) {}

  /**
   * Spawns a top-level supervisor under `/user` and returns its address at once. Its children are
   * spawned before this returns (in order) and finish starting before the supervisor's `started`.
   * Throws `ActorConfigError` for a bad spec, and whatever a child's constructor throws.
   */
  static start<const T extends readonly ActorClass[]>(system: ActorSystem, spec: SupervisorSpec<T>): Addr<Supervisor> {
    checkSpec(spec, `Supervisor.start${spec?.name ? ` (${spec.name})` : ''}`);
    return system.spawn(Supervisor, { name: spec.name, mailbox: spec.mailbox, args: [spec] });
  }

  /** The live children of a supervisor, in start order (OTP's `which_children`). */
  static children(supervisor: ActorRef): ChildInfo[] {
    return strategyOf(supervisor, 'Supervisor.children')
      .children.ordered(clockOf(supervisor).now())
      .map((r) => ({ name: r.cell.name, actor: addrOf(r.cell), restart: r.restart }));
  }

  /** A live child of a supervisor by name, or undefined. The type parameter is the child's class instance. */
  static child<A = unknown>(supervisor: ActorRef, name: string): Addr<A> | undefined {
    strategyOf(supervisor, 'Supervisor.child');
    const found = cellOf(supervisor).childNamed(name);
    return (found && addrOf(found)) as Addr<A> | undefined;
  }

  /**
   * Starts one more child under a supervisor, governed by its strategy like the declared ones
   * (OTP's `start_child`; a dynamic pool). Same as `ctx.spawn(Class, { restart })` from inside it.
   * Throws `ActorStoppedError` if the supervisor has stopped, `ActorConfigError` for a bad spec.
   */
  static startChild<C extends ActorClass>(supervisor: ActorRef, spec: ChildSpec<C>): Addr<InstanceType<C>> {
    const strategy = strategyOf(supervisor, 'Supervisor.startChild');
    if (!supervisor.isAlive) throw new ActorStoppedError(supervisor.path, undefined, 'is not alive; it cannot start a child');
    const child = checkChild(spec?.actor, spec, undefined, `Supervisor.startChild on ${supervisor.path}`);
    return strategy.children.spawn(child, clockOf(supervisor).now()).cell.addr as Addr<InstanceType<C>>;
  }

  /**
   * Stops a child for good, whatever its restart type (OTP's `terminate_child` and `delete_child`):
   * gracefully, killed after its `shutdownMs`. Resolves when it has stopped.
   */
  static stopChild(supervisor: ActorRef, child: ActorRef | string): Promise<void> {
    const strategy = strategyOf(supervisor, 'Supervisor.stopChild');
    const parent = cellOf(supervisor);
    const cell = typeof child === 'string' ? parent.childNamed(child) : child instanceof ActorRef && cellOf(child).parent === parent && child.isAlive ? cellOf(child) : undefined;
    if (cell === undefined) {
      return Promise.reject(new ActorConfigError(`Supervisor.stopChild: ${String(child)} is not a child of ${supervisor.path}`, supervisor.path));
    }
    strategy.children.recordOf(cell, clockOf(supervisor).now()).final = true;
    cell.stopFinal = true;
    return cell.requestStop();
  }
}

Reflect.defineMetadata(SUPERVISE, {}, Supervisor);
installSupervisor(Supervisor, true);

/** The clock of the supervisor's system: its restart records read the time the system reads. */
function clockOf(supervisor: ActorRef): { now(): number } {
  return cellOf(supervisor).system.clock;
}

function strategyOf(supervisor: ActorRef, what: string): OtpStrategy {
  const strategy = OtpStrategy.of(cellOf(supervisor));
  if (strategy === undefined) {
    throw new ActorConfigError(`${what}: ${supervisor.path} is not a supervisor (an @Supervise class or Supervisor.start)`, supervisor.path);
  }
  return strategy;
}
