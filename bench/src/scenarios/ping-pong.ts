/** 5. ping-pong: two actors return one ball to each other 1,000,000 times, actor to actor. */
import { ActorSystem, silentLogger } from '@troupe/core';
import { dispatch, start, stop } from 'nact';
import { createActor } from 'xstate';
import { latch } from '../latch';
import { now, scaled, since, verifyEqual, type Measurement } from '../measure';
import { Ball, Meet, Player } from '../libs/troupe';
import { BallMsg, RawPlayer } from '../libs/raw';
import { nactPlayer } from '../libs/nact';
import { playerLogic } from '../libs/xstate';
import { ComedyPlayer, comedySystem } from '../libs/comedy';
import type { Scenario } from './types';

const FULL = 1_000_000;

/** Hops made: the ball starts at 0 and stops at n, so n + 1 balls are handled. */
function check(n: number): Measurement {
  verifyEqual(latch.hits, n + 1, 'balls handled');
  return { ops: n, ms: 0 };
}

async function raw(scale: number): Promise<Measurement> {
  const n = scaled(FULL, scale);
  const a = new RawPlayer(n);
  const b = new RawPlayer(n);
  a.peer = b;
  b.peer = a;
  const done = latch.arm(n + 1);
  const t = now();
  a.doSend(new BallMsg(0));
  await done;
  return { ...check(n), ms: since(t) };
}

async function troupe(scale: number): Promise<Measurement> {
  const n = scaled(FULL, scale);
  const system = new ActorSystem({ logger: silentLogger });
  const a = system.spawn(Player, { args: [n] });
  const b = system.spawn(Player, { args: [n] });
  a.doSend(new Meet(b));
  b.doSend(new Meet(a));
  const done = latch.arm(n + 1);
  const t = now();
  a.doSend(new Ball(0));
  await done;
  const ms = since(t);
  await system.shutdown();
  return { ...check(n), ms };
}

async function nact(scale: number): Promise<Measurement> {
  const n = scaled(FULL, scale);
  const system = start();
  const a = nactPlayer(system, 'a', n);
  const b = nactPlayer(system, 'b', n);
  const done = latch.arm(n + 1);
  const t = now();
  dispatch(a, { n: 0, sender: b });
  await done;
  const ms = since(t);
  stop(system);
  return { ...check(n), ms };
}

async function xstate(scale: number): Promise<Measurement> {
  const n = scaled(FULL, scale);
  const a = createActor(playerLogic, { input: { limit: n } }).start();
  const b = createActor(playerLogic, { input: { limit: n } }).start();
  a.send({ type: 'meet', peer: b });
  b.send({ type: 'meet', peer: a });
  const done = latch.arm(n + 1);
  const t = now();
  a.send({ type: 'ball', n: 0 });
  await done;
  const ms = since(t);
  a.stop();
  b.stop();
  return { ...check(n), ms };
}

async function comedy(scale: number): Promise<Measurement> {
  const n = scaled(FULL, scale);
  const { system, root } = await comedySystem();
  const a = await root.createChild(ComedyPlayer);
  const b = await root.createChild(ComedyPlayer);
  await a.sendAndReceive('meet', b, n);
  await b.sendAndReceive('meet', a, n);
  const done = latch.arm(n + 1);
  const t = now();
  void a.send('ball', 0);
  await done;
  const ms = since(t);
  await system.destroy();
  return { ...check(n), ms };
}

export const pingPong: Scenario = {
  name: 'ping-pong',
  what: 'two actors return one ball to each other 1,000,000 times (`doSend` / `dispatch` / `send`)',
  op: 'msg',
  run: { raw, troupe, nact, xstate, comedy },
};
