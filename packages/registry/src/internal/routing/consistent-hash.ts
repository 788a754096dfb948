import type { Addr, Message } from '@troupe/core';
import { HashRing } from './hash-ring';
import type { Selector } from './selector';

/** The key of a message for consistent hashing: messages with equal keys go to the same member. */
export type KeyOf = (message: Message<unknown>) => string | number;

/**
 * Routes by `key(message)` on a {@link HashRing}. The ring is rebuilt only when the group's
 * membership changes (the group hands out a new snapshot), never per message.
 */
export class ConsistentHash implements Selector {
  private ring: HashRing | undefined;

  constructor(
    private readonly key: KeyOf,
    private readonly virtualNodes: number,
  ) {}

  select(members: readonly Addr<unknown>[], message: Message<unknown>): Addr<unknown> | undefined {
    if (members.length === 0) return undefined;
    const key = this.key(message);
    let ring = this.ring;
    if (ring === undefined || ring.members !== members) ring = this.ring = new HashRing(members, this.virtualNodes);
    return ring.lookup(typeof key === 'string' ? key : String(key));
  }
}
