/** The bench's messages and the echo actor, loaded by both processes. */
import 'reflect-metadata';
import { Actor, Handler, Message, Wire } from '@troupe/core';

/** One number there, one number back: the remote counterpart of a raw request with a tiny payload. */
@Wire('bench.Echo')
export class Echo extends Message<number> {
  constructor(readonly n: number) {
    super();
  }
}

/** A command, for `tell` throughput. */
@Wire('bench.Note')
export class Note extends Message<void> {
  constructor(readonly n: number) {
    super();
  }
}

@Wire('bench.Count')
export class Count extends Message<number> {}

@Actor({ mailbox: 10_000 })
export class Echoer {
  private notes = 0;
  @Handler(Echo) echo(m: Echo): number {
    return m.n + 1;
  }
  @Handler(Note) note(): void {
    this.notes++;
  }
  @Handler(Count) count(): number {
    return this.notes;
  }
}

/** The subject of the raw NATS responder. */
export const RAW_SUBJECT = 'bench.raw.echo';

/** The floor: the responder answers a 4-byte id on this subject... */
export const FLOOR_SUBJECT = 'bench.raw.floor';
/** ...by publishing it, plus one, here (a correlation id in the payload, no inbox, no timer). */
export const FLOOR_BACK = 'bench.raw.floor.back';
