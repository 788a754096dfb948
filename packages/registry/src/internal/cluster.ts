import type { ActorSystem, Addr } from '@troupe/core';
import { stateOf } from './states';

/**
 * What a cluster package (`@troupe/remote`) plugs into a system's registry, so that
 * `register(name, addr, { cluster: true })` and `join(group, addr, { cluster: true })` reach every
 * node. The registry itself stays local: the backend decides (one atomic store for names) and
 * tells the registry what holds a cluster name and who is in a cluster group, through
 * {@link setClusterName} and {@link setClusterMember}.
 */
export interface ClusterBackend {
  /**
   * Claims `name` cluster-wide for an actor of this node, then records it here with
   * `setClusterName`. Rejects with `NameTakenError` when another actor in the cluster holds it; the
   * claim ends when the actor stops or {@link release} is called.
   */
  claim(name: string, addr: Addr<unknown>): Promise<void>;
  /** Gives up this node's claim on `name`, if it holds one. */
  release(name: string): void;
  /** An actor of this node joined (`true`) or left (`false`) a cluster group; it leaves by itself when it stops. */
  publish(group: string, addr: Addr<unknown>, joined: boolean): void;
  /** Whether the address is another node's actor (the backend's own remote address). */
  isRemote(addr: Addr<unknown>): boolean;
}

const backends = new WeakMap<ActorSystem, ClusterBackend>();

/** Plugs a cluster backend into the system's registry, or unplugs it (`undefined`). */
export function installCluster(system: ActorSystem, backend: ClusterBackend | undefined): void {
  if (backend === undefined) backends.delete(system);
  else backends.set(system, backend);
}

/** The system's cluster backend, if a cluster package plugged one in. */
export function clusterOf(system: ActorSystem): ClusterBackend | undefined {
  return backends.get(system);
}

/**
 * The cluster says `name` is held by `addr` (this node's actor, or another node's actor's
 * address), or by nobody (`undefined`, with the address that held it). A local registration of the
 * same name by hand is left alone: it shadows the cluster's on this node.
 */
export function setClusterName(system: ActorSystem, name: string, addr: Addr<unknown> | undefined, previous?: Addr<unknown>): void {
  stateOf(system).clusterName(name, addr, previous);
}

/** The cluster says `addr` (usually another node's actor) joined or left `group`. */
export function setClusterMember(system: ActorSystem, group: string, addr: Addr<unknown>, member: boolean): void {
  const state = stateOf(system);
  if (member) state.join(group, addr);
  else state.leave(group, addr);
}
