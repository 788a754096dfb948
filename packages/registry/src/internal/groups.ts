import type { Addr, Logger } from '@troupe/core';

/** Called with the group's live members after every change. */
export type GroupListener = (members: readonly Addr<unknown>[]) => void;

const EMPTY: readonly Addr<unknown>[] = Object.freeze([]);

/**
 * One group (Erlang's `pg` group, Akka's Receptionist service key): its members in the order they
 * joined, as an immutable snapshot replaced on every change, so that routers read it without
 * copying and can cache what they derive from it (a hash ring) by identity.
 */
export class Group {
  /** Members in join order; may hold a member registered by hand that is stopping, until it has stopped. */
  members: readonly Addr<unknown>[] = EMPTY;
  private readonly listeners = new Set<GroupListener>();

  constructor(
    readonly name: string,
    private readonly logger: Logger,
  ) {}

  /** Adds a member; false when it already was one. */
  add(addr: Addr<unknown>): boolean {
    if (this.members.includes(addr)) return false;
    this.members = Object.freeze([...this.members, addr]);
    this.changed();
    return true;
  }

  /** Removes a member; false when it was none. */
  remove(addr: Addr<unknown>): boolean {
    const index = this.members.indexOf(addr);
    if (index < 0) return false;
    const next = this.members.slice();
    next.splice(index, 1);
    this.members = next.length === 0 ? EMPTY : Object.freeze(next);
    this.changed();
    return true;
  }

  /** The live members (those not stopping), without copying when all are live. */
  live(): readonly Addr<unknown>[] {
    return liveOf(this.members);
  }

  subscribe(listener: GroupListener): () => void {
    // A wrapper per subscription, so that subscribing one function twice gives two subscriptions.
    const entry: GroupListener = (members) => listener(members);
    this.listeners.add(entry);
    return () => void this.listeners.delete(entry);
  }

  /** Whether anyone still refers to this group (so it must be kept even when empty). */
  get idle(): boolean {
    return this.members.length === 0 && this.listeners.size === 0;
  }

  private changed(): void {
    if (this.listeners.size === 0) return;
    const members = Object.freeze(this.live().slice());
    for (const listener of [...this.listeners]) {
      try {
        listener(members);
      } catch (error) {
        this.logger.error(`registry: a subscriber of group "${this.name}" threw`, error);
      }
    }
  }
}

/** The live addresses of a list, the list itself when all are live (the common case: no copy). */
export function liveOf(members: readonly Addr<unknown>[]): readonly Addr<unknown>[] {
  for (let i = 0; i < members.length; i++) {
    if (!members[i].isAlive) return members.filter((m) => m.isAlive);
  }
  return members;
}
