/** 7. fan-out: 1,000,000 messages round-robin over 1,000 actors; each must have handled 1,000. */
import { ActorSystem, silentLogger, type Addr } from '@troupe/core';
import { dispatch, query, start, stop, type Ref } from 'nact';
import { createActor, type AnyActorRef } from 'xstate';
import { latch } from '../latch';
import { now, scaled, since, verifyEqual, type Measurement } from '../measure';
import { Get, Inc, Worker } from '../libs/troupe';
import { CounterMsg, GET, INC, RawWorker } from '../libs/raw';
import { nactCounter, type CounterMsg as NactMsg } from '../libs/nact';
import { countOf, workerLogic } from '../libs/xstate';
import { ComedyWorker, comedySystem } from '../libs/comedy';
import type { Scenario } from './types';

const FULL = 1_000_000;
const ACTORS = 1000;

function sizes(scale: number): { n: number; actors: number; each: number } {
  const actors = Math.min(ACTORS, scaled(FULL, scale));
  const n = scaled(FULL, scale, actors);
  return { n, actors, each: n / actors };
}

async function raw(scale: number): Promise<Measurement> {
  const { n, actors: k, each } = sizes(scale);
  const actors = Array.from({ length: k }, () => new RawWorker());
  const done = latch.arm(n);
  const t = now();
  for (let i = 0; i < n; i++) actors[i % k].doSend(new CounterMsg(INC));
  await done;
  const ms = since(t);
  for (const actor of actors) verifyEqual(await actor.ask(new CounterMsg(GET)), each, 'count of an actor');
  return { ops: n, ms };
}

async function troupe(scale: number): Promise<Measurement> {
  const { n, actors: k, each } = sizes(scale);
  const system = new ActorSystem({ logger: silentLogger });
  const actors: Addr<Worker>[] = Array.from({ length: k }, () => system.spawn(Worker));
  const done = latch.arm(n);
  const t = now();
  for (let i = 0; i < n; i++) actors[i % k].doSend(new Inc());
  await done;
  const ms = since(t);
  for (const actor of actors) verifyEqual(await actor.send(new Get()), each, 'count of an actor');
  await system.shutdown();
  return { ops: n, ms };
}

async function nact(scale: number): Promise<Measurement> {
  const { n, actors: k, each } = sizes(scale);
  const system = start();
  const actors: Ref<NactMsg>[] = Array.from({ length: k }, (_, i) => nactCounter(system, `w${i}`, true));
  const done = latch.arm(n);
  const t = now();
  for (let i = 0; i < n; i++) dispatch(actors[i % k], { type: 'inc' });
  await done;
  const ms = since(t);
  for (const actor of actors) {
    verifyEqual(await query(actor, (sender) => ({ type: 'get' as const, sender }), 30_000), each, 'count of an actor');
  }
  stop(system);
  return { ops: n, ms };
}

async function xstate(scale: number): Promise<Measurement> {
  const { n, actors: k, each } = sizes(scale);
  const actors: AnyActorRef[] = Array.from({ length: k }, () => createActor(workerLogic).start());
  const done = latch.arm(n);
  const t = now();
  for (let i = 0; i < n; i++) actors[i % k].send({ type: 'inc' }); // handled inside send
  await done;
  const ms = since(t);
  for (const actor of actors) {
    verifyEqual(await countOf(actor), each, 'count of an actor');
    actor.stop();
  }
  return { ops: n, ms };
}

async function comedy(scale: number): Promise<Measurement> {
  const { n, actors: k, each } = sizes(scale);
  const { system, root } = await comedySystem();
  const actors = await Promise.all(Array.from({ length: k }, () => root.createChild(ComedyWorker)));
  const done = latch.arm(n);
  const t = now();
  for (let i = 0; i < n; i++) void actors[i % k].send('inc');
  await done;
  const ms = since(t);
  for (const actor of actors) verifyEqual(await actor.sendAndReceive('get'), each, 'count of an actor');
  await system.destroy();
  return { ops: n, ms };
}

export const fanOut: Scenario = {
  name: 'fan-out',
  what: '1,000,000 messages round-robin over 1,000 actors (`doSend` / `dispatch` / `send`)',
  op: 'msg',
  run: { raw, troupe, nact, xstate, comedy },
};
