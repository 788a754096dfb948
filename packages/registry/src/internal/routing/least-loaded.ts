import type { Addr } from '@troupe/core';
import { cellOf } from '@troupe/core/internal';
import type { Selector } from './selector';

/**
 * The member with the shortest mailbox (`addr.queued`, Akka's SmallestMailbox). Among members with
 * equally short mailboxes, one that is idle beats one busy with an async handler; the remaining ties
 * are broken by rotation, so that idle members share the load evenly.
 */
export class LeastLoaded implements Selector {
  private next = 0;

  select(members: readonly Addr<unknown>[]): Addr<unknown> | undefined {
    const n = members.length;
    if (n === 0) return undefined;
    const start = this.next % n;
    this.next = start + 1;
    let best: Addr<unknown> | undefined;
    let bestQueued = Infinity;
    let bestBusy = true;
    for (let i = 0; i < n; i++) {
      const candidate = members[(start + i) % n];
      if (!candidate.isAlive) continue;
      const queued = candidate.queued;
      if (queued > bestQueued) continue;
      const busy = cellOf(candidate).blocking;
      if (queued < bestQueued || (bestBusy && !busy)) {
        best = candidate;
        bestQueued = queued;
        bestBusy = busy;
        if (queued === 0 && !busy) break;
      }
    }
    return best;
  }
}
