/**
 * 8b. router (Troupe only): 1,000,000 `doSend`s round-robin over 4 workers through
 * `Registry.of(system).router(group, { strategy: 'round-robin' })`, against the same rotation by
 * hand over their `Addr`s. Each run measures both in the same process, in the order direct,
 * router, router, direct (half the messages each time), so that warm-up and gc drift cancel; the
 * rate reported is the router's, with the direct rate and the router's overhead as extras.
 */
import { ActorSystem, silentLogger, type Addr } from '@troupe/core';
import { Registry } from '@troupe/registry';
import { latch } from '../latch';
import { now, scaled, since, verifyEqual, type Measurement } from '../measure';
import { Get, Inc, Worker } from '../libs/troupe';
import type { Scenario } from './types';

const FULL = 1_000_000;
const WORKERS = 4;

async function timed(n: number, send: (i: number) => void): Promise<number> {
  const done = latch.arm(n);
  const t = now();
  for (let i = 0; i < n; i++) send(i);
  await done;
  return since(t);
}

async function troupe(scale: number): Promise<Measurement> {
  const n = scaled(FULL, scale, 2 * WORKERS);
  const half = n / 2;
  const system = new ActorSystem({ logger: silentLogger });
  const registry = Registry.of(system);
  const workers: Addr<Worker>[] = [];
  for (let i = 0; i < WORKERS; i++) {
    const worker = system.spawn(Worker);
    registry.join('workers', worker);
    workers.push(worker);
  }
  const router = registry.router<Worker>('workers', { strategy: 'round-robin' });
  const direct = (i: number): void => workers[i % WORKERS].doSend(new Inc());
  const routed = (): void => router.doSend(new Inc());
  let directMs = await timed(half, direct);
  let routerMs = await timed(half, routed);
  routerMs += await timed(half, routed);
  directMs += await timed(half, direct);
  for (const worker of workers) verifyEqual(await worker.send(new Get()), (2 * n) / WORKERS, 'count of a worker');
  await system.shutdown();
  return {
    ops: n,
    ms: routerMs,
    extra: { directRate: (n * 1000) / directMs, overheadPct: (100 * (routerMs - directMs)) / directMs },
  };
}

export const router: Scenario = {
  name: 'router',
  what: '1,000,000 `doSend`s through a round-robin router over 4 workers (Troupe only; the direct rotation over the same `Addr`s is the reference)',
  op: 'msg',
  run: { troupe },
  unsupported: {
    raw: 'no registry or router',
    nact: 'no router (nact has no groups)',
    xstate: 'no router',
    comedy: 'the row weighs Troupe\'s router against its own direct sends (comedy balances over the instances of a `clusterSize` actor instead)',
  },
};
