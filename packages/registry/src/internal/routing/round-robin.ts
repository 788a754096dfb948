import type { Addr } from '@troupe/core';
import type { Selector } from './selector';

/**
 * Exact rotation over the members in join order: with members a, b, c the messages go to
 * a, b, c, a, b, c, ... A member that is stopping is skipped; when members join or leave the
 * rotation goes on from the same position over the new list.
 */
export class RoundRobin implements Selector {
  private next = 0;

  select(members: readonly Addr<unknown>[]): Addr<unknown> | undefined {
    const n = members.length;
    for (let i = 0; i < n; i++) {
      const index = this.next % n;
      this.next = index + 1;
      const candidate = members[index];
      if (candidate.isAlive) return candidate;
    }
    return undefined;
  }
}
