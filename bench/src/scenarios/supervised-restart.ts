/**
 * 8a. supervised-restart: restarts per second of a child that fails on every message, under a
 * one-for-one supervisor that never gives up. 100,000 failing messages are sent in batches of 100
 * (a batch is queued at once, the next one waits until its 100 restarts are done); each failure
 * restarts the child (a new instance), and the mailbox survives the restarts. Batches, because nact
 * copies the whole mailbox into the supervision context of every crash: with 100,000 queued its
 * cost is quadratic (about 3 minutes a run), which would measure that copy rather than restarts.
 */
import { ActorSystem, silentLogger } from '@troupe/core';
import { Supervisor } from '@troupe/supervisor';
import { dispatch, spawnStateless, start, stop } from 'nact';
import { latch } from '../latch';
import { now, scaled, since, verify, verifyEqual, type Measurement } from '../measure';
import { Fail, Fragile } from '../libs/troupe';
import { nactFragile } from '../libs/nact';
import type { Scenario } from './types';

const FULL = 100_000;
const BATCH = 100;

/** Sends `n` failures in batches through `fail`, waiting for each batch's restarts; returns them. */
async function failInBatches(n: number, fail: () => void): Promise<number> {
  let restarts = 0;
  for (let sent = 0; sent < n; sent += BATCH) {
    const size = Math.min(BATCH, n - sent);
    const done = latch.arm(size);
    for (let i = 0; i < size; i++) fail();
    await done;
    restarts += latch.hits;
  }
  return restarts;
}

async function troupe(scale: number): Promise<Measurement> {
  const n = scaled(FULL, scale);
  const system = new ActorSystem({ logger: silentLogger });
  const supervisor = Supervisor.start(system, {
    strategy: 'one-for-one',
    maxRestarts: Infinity,
    children: [{ actor: Fragile, name: 'fragile' }],
  });
  const child = Supervisor.child<Fragile>(supervisor, 'fragile');
  verify(child !== undefined, 'the supervisor has its child');
  const t = now();
  const restarts = await failInBatches(n, () => child.doSend(new Fail()));
  const ms = since(t);
  verifyEqual(restarts, n, 'restarts');
  verify(child.isAlive && Supervisor.child(supervisor, 'fragile') === child, 'the child keeps its address');
  await system.shutdown();
  return { ops: n, ms };
}

async function nact(scale: number): Promise<Measurement> {
  const n = scaled(FULL, scale);
  const system = start();
  const parent = spawnStateless(system, () => undefined, 'supervisor');
  const child = nactFragile(parent, 'fragile');
  const t = now();
  const restarts = await failInBatches(n, () => dispatch(child, { type: 'fail' }));
  const ms = since(t);
  verifyEqual(restarts, n, 'restarts');
  stop(system);
  return { ops: n, ms };
}

export const supervisedRestart: Scenario = {
  name: 'supervised-restart',
  what: '100,000 failures (in batches of 100) of a child under a one-for-one supervisor, each followed by a restart',
  op: 'restart',
  run: { troupe, nact },
  unsupported: {
    raw: 'no supervision',
    xstate: 'no restart: a failed actor stops (its parent only gets an error event)',
    comedy: 'no restart in process: a handler that throws is logged and the actor goes on; comedy respawns only forked or remote actors whose process died',
  },
};
