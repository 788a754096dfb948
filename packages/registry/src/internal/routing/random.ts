import type { Addr } from '@troupe/core';
import { firstLiveFrom, type Selector } from './selector';

/** A uniformly random member, from `random()` in [0, 1) (default `Math.random`, injectable for tests). */
export class RandomPick implements Selector {
  constructor(private readonly random: () => number = Math.random) {}

  select(members: readonly Addr<unknown>[]): Addr<unknown> | undefined {
    const n = members.length;
    if (n === 0) return undefined;
    const index = Math.min(n - 1, Math.floor(this.random() * n));
    return firstLiveFrom(members, index);
  }
}
