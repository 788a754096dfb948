/**
 * 3. ask-seq: 1,000,000 sequential request–replies to an echo actor; every reply is checked. Then
 * the cost of Troupe's `detectDeadlocks: true` on the same loop, with the echo handler plain (it
 * returns the value) and `async` (it returns a promise: the detector then runs the handler inside
 * its async context).
 */
import { ActorSystem, silentLogger } from '@troupe/core';
import { query, start, stop } from 'nact';
import { now, scaled, since, verifyEqual, type Measurement } from '../measure';
import { AsyncEchoer, Echo, Echoer } from '../libs/troupe';
import { EchoMsg, RawEcho } from '../libs/raw';
import { nactEcho } from '../libs/nact';
import { ask, startEcho } from '../libs/xstate';
import { ComedyEcho, comedySystem } from '../libs/comedy';
import type { Scenario } from './types';

const FULL = 1_000_000;

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

/** Troupe, with or without deadlock detection, to a plain or an `async` echo handler. */
export async function troupeAskSeq(scale: number, detectDeadlocks: boolean, asyncHandler = false): Promise<Measurement> {
  const n = scaled(FULL, scale);
  const system = new ActorSystem({ logger: silentLogger, detectDeadlocks });
  const echo = system.spawn(asyncHandler ? AsyncEchoer : Echoer);
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

async function comedy(scale: number): Promise<Measurement> {
  const n = scaled(FULL, scale);
  const { system, root } = await comedySystem();
  const echo = await root.createChild(ComedyEcho);
  const t = now();
  for (let i = 0; i < n; i++) verifyEqual(await echo.sendAndReceive('echo', i), i, 'reply');
  const ms = since(t);
  await system.destroy();
  return result(n, ms);
}

export const askSeq: Scenario = {
  name: 'ask-seq',
  what: '1,000,000 sequential `await send(echo)`; every reply checked',
  op: 'req',
  run: { raw, troupe: (scale) => troupeAskSeq(scale, false), nact, xstate, comedy },
};

const OPTION = { raw: 'Troupe option', nact: 'Troupe option', xstate: 'Troupe option', comedy: 'Troupe option' };

/** The same, Troupe only, with `detectDeadlocks: true`: its cost is this against `ask-seq`. */
export const askSeqDeadlocks: Scenario = {
  name: 'ask-seq+detectDeadlocks',
  what: '`ask-seq` on a system with `detectDeadlocks: true` (Troupe only)',
  op: 'req',
  option: true,
  run: { troupe: (scale) => troupeAskSeq(scale, true) },
  unsupported: OPTION,
};

/** `ask-seq` to an `async` echo handler, Troupe only: the reference for the next one. */
export const askSeqAsync: Scenario = {
  name: 'ask-seq-async',
  what: '`ask-seq` to an `async` echo handler (Troupe only: the reference for `detectDeadlocks` below)',
  op: 'req',
  option: true,
  run: { troupe: (scale) => troupeAskSeq(scale, false, true) },
  unsupported: OPTION,
};

/** The same with `detectDeadlocks: true`: its cost is this against `ask-seq-async`. */
export const askSeqAsyncDeadlocks: Scenario = {
  name: 'ask-seq-async+detectDeadlocks',
  what: '`ask-seq-async` on a system with `detectDeadlocks: true` (Troupe only)',
  op: 'req',
  option: true,
  run: { troupe: (scale) => troupeAskSeq(scale, true, true) },
  unsupported: OPTION,
};
