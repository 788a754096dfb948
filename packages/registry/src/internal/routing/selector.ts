import type { Addr, Message } from '@troupe/core';

/**
 * Picks the one member that gets a message (round-robin, random, least-loaded, consistent-hash).
 * `members` is the group's snapshot in join order; it may hold members that are stopping, which a
 * selector must skip. Returns undefined when no member is alive.
 */
export interface Selector {
  select(members: readonly Addr<unknown>[], message: Message<unknown>): Addr<unknown> | undefined;
}

/** The first live member at or after `start`, going round; undefined when none is alive. */
export function firstLiveFrom(members: readonly Addr<unknown>[], start: number): Addr<unknown> | undefined {
  const n = members.length;
  for (let i = 0; i < n; i++) {
    const candidate = members[(start + i) % n];
    if (candidate.isAlive) return candidate;
  }
  return undefined;
}
