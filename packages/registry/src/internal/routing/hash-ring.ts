import type { Addr } from '@troupe/core';
import { hash32 } from './hash';

/**
 * A consistent-hash ring: each member stands at `virtualNodes` points, placed by hashing its path
 * with the point's index, so a member's points do not depend on who else is in the group. A key
 * belongs to the first point at or after its hash, going round. When a member joins it takes over
 * only the arcs before its own points (about 1/n of the keys); when one leaves only its keys move.
 */
export class HashRing {
  private readonly points: Uint32Array;
  private readonly owners: Addr<unknown>[];

  constructor(
    readonly members: readonly Addr<unknown>[],
    virtualNodes: number,
  ) {
    const entries: { point: number; owner: Addr<unknown>; path: string }[] = [];
    for (const member of members) {
      const path = member.path;
      for (let i = 0; i < virtualNodes; i++) entries.push({ point: hash32(`${path}#${i}`), owner: member, path });
    }
    // Ties (two points on one hash) are broken by path, so the ring does not depend on join order.
    entries.sort((a, b) => a.point - b.point || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    this.points = Uint32Array.from(entries, (e) => e.point);
    this.owners = entries.map((e) => e.owner);
  }

  /** The live member that owns `key`: the owner of its point, or the next live one going round. */
  lookup(key: string): Addr<unknown> | undefined {
    const n = this.points.length;
    if (n === 0) return undefined;
    const start = this.firstAtOrAfter(hash32(key));
    for (let i = 0; i < n; i++) {
      const owner = this.owners[(start + i) % n];
      if (owner.isAlive) return owner;
    }
    return undefined;
  }

  /** Binary search for the first point >= h, wrapping to 0. */
  private firstAtOrAfter(h: number): number {
    const points = this.points;
    let lo = 0;
    let hi = points.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (points[mid] < h) lo = mid + 1;
      else hi = mid;
    }
    return lo === points.length ? 0 : lo;
  }
}
