/** 1. tell: 1,000,000 fire-and-forget increments to one counter, then a request for the count. */
import { ActorSystem, silentLogger } from '@troupe/core';
import { query, dispatch, start, stop } from 'nact';
import { createActor } from 'xstate';
import { now, scaled, since, verifyEqual, type Measurement } from '../measure';
import { Counter, Get, Inc } from '../libs/troupe';
import { CounterMsg, GET, INC, RawCounter } from '../libs/raw';
import { nactCounter } from '../libs/nact';
import { counterLogic, countOf } from '../libs/xstate';
import { ComedyWorker, comedySystem } from '../libs/comedy';
import { latch } from '../latch';
import type { Scenario } from './types';

const FULL = 1_000_000;

async function raw(scale: number): Promise<Measurement> {
  const n = scaled(FULL, scale);
  const counter = new RawCounter();
  const t = now();
  for (let i = 0; i < n; i++) counter.doSend(new CounterMsg(INC));
  const count = await counter.ask(new CounterMsg(GET));
  const ms = since(t);
  verifyEqual(count, n, 'count');
  return { ops: n, ms };
}

async function troupe(scale: number): Promise<Measurement> {
  const n = scaled(FULL, scale);
  const system = new ActorSystem({ logger: silentLogger });
  const counter = system.spawn(Counter);
  const t = now();
  for (let i = 0; i < n; i++) counter.doSend(new Inc());
  const count = await counter.send(new Get());
  const ms = since(t);
  await system.shutdown();
  verifyEqual(count, n, 'count');
  return { ops: n, ms };
}

async function nact(scale: number): Promise<Measurement> {
  const n = scaled(FULL, scale);
  const system = start();
  const counter = nactCounter(system, 'counter');
  const t = now();
  for (let i = 0; i < n; i++) dispatch(counter, { type: 'inc' });
  const count = await query(counter, (sender) => ({ type: 'get' as const, sender }), 60_000);
  const ms = since(t);
  stop(system);
  verifyEqual(count, n, 'count');
  return { ops: n, ms };
}

async function xstate(scale: number): Promise<Measurement> {
  const n = scaled(FULL, scale);
  const counter = createActor(counterLogic).start();
  const t = now();
  for (let i = 0; i < n; i++) counter.send({ type: 'inc' });
  const count = await countOf(counter);
  const ms = since(t);
  counter.stop();
  verifyEqual(count, n, 'count');
  return { ops: n, ms };
}

/**
 * comedy handles a `sendAndReceive` before the `send`s queued ahead of it (its in-memory `send`
 * defers the handler one promise step more), so the count is asked once the latch has seen every
 * `inc`.
 */
async function comedy(scale: number): Promise<Measurement> {
  const n = scaled(FULL, scale);
  const { system, root } = await comedySystem();
  const counter = await root.createChild(ComedyWorker);
  const done = latch.arm(n);
  const t = now();
  for (let i = 0; i < n; i++) void counter.send('inc');
  await done;
  const count = (await counter.sendAndReceive('get')) as number;
  const ms = since(t);
  await system.destroy();
  verifyEqual(count, n, 'count');
  return { ops: n, ms };
}

export const tell: Scenario = {
  name: 'tell',
  what: '1,000,000 fire-and-forget increments (`doSend`) to one counter, then a request for the count',
  op: 'msg',
  run: { raw, troupe, nact, xstate, comedy },
};
