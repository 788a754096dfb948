/**
 * The headline figures for @troupe/core alone (`npm run -w bench bench:core`, after
 * `npm run build`): messages per second for 1M tells to one actor, sequential `send` round trips
 * per second, and heap bytes per idle actor for 100,000 actors. One warm-up, then the median of
 * three runs, in this process. The full comparison with other libraries is `npm run bench`.
 */
import { ActorSystem, silentLogger } from '@troupe/core';
import { canMeasureHeap, collect, now, since, verifyEqual, type Measurement, type RunFn } from './measure';
import { summarize } from './stats';
import { tell } from './scenarios/tell';
import { askSeq } from './scenarios/ask-seq';
import { spawn } from './scenarios/spawn';
import { Counter, Get, Inc } from './libs/troupe';

const RUNS = 3;

/** 1,000,000 `await counter.tell(inc)` from one sender: the cost of an awaited tell. */
async function awaitedTells(): Promise<Measurement> {
  const n = 1_000_000;
  const system = new ActorSystem({ logger: silentLogger });
  const counter = system.spawn(Counter);
  const t = now();
  for (let i = 0; i < n; i++) await counter.tell(new Inc());
  verifyEqual(await counter.send(new Get()), n, 'count');
  const ms = since(t);
  await system.shutdown();
  return { ops: n, ms };
}

async function measure(run: RunFn): Promise<Measurement[]> {
  const runs: Measurement[] = [];
  for (let i = 0; i <= RUNS; i++) {
    collect();
    const m = await run(1);
    if (i > 0) runs.push(m);
  }
  return runs;
}

function perSecond(runs: Measurement[]): string {
  return Math.round(summarize(runs.map((r) => (r.ops * 1000) / r.ms)).median).toLocaleString('en-US');
}

async function main(): Promise<void> {
  // Memory first, in a fresh heap: what earlier runs leave behind would blur it.
  if (canMeasureHeap()) {
    const spawns = await measure(spawn.run.troupe!);
    const bytes = summarize(spawns.map((r) => r.extra!.bytesPerActor)).median;
    console.log(`heap per idle actor, 100,000 actors: ${bytes.toFixed(0).padStart(11)} bytes`);
  } else {
    console.log('heap per idle actor: run node with --expose-gc');
  }
  const fireAndForget = await measure(tell.run.troupe!);
  console.log(`tell (doSend), 1M to one actor:      ${perSecond(fireAndForget).padStart(12)} messages/s`);
  const awaited = await measure(awaitedTells);
  console.log(`await tell, 1M to one actor:         ${perSecond(awaited).padStart(12)} messages/s`);
  const asks = await measure(askSeq.run.troupe!);
  console.log(`send, sequential round trips:        ${perSecond(asks).padStart(12)} round trips/s`);
}

void main();
