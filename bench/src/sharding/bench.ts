/**
 * Sharded entities on two nodes against plain remote `send`, in the same run, on the same loopback
 * server: this process requests, a child process (host.ts) responds.
 *
 * - plain remote `send` to an echo actor on the other node (the baseline);
 * - entity `send` to `bench-far` entities, all hosted by the other node (every message crosses: the
 *   cost of the routing and the envelope on top of a remote `send`);
 * - entity `send` to `bench-spread` entities, hosted by both nodes (about half stay here);
 * each sequentially and with 1 000 in flight, over 1 000 active entities; and
 * - first activation: the latency of a `send` to an entity that does not exist yet (activated on the
 *   other node), against a `send` to an active one.
 *
 * Contenders take turns in a new random order each round; figures are medians over the rounds and
 * the ratios are medians of per-round ratios.
 */
import * as path from 'node:path';
import { ActorSystem, silentLogger } from '@troupe/core';
import { Remote, Sharding, type Entities } from '@troupe/remote';
import { Echo, type Echoer } from '../remote/messages';
import { forkReady, parallel, sequential, shuffled } from '../request-loops';
import { FarCounter, SpreadCounter } from './entities';

export interface ShardingBenchOptions {
  readonly servers: string;
  readonly rounds: number;
  /** Sequential round trips per round and contender. */
  readonly sequential: number;
  /** Requests per round and contender with `inFlight` outstanding. */
  readonly parallel: number;
  readonly inFlight: number;
  /** Active entities the throughput runs spread their messages over. */
  readonly entities: number;
  /** Entities activated per round for the first-activation latency. */
  readonly activations: number;
}

/** Requests per second per round; latencies in ms (per round: the median and the 99th percentile). */
export interface ShardingBenchResult {
  readonly sequential: { remote: number[]; far: number[]; spread: number[] };
  readonly parallel: { remote: number[]; far: number[]; spread: number[] };
  readonly latency: { remote: Percentiles[]; active: Percentiles[]; first: Percentiles[] };
  readonly options: ShardingBenchOptions;
}

export interface Percentiles {
  readonly p50: number;
  readonly p99: number;
}

type Request = (i: number) => Promise<number>;

export async function runShardingBench(options: ShardingBenchOptions): Promise<ShardingBenchResult> {
  const host = await forkReady(path.join(__dirname, 'host.ts'), options.servers, 'host');
  const system = new ActorSystem({ name: 'requester', logger: silentLogger });
  const node = await Remote.start(system, { servers: options.servers, cluster: 'bench-sharding', node: 'requester' });
  try {
    const echo = await node.waitFor<Echoer>('echo', { timeoutMs: 10_000 });
    const sharding = Sharding.of(node);
    const far = sharding.entity(FarCounter, { host: false });
    const spread = sharding.entity(SpreadCounter);
    await placed(far, ['host']);
    await placed(spread, ['host', 'requester']);
    const ids = Array.from({ length: options.entities }, (_, i) => `e-${i}`);
    const remote: Request = (i) => echo.send(new Echo(i), { timeoutMs: 10_000 });
    const toFar: Request = (i) => far.get(ids[i % ids.length]).send(new Echo(i), { timeoutMs: 10_000 });
    const toSpread: Request = (i) => spread.get(ids[i % ids.length]).send(new Echo(i), { timeoutMs: 10_000 });
    // Warm up (JIT, connections, the entities' first activation).
    for (const request of [remote, toFar, toSpread]) {
      await sequential(request, Math.max(500, ids.length));
      await parallel(request, 2000, options.inFlight);
    }
    const result: ShardingBenchResult = {
      sequential: { remote: [], far: [], spread: [] },
      parallel: { remote: [], far: [], spread: [] },
      latency: { remote: [], active: [], first: [] },
      options,
    };
    for (let round = 0; round < options.rounds; round++) {
      const fresh = Array.from({ length: options.activations }, (_, i) => `fresh-${round}-${i}`);
      const runs: Array<() => Promise<void>> = [
        async () => void result.sequential.remote.push(await sequential(remote, options.sequential)),
        async () => void result.sequential.far.push(await sequential(toFar, options.sequential)),
        async () => void result.sequential.spread.push(await sequential(toSpread, options.sequential)),
        async () => void result.parallel.remote.push(await parallel(remote, options.parallel, options.inFlight)),
        async () => void result.parallel.far.push(await parallel(toFar, options.parallel, options.inFlight)),
        async () => void result.parallel.spread.push(await parallel(toSpread, options.parallel, options.inFlight)),
        async () => void result.latency.remote.push(await latencies(remote, options.activations)),
        async () => void result.latency.active.push(await latencies(toFar, options.activations)),
        async () => void result.latency.first.push(await latencies((i) => far.get(fresh[i]).send(new Echo(i), { timeoutMs: 10_000 }), options.activations)),
      ];
      for (const i of shuffled(runs.map((_, i) => i))) await runs[i]();
    }
    return result;
  } finally {
    await node.stop();
    await system.shutdown();
    const exited = new Promise((resolve) => host.once('exit', resolve));
    host.kill('SIGTERM'); // it hands its shards over and leaves
    const timer = setTimeout(() => host.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}

/** Waits until every shard of the type is owned, by the given nodes only, each owning some. */
async function placed(entities: Entities<unknown>, nodes: readonly string[]): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const owners = entities.shardOwners();
    if (owners.every((o) => o !== undefined && nodes.includes(o)) && nodes.every((n) => owners.includes(n))) return;
    if (Date.now() > deadline) throw new Error(`the shards of ${entities.type} were not placed over ${nodes.join(', ')}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Per-request latency of `count` sequential requests, in ms. */
async function latencies(request: Request, count: number): Promise<Percentiles> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    if ((await request(i)) !== i + 1) throw new Error('wrong reply');
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(times.length / 2)], p99: times[Math.min(times.length - 1, Math.floor(times.length * 0.99))] };
}

