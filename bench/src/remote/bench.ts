/**
 * Remote `send` between two nodes against raw `nats` request–reply, in the same run, on the same
 * loopback server: this process requests, a child process responds (see responder.ts), for both.
 *
 * - sequential: one request at a time;
 * - 1 000 in flight: requests kept outstanding 1 000 at a time (on one connection each);
 * - `tell` with 1 000 in flight: commands whose promise resolves when the remote mailbox took them.
 *
 * Contenders take turns in a new random order each round; figures are medians over the rounds and
 * the ratios are medians of per-round ratios, so that the machine's changing load hits both alike.
 */
import * as path from 'node:path';
import { connect, type NatsConnection } from 'nats';
import { ActorSystem, silentLogger, type Addr } from '@troupe/core';
import { Remote } from '@troupe/remote';
import { forkReady, parallel, sequential, shuffled } from '../request-loops';
import { median } from '../stats';
import { Count, Echo, FLOOR_BACK, FLOOR_SUBJECT, Note, RAW_SUBJECT, type Echoer } from './messages';

export interface RemoteBenchOptions {
  readonly servers: string;
  /** Sequential round trips per round and contender. */
  readonly sequential: number;
  /** Requests per round and contender with 1 000 in flight. */
  readonly parallel: number;
  readonly inFlight: number;
  readonly rounds: number;
}

/** Requests (or messages) per second, per round. */
export interface RemoteBenchResult {
  readonly sequential: { raw: number[]; troupe: number[]; floor: number[] };
  readonly parallel: { raw: number[]; troupe: number[]; floor: number[] };
  readonly tell: number[];
  readonly options: RemoteBenchOptions;
}

export async function runRemoteBench(options: RemoteBenchOptions): Promise<RemoteBenchResult> {
  const responder = await forkReady(path.join(__dirname, 'responder.ts'), options.servers, 'responder');
  const nc = await connect({ servers: options.servers });
  const system = new ActorSystem({ name: 'requester', logger: silentLogger });
  const node = await Remote.start(system, { servers: options.servers, cluster: 'bench', node: 'requester' });
  try {
    const echo = await node.waitFor<Echoer>('echo', { timeoutMs: 10_000 });
    const raw = rawRequest(nc);
    const floor = await floorRequest(nc);
    const troupe = (n: number): Promise<number> => echo.send(new Echo(n), { timeoutMs: 10_000 });
    // warm up both paths (JIT, connections, the responder's process)
    for (const request of [raw, floor, troupe]) {
      await sequential(request, 500);
      await parallel(request, 2000, options.inFlight);
    }
    await tells(echo, 2000, options.inFlight);

    const result: RemoteBenchResult = {
      sequential: { raw: [], troupe: [], floor: [] },
      parallel: { raw: [], troupe: [], floor: [] },
      tell: [],
      options,
    };
    for (let round = 0; round < options.rounds; round++) {
      const runs: Array<() => Promise<void>> = [
        async () => void result.sequential.raw.push(await sequential(raw, options.sequential)),
        async () => void result.sequential.troupe.push(await sequential(troupe, options.sequential)),
        async () => void result.parallel.raw.push(await parallel(raw, options.parallel, options.inFlight)),
        async () => void result.parallel.troupe.push(await parallel(troupe, options.parallel, options.inFlight)),
        async () => void result.tell.push(await tells(echo, options.parallel, options.inFlight)),
        async () => void result.sequential.floor.push(await sequential(floor, options.sequential)),
        async () => void result.parallel.floor.push(await parallel(floor, options.parallel, options.inFlight)),
      ];
      for (const i of shuffled(runs.map((_, i) => i))) await runs[i]();
    }
    return result;
  } finally {
    await node.stop();
    await system.shutdown();
    await nc.close();
    responder.kill('SIGTERM');
  }
}

/** A raw request–reply with a 4-byte number, as the responder answers it. */
function rawRequest(nc: NatsConnection): (n: number) => Promise<number> {
  return async (n) => {
    const msg = await nc.request(RAW_SUBJECT, new Uint8Array([n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff]), { timeout: 10_000 });
    const d = msg.data;
    return ((d[0] << 24) | (d[1] << 16) | (d[2] << 8) | d[3]) >>> 0;
  };
}

/**
 * The floor of request–reply over NATS: a publish with a 4-byte id, answered by a publish to one
 * subject this process listens on, matched in a table (no inbox per request, no timer): the least
 * any request–reply on NATS must do, and what Troupe's frames do too.
 */
async function floorRequest(nc: NatsConnection): Promise<(n: number) => Promise<number>> {
  const pending = new Map<number, (n: number) => void>();
  nc.subscribe(FLOOR_BACK, {
    callback: (_err, msg) => {
      const d = msg.data;
      const n = ((d[0] << 24) | (d[1] << 16) | (d[2] << 8) | d[3]) >>> 0;
      const resolve = pending.get(n - 1);
      pending.delete(n - 1);
      resolve?.(n);
    },
  });
  await nc.flush();
  return (n) =>
    new Promise<number>((resolve) => {
      pending.set(n, resolve);
      nc.publish(FLOOR_SUBJECT, new Uint8Array([n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff]));
    });
}

async function tells(echo: Addr<Echoer>, count: number, inFlight: number): Promise<number> {
  const before = await echo.send(new Count());
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < count) await echo.tell(new Note(next++));
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(inFlight, count) }, lane));
  const rate = (count * 1000) / (performance.now() - started);
  if ((await echo.send(new Count())) !== before + count) throw new Error('a tell was lost');
  return rate;
}

/** The median over rounds of troupe ÷ raw within each round. */
export function medianRatio(troupe: readonly number[], raw: readonly number[]): number {
  return median(troupe.map((t, i) => t / raw[i]));
}
