import { ActorConfigError, ActorSystem, type ActorClass, type Addr } from '@troupe/core';
import type { AnyRouterOptions, BroadcastOptions, BroadcastRouter, Router, RouterOptions } from './router';
import { liveOf } from './internal/groups';
import { GroupRouter } from './internal/group-router';
import { deliveryFor } from './internal/routing/create';
import { startService, type ServiceOptions } from './internal/services';

export type { ServiceOptions };
import type { RegistryState } from './internal/state';
import { stateOf } from './internal/states';
import { checkAddr, checkFunction, checkKey, checkTimeout, describe } from './internal/validate';
import { clusterOf, type ClusterBackend } from './internal/cluster';

/** Options of {@link Registry.register} and {@link Registry.join}. */
export interface ClusterOption {
  /**
   * Cluster-wide (needs `@troupe/remote` started on this system): a name unique across every node
   * (one atomic store decides), or a group whose members on every node are routed to.
   */
  readonly cluster?: boolean;
}

/** Options of {@link Registry.waitFor}. */
export interface WaitForOptions {
  /** Reject with `TimeoutError` after this many ms. Default: the system's `askTimeoutMs`. `Infinity`: never. */
  timeoutMs?: number;
  /** Give up early: the promise rejects with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * The registry of one actor system: names (Erlang's registered names), groups (Erlang's `pg`,
 * Akka's Receptionist), routers over groups, and services (actix's `SystemService`). Each
 * {@link ActorSystem} has its own, got with {@link Registry.of}; two systems never see each other's
 * names or groups.
 *
 * Lifecycle of an entry: an actor enters when it is registered (by hand, or by `@Registered` when it
 * is spawned); it keeps its names and groups across restarts, because a restarted actor keeps its
 * `Addr`; it leaves at once when it stops or is killed: from the moment it stops accepting messages
 * it is no longer returned by `lookup`, `members` or routers and its names are free. A `@Registered`
 * actor is removed from its names and groups at that moment, and subscribers are told then, while
 * it may still be draining its mailbox; an actor of another class registered by hand is removed,
 * and subscribers told, once it has fully stopped.
 *
 * @example
 * ```ts
 * const registry = Registry.of(system);
 * registry.register('audit', system.spawn(Audit));
 * registry.lookup<Audit>('audit')?.doSend(new Record('boot'));
 * const counter = await registry.waitFor<Counter>('counter', { timeoutMs: 1000 });
 * const workers = registry.router<Worker>('workers', { strategy: 'least-loaded' });
 * await workers.send(new Job(1));
 * ```
 */
export class Registry {
  /** The system this registry belongs to. */
  readonly system: ActorSystem;
  private readonly state: RegistryState;

  private constructor(system: ActorSystem) {
    this.system = system;
    this.state = stateOf(system);
  }

  /** The registry of `system`, made on first use. The same object for every call with the same system. */
  static of(system: ActorSystem): Registry {
    if (!(system instanceof ActorSystem)) {
      throw new ActorConfigError(`Registry.of: expected an ActorSystem, got ${describe(system)}`);
    }
    let registry = registries.get(system);
    if (registry === undefined) {
      registry = new Registry(system);
      registries.set(system, registry);
    }
    return registry;
  }

  // ---- names ---------------------------------------------------------------------------

  /**
   * Gives `name` to a live actor of this system. Registering the name an actor already holds does
   * nothing; an actor may hold several names.
   *
   * With `{ cluster: true }` (once `@troupe/remote` is started on this system) the name is unique
   * across the cluster: one atomic store decides between nodes, and the promise resolves once the
   * name is the actor's everywhere (every node's `lookup` then finds it). It rejects with
   * `NameTakenError` naming the holder (possibly on another node). The name is released when the
   * actor stops, when `unregister` is called here, or when this node leaves or is lost.
   *
   * @throws NameTakenError when another live actor holds the name (the error names the holder).
   * @throws ActorConfigError for an empty or non-string name, or something that is not an `Addr` of this system.
   * @throws ActorStoppedError when the actor is not alive.
   */
  register<A>(name: string, addr: Addr<A>, options: ClusterOption & { readonly cluster: true }): Promise<void>;
  register<A>(name: string, addr: Addr<A>, options?: ClusterOption & { readonly cluster?: false }): void;
  register<A>(name: string, addr: Addr<A>, options?: ClusterOption): void | Promise<void>;
  register<A>(name: string, addr: Addr<A>, options?: ClusterOption): void | Promise<void> {
    const where = `registry.register(${JSON.stringify(name)})`;
    if (options?.cluster === true) {
      try {
        checkKey(name, 'name', 'registry.register');
        const local = checkAddr(addr, this.system, where);
        const cluster = this.cluster(where);
        if (cluster.isRemote(local)) throw new ActorConfigError(`${where}: ${local.path} is another node's actor; register it on its own node`, local.path);
        this.state.names.check(name, local);
        return cluster.claim(name, local);
      } catch (error) {
        return Promise.reject(error);
      }
    }
    checkKey(name, 'name', 'registry.register');
    this.state.register(name, checkAddr(addr, this.system, where));
  }

  /**
   * Frees a name. Returns whether a live actor held it. The actor itself is not affected. A
   * cluster name held by an actor of this node is released cluster-wide; one held on another node
   * is left alone (only its own node can release it) and this returns false.
   */
  unregister(name: string): boolean {
    checkKey(name, 'name', 'registry.unregister');
    const cluster = clusterOf(this.system);
    if (cluster === undefined) return this.state.unregister(name);
    const holder = this.state.names.get(name);
    if (holder !== undefined && cluster.isRemote(holder)) return false;
    cluster.release(name);
    this.state.unregister(name);
    return holder !== undefined;
  }

  /** The live actor registered as `name`, typed as you say, or undefined. */
  lookup<A = unknown>(name: string): Addr<A> | undefined {
    return this.state.names.get(checkKey(name, 'name', 'registry.lookup')) as Addr<A> | undefined;
  }

  /**
   * Resolves with the actor registered as `name` as soon as there is one (at once if there is one
   * now). Rejects with `TimeoutError` after `timeoutMs` (default: the system's `askTimeoutMs`), or
   * with the signal's reason when aborted.
   */
  waitFor<A = unknown>(name: string, options: WaitForOptions = {}): Promise<Addr<A>> {
    try {
      checkKey(name, 'name', 'registry.waitFor');
      const timeoutMs = options.timeoutMs === undefined ? this.system.askTimeoutMs : checkTimeout(options.timeoutMs, 'registry.waitFor');
      const where = `the registry of system "${this.system.name}"`;
      return this.state.names.waitFor(name, timeoutMs, options.signal, where) as Promise<Addr<A>>;
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** The names held by live actors, in the order they were registered. */
  names(): string[] {
    return this.state.names.names();
  }

  // ---- groups ---------------------------------------------------------------------------

  /**
   * Adds a live actor of this system to a group. Joining twice is one membership. Returns whether it
   * was added. `@Registered({ group })` does this when the actor is spawned.
   *
   * With `{ cluster: true }` (once `@troupe/remote` is started on this system) the membership is
   * published to every node: their `members(group)`, subscribers and routers include this actor
   * (as a remote address) soon after, and drop it when it leaves, stops, or its node is lost.
   */
  join<A>(group: string, addr: Addr<A>, options?: ClusterOption): boolean {
    const where = `registry.join(${JSON.stringify(group)})`;
    checkKey(group, 'group', 'registry.join');
    const local = checkAddr(addr, this.system, where);
    if (options?.cluster === true) {
      const cluster = this.cluster(where);
      if (cluster.isRemote(local)) throw new ActorConfigError(`${where}: ${local.path} is another node's actor; join it on its own node`, local.path);
      cluster.publish(group, local, true);
    }
    return this.state.join(group, local);
  }

  /** Removes an actor from a group (and from the cluster's view of it, when it joined with `{ cluster: true }`). Returns whether it was a member. */
  leave<A>(group: string, addr: Addr<A>): boolean {
    checkKey(group, 'group', 'registry.leave');
    const cluster = clusterOf(this.system);
    if (cluster !== undefined && !cluster.isRemote(addr as unknown as Addr<unknown>)) cluster.publish(group, addr as unknown as Addr<unknown>, false);
    return this.state.leave(group, addr as unknown as Addr<unknown>);
  }

  /** The live members of a group, in the order they joined (a new array; empty for an unknown group). */
  members<A = unknown>(group: string): Addr<A>[] {
    return liveOf(this.state.membersOf(checkKey(group, 'group', 'registry.members'))).slice() as Addr<A>[];
  }

  /** The groups that have live members. */
  groups(): string[] {
    return this.state.groupNames();
  }

  /**
   * Calls `listener` with the group's live members after every change (a join, a leave, a stop).
   * It is not called with the current members on subscribing: read them with {@link members}.
   * A listener that throws is logged and stays subscribed. Returns the function that unsubscribes.
   */
  subscribe<A = unknown>(group: string, listener: (members: readonly Addr<A>[]) => void): () => void {
    checkKey(group, 'group', 'registry.subscribe');
    checkFunction(listener, 'the listener', 'registry.subscribe');
    const entry = this.state.groupFor(group);
    const unsubscribe = entry.subscribe(listener as (members: readonly Addr<unknown>[]) => void);
    return () => {
      unsubscribe();
      this.state.dropIfIdle(entry);
    };
  }

  // ---- routers --------------------------------------------------------------------------

  /**
   * A router over a group: the same `tell`/`send`/`trySend`/`doSend` as an `Addr<A>`, delivered to
   * the members the strategy picks, following the group as members come and go. The group need not
   * exist yet: until members arrive, the router rejects with `NoRouteeError`.
   *
   * @throws ActorConfigError for an unknown strategy, `consistent-hash` without `key`, or bad options.
   */
  router<A = unknown>(group: string, options: BroadcastOptions): BroadcastRouter<A>;
  router<A = unknown>(group: string, options?: RouterOptions<A>): Router<A>;
  router<A = unknown>(group: string, options?: AnyRouterOptions<A>): Router<A> | BroadcastRouter<A>;
  router<A = unknown>(group: string, options?: AnyRouterOptions<A>): Router<A> | BroadcastRouter<A> {
    checkKey(group, 'group', 'registry.router');
    const { strategy, delivery } = deliveryFor(options as AnyRouterOptions | undefined, `registry.router(${JSON.stringify(group)})`);
    return new GroupRouter(this.state, group, strategy, delivery) as unknown as Router<A>;
  }

  private cluster(where: string): ClusterBackend {
    const cluster = clusterOf(this.system);
    if (cluster === undefined) {
      throw new ActorConfigError(
        `${where}: { cluster: true } needs a cluster: start one on system "${this.system.name}" with ` +
          "Remote.start(system, options) from '@troupe/remote' first",
      );
    }
    return cluster;
  }

  // ---- services -------------------------------------------------------------------------

  /**
   * The system's one instance of a service actor (actix's `SystemService`): started on first use,
   * the same `Addr` afterwards. If it has stopped for good, the next call starts a new one. Options
   * apply only when it is started. It is a top-level actor named `service:<ClassName>`, supervised
   * like any other (restarted on failure) and stopped by `system.shutdown()`.
   */
  service<C extends ActorClass>(actorClass: C, options: ServiceOptions<C> = {}): Addr<InstanceType<C>> {
    const state = this.state;
    const running = state.services.get(actorClass);
    if (running !== undefined && running.isAlive) return running as Addr<InstanceType<C>>;
    const addr = startService(this.system, actorClass, options);
    state.services.set(actorClass, addr as unknown as Addr<unknown>);
    return addr;
  }
}

const registries = new WeakMap<ActorSystem, Registry>();

