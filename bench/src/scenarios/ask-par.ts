/** 4. ask-par: 1,000,000 request–replies in `Promise.all` batches of 1,000; every reply is checked. */
import { ActorSystem, silentLogger } from '@troupe/core';
import { query, start, stop } from 'nact';
import { now, scaled, since, verifyEqual, type Measurement } from '../measure';
import { Echo, Echoer } from '../libs/troupe';
import { EchoMsg, RawEcho } from '../libs/raw';
import { nactEcho } from '../libs/nact';
import { ask, startEcho } from '../libs/xstate';
import { ComedyEcho, comedySystem } from '../libs/comedy';
import type { Scenario } from './types';

const FULL = 1_000_000;
const BATCH = 1000;

/**
 * Sends `n` requests in batches and checks that reply i is i. Batches are 1,000 at full size and
 * at most a tenth of `n` below it, so that the 1% smoke run keeps several batches (and nact's
 * random reply ids, which collide now and then among 1,000 in flight, do not make it flaky).
 */
async function batches(n: number, ask: (i: number) => Promise<number>): Promise<void> {
  const batch = Math.max(1, Math.min(BATCH, Math.floor(n / 10)));
  const replies: Promise<number>[] = new Array(batch);
  for (let base = 0; base < n; base += batch) {
    const size = Math.min(batch, n - base);
    replies.length = size;
    for (let j = 0; j < size; j++) replies[j] = ask(base + j);
    const values = await Promise.all(replies);
    for (let j = 0; j < size; j++) verifyEqual(values[j], base + j, 'reply');
  }
}

async function raw(scale: number): Promise<Measurement> {
  const n = scaled(FULL, scale);
  const echo = new RawEcho();
  const t = now();
  await batches(n, (i) => echo.ask(new EchoMsg(i)));
  return { ops: n, ms: since(t) };
}

async function troupe(scale: number): Promise<Measurement> {
  const n = scaled(FULL, scale);
  const system = new ActorSystem({ logger: silentLogger });
  const echo = system.spawn(Echoer);
  const t = now();
  await batches(n, (i) => echo.send(new Echo(i)));
  const ms = since(t);
  await system.shutdown();
  return { ops: n, ms };
}

/**
 * nact runs a tenth of the requests: its reply references have random 32-bit ids, and among 1,000
 * in flight two collide about once per ten million requests (one caller then waits 30 s for a
 * timeout), which a million per run would hit in most processes. At about 4 µs per request its
 * rate does not depend on the run's length.
 */
async function nact(scale: number): Promise<Measurement> {
  const n = scaled(FULL / 10, scale);
  const system = start();
  const echo = nactEcho(system, 'echo');
  const t = now();
  await batches(n, (i) => query(echo, (sender) => ({ value: i, sender }), 30_000));
  const ms = since(t);
  stop(system);
  return { ops: n, ms };
}

async function xstate(scale: number): Promise<Measurement> {
  const n = scaled(FULL, scale);
  const echo = startEcho();
  const t = now();
  await batches(n, (i) => ask(echo, i));
  const ms = since(t);
  echo.stop();
  return { ops: n, ms };
}

async function comedy(scale: number): Promise<Measurement> {
  const n = scaled(FULL, scale);
  const { system, root } = await comedySystem();
  const echo = await root.createChild(ComedyEcho);
  const t = now();
  await batches(n, (i) => echo.sendAndReceive('echo', i) as Promise<number>);
  const ms = since(t);
  await system.destroy();
  return { ops: n, ms };
}

export const askPar: Scenario = {
  name: 'ask-par',
  what: '1,000,000 `send(echo)` in `Promise.all` batches of 1,000; every reply checked',
  op: 'req',
  run: { raw, troupe, nact, xstate, comedy },
};
