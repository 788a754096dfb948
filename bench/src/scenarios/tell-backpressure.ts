/**
 * 2. tell-backpressure: 1,000,000 `await tell(inc)` into a counter with mailbox capacity 1,000.
 * A single sender that awaits each tell never fills a mailbox (the actor drains it between two
 * tells), so the tells come from 2,000 concurrent senders: the mailbox stays full and about half
 * of the tells wait for room. The run checks that the mailbox really filled and never overflowed.
 */
import { ActorSystem, silentLogger } from '@troupe/core';
import { now, scaled, since, verify, verifyEqual, type Measurement } from '../measure';
import { Counter, Get, Inc } from '../libs/troupe';
import { CounterMsg, GET, INC, RawCounter } from '../libs/raw';
import type { Scenario } from './types';

const FULL = 1_000_000;
const CAPACITY = 1000;
const SENDERS = 2000;

/** Something with a bounded, awaitable `tell` and a queue length to sample. */
interface Bounded {
  readonly queued: number;
}

/** Runs `senders` loops of `each` awaited tells; returns the largest queue length sampled. */
async function flood(target: Bounded, tell: () => Promise<void>, total: number): Promise<number> {
  const senders = Math.min(SENDERS, total);
  const each = Math.ceil(total / senders);
  let left = total;
  let maxQueued = 0;
  const sender = async (): Promise<void> => {
    for (let i = 0; i < each && left > 0; i++) {
      left--;
      await tell();
      if ((left & 1023) === 0 && target.queued > maxQueued) maxQueued = target.queued;
    }
  };
  const all: Promise<void>[] = [];
  for (let s = 0; s < senders; s++) all.push(sender());
  await Promise.all(all);
  return maxQueued;
}

function check(count: number, n: number, maxQueued: number, capacity: number): void {
  verifyEqual(count, n, 'count');
  verify(maxQueued <= capacity, `mailbox overflowed: ${maxQueued} queued, capacity ${capacity}`);
  if (n >= 2 * capacity) verify(maxQueued >= capacity / 2, `mailbox never filled (max ${maxQueued} queued): no backpressure`);
}

async function raw(scale: number): Promise<Measurement> {
  const n = scaled(FULL, scale);
  const capacity = Math.min(CAPACITY, n);
  const counter = new RawCounter(capacity);
  const t = now();
  const maxQueued = await flood(counter, () => counter.tell(new CounterMsg(INC)), n);
  const count = await counter.ask(new CounterMsg(GET));
  const ms = since(t);
  check(count, n, maxQueued, capacity);
  return { ops: n, ms, extra: { maxQueued } };
}

async function troupe(scale: number): Promise<Measurement> {
  const n = scaled(FULL, scale);
  const capacity = Math.min(CAPACITY, n);
  const system = new ActorSystem({ logger: silentLogger });
  const counter = system.spawn(Counter, { mailbox: capacity });
  const t = now();
  const maxQueued = await flood(counter, () => counter.tell(new Inc()), n);
  const count = await counter.send(new Get());
  const ms = since(t);
  await system.shutdown();
  check(count, n, maxQueued, capacity);
  return { ops: n, ms, extra: { maxQueued } };
}

export const tellBackpressure: Scenario = {
  name: 'tell-backpressure',
  what: '1,000,000 `await tell(inc)` from 2,000 concurrent senders into a mailbox of capacity 1,000',
  op: 'msg',
  run: { raw, troupe },
  unsupported: {
    nact: 'unbounded mailbox: `dispatch` never waits',
    xstate: 'unbounded mailbox: `send` never waits',
    comedy: 'unbounded: `send` never waits for room (it can only drop messages while the event loop lags, `dropMessagesOnOverload`)',
  },
};
