/** 3. ask-seq: 100,000 sequential request–replies to an echo actor; every reply is checked. */
import { ActorSystem, silentLogger } from '@troupe/core';
import { query, start, stop } from 'nact';
import { now, scaled, since, verifyEqual, type Measurement } from '../measure';
import { Echo, Echoer } from '../libs/troupe';
import { EchoMsg, RawEcho } from '../libs/raw';
import { nactEcho } from '../libs/nact';
import { ask, startEcho } from '../libs/xstate';
import type { Scenario } from './types';

const FULL = 100_000;

function result(n: number, ms: number): Measurement {
  return { ops: n, ms, extra: { usPerRequest: (ms * 1000) / n } };
}

async function raw(scale: number): Promise<Measurement> {
  const n = scaled(FULL, scale);
  const echo = new RawEcho();
  const t = now();
  for (let i = 0; i < n; i++) verifyEqual(await echo.ask(new EchoMsg(i)), i, 'reply');
  return result(n, since(t));
}

/** Troupe, with or without deadlock detection. */
export async function troupeAskSeq(scale: number, detectDeadlocks: boolean): Promise<Measurement> {
  const n = scaled(FULL, scale);
  const system = new ActorSystem({ logger: silentLogger, detectDeadlocks });
  const echo = system.spawn(Echoer);
  const t = now();
  for (let i = 0; i < n; i++) verifyEqual(await echo.send(new Echo(i)), i, 'reply');
  const ms = since(t);
  await system.shutdown();
  return result(n, ms);
}

async function nact(scale: number): Promise<Measurement> {
  const n = scaled(FULL, scale);
  const system = start();
  const echo = nactEcho(system, 'echo');
  const t = now();
  for (let i = 0; i < n; i++) {
    verifyEqual(await query(echo, (sender) => ({ value: i, sender }), 30_000), i, 'reply');
  }
  const ms = since(t);
  stop(system);
  return result(n, ms);
}

async function xstate(scale: number): Promise<Measurement> {
  const n = scaled(FULL, scale);
  const echo = startEcho();
  const t = now();
  for (let i = 0; i < n; i++) verifyEqual(await ask(echo, i), i, 'reply');
  const ms = since(t);
  echo.stop();
  return result(n, ms);
}

export const askSeq: Scenario = {
  name: 'ask-seq',
  what: '100,000 sequential `await send(echo)`; every reply checked',
  op: 'req',
  run: { raw, troupe: (scale) => troupeAskSeq(scale, false), nact, xstate },
};

/** The same, Troupe only, with `detectDeadlocks: true`: its cost is this against `ask-seq`. */
export const askSeqDeadlocks: Scenario = {
  name: 'ask-seq+detectDeadlocks',
  what: '`ask-seq` on a system with `detectDeadlocks: true` (Troupe only)',
  op: 'req',
  run: { troupe: (scale) => troupeAskSeq(scale, true) },
  unsupported: { raw: 'Troupe option', nact: 'Troupe option', xstate: 'Troupe option' },
};
