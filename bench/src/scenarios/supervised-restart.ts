/**
 * 8a. supervised-restart: restarts per second of a child that fails on every message, under a
 * one-for-one supervisor that never gives up. 100,000 failing messages are queued at once; each
 * failure restarts the child (a new instance), and the mailbox survives the restarts.
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
  const done = latch.arm(n);
  const t = now();
  for (let i = 0; i < n; i++) child.doSend(new Fail());
  await done;
  const ms = since(t);
  verifyEqual(latch.hits, n, 'restarts');
  verify(child.isAlive && Supervisor.child(supervisor, 'fragile') === child, 'the child keeps its address');
  await system.shutdown();
  return { ops: n, ms };
}

async function nact(scale: number): Promise<Measurement> {
  const n = scaled(FULL, scale);
  const system = start();
  const parent = spawnStateless(system, () => undefined, 'supervisor');
  const child = nactFragile(parent, 'fragile');
  const done = latch.arm(n);
  const t = now();
  for (let i = 0; i < n; i++) dispatch(child, { type: 'fail' });
  await done;
  const ms = since(t);
  verifyEqual(latch.hits, n, 'restarts');
  stop(system);
  return { ops: n, ms };
}

export const supervisedRestart: Scenario = {
  name: 'supervised-restart',
  what: '100,000 failures of a child under a one-for-one supervisor, each followed by a restart',
  op: 'restart',
  run: { troupe, nact },
  unsupported: {
    raw: 'no supervision',
    xstate: 'no restart: a failed actor stops (its parent only gets an error event)',
  },
};
