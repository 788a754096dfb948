/**
 * One producer, one counter with a mailbox of 1,000, 1,000,000 increments, then a request for the
 * count:
 * - `await-tell`: the producer awaits every `tell` (it resolves once the message is queued), so
 *   the actor runs between two tells and the mailbox never fills;
 * - `tell-burst`: the producer awaits a `tell` only when the mailbox is full (then it waits for
 *   room) and otherwise fires and goes on, so it fills the mailbox, the actor drains it, and so on.
 * Only Troupe and raw bound a mailbox; the other libraries' sends never wait.
 */
import { ActorSystem, silentLogger } from '@troupe/core';
import { now, scaled, since, verify, verifyEqual, type Measurement } from '../measure';
import { Counter, Get, Inc } from '../libs/troupe';
import { CounterMsg, GET, INC, RawCounter } from '../libs/raw';
import type { Scenario } from './types';

const FULL = 1_000_000;
const CAPACITY = 1000;

const UNBOUNDED = {
  nact: 'unbounded mailbox: `dispatch` never waits',
  xstate: 'unbounded mailbox: `send` never waits',
  comedy: 'unbounded: `send` never waits for room',
};

/** What a run checks: every increment counted; for a burst, that the mailbox filled and never overflowed. */
function check(count: number, n: number, maxQueued: number, capacity: number, burst: boolean): void {
  verifyEqual(count, n, 'count');
  verify(maxQueued <= capacity, `mailbox overflowed: ${maxQueued} queued, capacity ${capacity}`);
  if (burst && n >= 2 * capacity) verify(maxQueued === capacity, `mailbox never filled (max ${maxQueued} queued)`);
}

async function rawRun(scale: number, burst: boolean): Promise<Measurement> {
  const n = scaled(FULL, scale);
  const capacity = Math.min(CAPACITY, n);
  const counter = new RawCounter(capacity);
  let maxQueued = 0;
  const t = now();
  for (let i = 0; i < n; i++) {
    if (!burst) await counter.tell(new CounterMsg(INC));
    else if (counter.queued < capacity) void counter.tell(new CounterMsg(INC));
    else {
      maxQueued = counter.queued;
      await counter.tell(new CounterMsg(INC));
    }
  }
  const count = await counter.ask(new CounterMsg(GET));
  const ms = since(t);
  check(count, n, maxQueued, capacity, burst);
  return { ops: n, ms };
}

async function troupeRun(scale: number, burst: boolean): Promise<Measurement> {
  const n = scaled(FULL, scale);
  const capacity = Math.min(CAPACITY, n);
  const system = new ActorSystem({ logger: silentLogger });
  const counter = system.spawn(Counter, { mailbox: capacity });
  let maxQueued = 0;
  const t = now();
  for (let i = 0; i < n; i++) {
    if (!burst) await counter.tell(new Inc());
    else if (counter.queued < capacity) void counter.tell(new Inc());
    else {
      maxQueued = counter.queued;
      await counter.tell(new Inc());
    }
  }
  const count = await counter.send(new Get());
  const ms = since(t);
  await system.shutdown();
  check(count, n, maxQueued, capacity, burst);
  return { ops: n, ms };
}

export const awaitTell: Scenario = {
  name: 'await-tell',
  what: '1,000,000 `await tell(inc)` from one producer into a mailbox of capacity 1,000',
  op: 'msg',
  run: { raw: (scale) => rawRun(scale, false), troupe: (scale) => troupeRun(scale, false) },
  unsupported: UNBOUNDED,
};

export const tellBurst: Scenario = {
  name: 'tell-burst',
  what: '1,000,000 `tell(inc)` from one producer that awaits only when the mailbox (capacity 1,000) is full',
  op: 'msg',
  run: { raw: (scale) => rawRun(scale, true), troupe: (scale) => troupeRun(scale, true) },
  unsupported: UNBOUNDED,
  rawTarget: 0.8,
};
