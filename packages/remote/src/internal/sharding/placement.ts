/**
 * Where entities go: ids hash to a fixed number of shards, and shards are spread over the nodes
 * that host the type. Pure functions, the same on every node, so that nodes with the same view of
 * the store and of the members agree on where each shard should be.
 */

import { FNV_OFFSET, avalanche, fnvStep } from '@troupe/registry/internal';

const utf8 = new TextEncoder();

/**
 * The shard of an id: FNV-1a over its UTF-8 bytes, then MurmurHash3's finalizer (FNV's low bits
 * alone spread poorly over small shard counts), modulo `shards`. Stable across processes,
 * platforms and releases: changing it would move every entity.
 */
export function shardOf(id: string, shards: number): number {
  let h = FNV_OFFSET;
  const bytes = ascii(id) ? undefined : utf8.encode(id);
  const length = bytes === undefined ? id.length : bytes.length;
  for (let i = 0; i < length; i++) h = fnvStep(h, bytes === undefined ? id.charCodeAt(i) : bytes[i]);
  return avalanche(h) % shards;
}

function ascii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/**
 * Where each shard should be, given where each is now (`current[shard]`: its owner's node name,
 * or undefined when it has none or its owner does not host any more) and the nodes that host the
 * type (`hosts`). Returns the desired owner of every shard (undefined for all when there is no host).
 *
 * Even: every host gets `floor(shards / hosts)` or one more; the extra ones go to the hosts that
 * hold the most now (then by name), so that nothing moves only to move back. Minimal: a host keeps
 * its current shards up to its share (its lowest-numbered ones); only its excess, and shards
 * without a live owner, go to hosts below their share, in name order. So a node that joins takes
 * about `shards / hosts` shards, all from the others' excess, and a node that leaves gives its own
 * to the rest; nothing else moves.
 */
export function allocate(shards: number, current: readonly (string | undefined)[], hosts: readonly string[]): (string | undefined)[] {
  const desired: (string | undefined)[] = new Array<string | undefined>(shards).fill(undefined);
  if (hosts.length === 0) return desired;
  const names = [...hosts].sort();
  const held = new Map<string, number>(names.map((n) => [n, 0]));
  for (let s = 0; s < shards; s++) {
    const owner = current[s];
    if (owner !== undefined && held.has(owner)) held.set(owner, held.get(owner)! + 1);
  }
  const base = Math.floor(shards / names.length);
  let extra = shards % names.length;
  const target = new Map<string, number>();
  const byHolding = [...names].sort((a, b) => held.get(b)! - held.get(a)! || (a < b ? -1 : a > b ? 1 : 0));
  for (const name of byHolding) target.set(name, base + (extra-- > 0 ? 1 : 0));
  const kept = new Map<string, number>(names.map((n) => [n, 0]));
  const pool: number[] = [];
  for (let s = 0; s < shards; s++) {
    const owner = current[s];
    if (owner !== undefined && kept.has(owner) && kept.get(owner)! < target.get(owner)!) {
      desired[s] = owner;
      kept.set(owner, kept.get(owner)! + 1);
    } else {
      pool.push(s);
    }
  }
  let h = 0;
  for (const s of pool) {
    while (kept.get(names[h])! >= target.get(names[h])!) h++;
    desired[s] = names[h];
    kept.set(names[h], kept.get(names[h])! + 1);
  }
  return desired;
}
