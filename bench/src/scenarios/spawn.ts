/**
 * 6. spawn: 100,000 actors spawned, one message each, all handled; then heap bytes per idle actor
 * after a full gc (the heap grown since before the spawns, over the number of actors; the bench
 * keeps every reference in an array, 8 bytes per actor, the same for all libraries).
 */
import { ActorSystem, silentLogger, type Addr } from '@troupe/core';
import { dispatch, query, start, stop, type Ref } from 'nact';
import { createActor, type Actor } from 'xstate';
import type { ActorRef } from 'comedy';
import { latch } from '../latch';
import { canMeasureHeap, heapAfterGc, now, scaled, since, verifyEqual, type Measurement } from '../measure';
import { Get, Inc, Worker } from '../libs/troupe';
import { CounterMsg, GET, INC, RawWorker } from '../libs/raw';
import { nactCounter, type CounterMsg as NactMsg } from '../libs/nact';
import { reducerWorkerLogic } from '../libs/xstate';
import { ComedyGroup, comedySystem } from '../libs/comedy';
import type { Scenario } from './types';

const FULL = 100_000;
/** comedy's actors per parent. */
const GROUP = 1000;

function report(n: number, ms: number, before: number): Measurement {
  if (!canMeasureHeap()) return { ops: n, ms };
  return { ops: n, ms, extra: { bytesPerActor: (heapAfterGc() - before) / n } };
}

/** Checks a sample of the actors (first, last and every 997th) replied 1. */
async function checkSample(n: number, countOf: (i: number) => Promise<number> | number): Promise<void> {
  for (let i = 0; i < n; i += 997) verifyEqual(await countOf(i), 1, `count of actor ${i}`);
  verifyEqual(await countOf(n - 1), 1, `count of actor ${n - 1}`);
}

async function raw(scale: number): Promise<Measurement> {
  const n = scaled(FULL, scale);
  const actors: RawWorker[] = new Array(n);
  const before = heapAfterGc();
  const done = latch.arm(n);
  const t = now();
  for (let i = 0; i < n; i++) {
    const actor = new RawWorker();
    actors[i] = actor;
    actor.doSend(new CounterMsg(INC));
  }
  await done;
  const ms = since(t);
  const result = report(n, ms, before);
  await checkSample(n, (i) => actors[i].ask(new CounterMsg(GET)));
  return result;
}

async function troupe(scale: number): Promise<Measurement> {
  const n = scaled(FULL, scale);
  const system = new ActorSystem({ logger: silentLogger });
  const actors: Addr<Worker>[] = new Array(n);
  const before = heapAfterGc();
  const done = latch.arm(n);
  const t = now();
  for (let i = 0; i < n; i++) {
    const actor = system.spawn(Worker);
    actors[i] = actor;
    actor.doSend(new Inc());
  }
  await done;
  const ms = since(t);
  const result = report(n, ms, before);
  await checkSample(n, (i) => actors[i].send(new Get()));
  await system.shutdown();
  return result;
}

async function nact(scale: number): Promise<Measurement> {
  const n = scaled(FULL, scale);
  const system = start();
  const actors: Ref<NactMsg>[] = new Array(n);
  const before = heapAfterGc();
  const done = latch.arm(n);
  const t = now();
  for (let i = 0; i < n; i++) {
    // Named: nact's generated names are random 32-bit numbers, which collide among 100,000.
    const actor = nactCounter(system, `w${i}`, true);
    actors[i] = actor;
    dispatch(actor, { type: 'inc' });
  }
  await done;
  const ms = since(t);
  const result = report(n, ms, before);
  await checkSample(n, (i) => query(actors[i], (sender) => ({ type: 'get' as const, sender }), 30_000));
  stop(system);
  return result;
}

async function xstate(scale: number): Promise<Measurement> {
  const n = scaled(FULL, scale);
  const actors: Actor<typeof reducerWorkerLogic>[] = new Array(n);
  const before = heapAfterGc();
  const done = latch.arm(n);
  const t = now();
  for (let i = 0; i < n; i++) {
    const actor = createActor(reducerWorkerLogic).start();
    actors[i] = actor;
    actor.send({ type: 'inc' }); // handled synchronously, inside send
  }
  await done;
  const ms = since(t);
  const result = report(n, ms, before);
  await checkSample(n, (i) => actors[i].getSnapshot().context);
  for (const actor of actors) actor.stop();
  return result;
}

/** Children of one group actor per 1,000 (see `ComedyGroup`), the groups spawning concurrently. */
async function comedy(scale: number): Promise<Measurement> {
  const n = scaled(FULL, scale);
  const size = Math.min(GROUP, n);
  const { system, root } = await comedySystem();
  const groups = await Promise.all(Array.from({ length: Math.ceil(n / size) }, () => root.createChild(ComedyGroup)));
  const before = heapAfterGc();
  const done = latch.arm(n);
  const t = now();
  const lists = (await Promise.all(groups.map((g, i) => g.sendAndReceive('spawn', Math.min(size, n - i * size))))) as ActorRef[][];
  await done;
  const ms = since(t);
  const result = report(n, ms, before);
  const actors = lists.flat();
  verifyEqual(actors.length, n, 'actors spawned');
  await checkSample(n, (i) => actors[i].sendAndReceive('get') as Promise<number>);
  await system.destroy();
  return result;
}

export const spawn: Scenario = {
  name: 'spawn',
  what: '100,000 actors spawned, one message each, all handled; heap bytes per idle actor after gc',
  op: 'actor',
  run: { raw, troupe, nact, xstate, comedy },
};
