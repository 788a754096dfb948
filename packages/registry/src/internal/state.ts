import type { ActorClass, ActorSystem, Addr } from '@troupe/core';
import { cellOf, envOf } from '@troupe/core/internal';
import { NameTable } from './names';
import { Group } from './groups';
import { hasRegistryExtension } from './extension-marker';

/** What one actor holds in the registry, so that its stop removes it everywhere at once. */
interface Holdings {
  readonly names: Set<string>;
  readonly groups: Set<string>;
}

const NO_MEMBERS: readonly Addr<unknown>[] = Object.freeze([]);

/**
 * The tables behind one system's `Registry`: names, groups, what each actor holds, services.
 * An actor is removed from all of them when it stops: for `@Registered` classes through the
 * registry's actor extension, synchronously, the moment it stops accepting messages (core's
 * `stopping` hook; `terminated` sweeps again once it has stopped, or when its spawn was refused);
 * for actors of other classes registered by hand through `addr.stopped` (one promise reaction,
 * which runs before anyone awaiting that stop resumes). Until then such an actor may still be in a
 * table while stopping, which is why reads filter on `isAlive`.
 */
export class RegistryState {
  readonly names: NameTable;
  private readonly groups = new Map<string, Group>();
  private readonly holdings = new Map<Addr<unknown>, Holdings>();
  readonly services = new Map<ActorClass, Addr<unknown>>();

  constructor(readonly system: ActorSystem) {
    // The system is core's `CellEnv` for its cells; its clock is internal to Troupe's packages.
    this.names = new NameTable(envOf(system).clock);
  }

  register(name: string, addr: Addr<unknown>): void {
    this.names.check(name, addr);
    this.holdingsOf(addr).names.add(name);
    this.names.set(name, addr);
  }

  /** The cluster's word on a name (see `setClusterName`): held by `addr`, or by nobody. */
  clusterName(name: string, addr: Addr<unknown> | undefined, previous: Addr<unknown> | undefined): void {
    if (addr === undefined) {
      if (previous !== undefined && this.names.delete(name, previous)) this.holdings.get(previous)?.names.delete(name);
      return;
    }
    const holder = this.names.get(name);
    if (holder !== undefined) return; // itself already, or a local name given by hand, which shadows it here
    this.holdingsOf(addr).names.add(name);
    this.names.set(name, addr);
  }

  unregister(name: string): boolean {
    const holder = this.names.get(name);
    if (!this.names.delete(name)) return false;
    if (holder !== undefined) this.holdings.get(holder)?.names.delete(name);
    return holder !== undefined;
  }

  join(group: string, addr: Addr<unknown>): boolean {
    this.holdingsOf(addr).groups.add(group);
    return this.groupFor(group).add(addr);
  }

  leave(group: string, addr: Addr<unknown>): boolean {
    this.holdings.get(addr)?.groups.delete(group);
    const entry = this.groups.get(group);
    if (entry === undefined || !entry.remove(addr)) return false;
    this.dropIfIdle(entry);
    return true;
  }

  /** Registers names and joins groups all at once, or nothing when a name is taken. */
  admit(addr: Addr<unknown>, names: readonly string[], groups: readonly string[]): void {
    for (const name of names) this.names.check(name, addr);
    for (const name of names) this.register(name, addr);
    for (const group of groups) this.join(group, addr);
  }

  /** The actor is stopping or has stopped (or its spawn was refused): it leaves every name and group. Idempotent. */
  removeActor(addr: Addr<unknown>): void {
    const held = this.holdings.get(addr);
    if (held === undefined) return;
    this.holdings.delete(addr);
    for (const name of held.names) this.names.delete(name, addr);
    for (const group of held.groups) {
      const entry = this.groups.get(group);
      if (entry !== undefined && entry.remove(addr)) this.dropIfIdle(entry);
    }
  }

  /** The current member snapshot of a group (possibly holding a member registered by hand that is stopping). */
  membersOf(group: string): readonly Addr<unknown>[] {
    return this.groups.get(group)?.members ?? NO_MEMBERS;
  }

  /** The group, made on first use; kept while it has members or subscribers. */
  groupFor(name: string): Group {
    let entry = this.groups.get(name);
    if (entry === undefined) {
      entry = new Group(name, this.system.logger);
      this.groups.set(name, entry);
    }
    return entry;
  }

  dropIfIdle(entry: Group): void {
    if (entry.idle && this.groups.get(entry.name) === entry) this.groups.delete(entry.name);
  }

  groupNames(): string[] {
    const names: string[] = [];
    for (const [name, entry] of this.groups) if (entry.live().length > 0) names.push(name);
    return names;
  }

  private holdingsOf(addr: Addr<unknown>): Holdings {
    let held = this.holdings.get(addr);
    if (held === undefined) {
      held = { names: new Set(), groups: new Set() };
      this.holdings.set(addr, held);
      if (!hasRegistryExtension(cellOf(addr))) void addr.stopped.then(() => this.removeActor(addr));
    }
    return held;
  }
}
