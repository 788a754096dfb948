/** The sharding bench's entity types, loaded by both processes. */
import 'reflect-metadata';
import { Actor, Handler } from '@troupe/core';
import { Entity } from '@troupe/remote';
import { Echo } from '../remote/messages';

/** Hosted by the responding process only: every message to it crosses the wire, like a plain remote `send`. */
@Actor({ mailbox: 10_000 })
@Entity('bench-far', { shards: 100, passivateAfterMs: Infinity })
export class FarCounter {
  constructor(readonly id: string) {}
  @Handler(Echo) echo(m: Echo): number {
    return m.n + 1;
  }
}

/** Hosted by both processes: about half of the messages stay in the requesting process. */
@Actor({ mailbox: 10_000 })
@Entity('bench-spread', { shards: 100, passivateAfterMs: Infinity })
export class SpreadCounter {
  constructor(readonly id: string) {}
  @Handler(Echo) echo(m: Echo): number {
    return m.n + 1;
  }
}
