/**
 * Sharded entities on two nodes against plain remote `send`. From the repository root:
 * `npm run build && npm run -w bench bench:sharding` (options after `--`: `--rounds=5`,
 * `--sequential=2000`, `--parallel=20000`, `--activations=300`, `--servers=nats://...` to use a
 * running server with JetStream instead of starting one, `--out=path` or `--out=` to print only).
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { median } from '../stats';
import { medianRatio } from '../remote/bench';
import { runShardingBench, type Percentiles, type ShardingBenchResult } from './bench';
import { SHARDING_BEGIN, SHARDING_END, writeShardingSection } from './section';
import { option } from '../options';
import { withServers } from '../request-loops';


function rate(n: number): string {
  return n >= 1000 ? `${(n / 1000).toFixed(1)} k` : n.toFixed(0);
}

function spread(values: readonly number[]): string {
  return `<sub>${rate(Math.min(...values))}–${rate(Math.max(...values))}</sub>`;
}

function ms(values: readonly Percentiles[], key: keyof Percentiles): string {
  return `${median(values.map((v) => v[key])).toFixed(2)} ms`;
}

export function renderSharding(result: ShardingBenchResult, loadStart: number, loadEnd: number): string {
  const { sequential, parallel, latency, options } = result;
  const serverVersion = (() => {
    try {
      return execFileSync('nats-server', ['--version']).toString().trim();
    } catch {
      return 'nats-server (version unknown)';
    }
  })();
  const cell = (values: number[]): string => `**${rate(median(values))}** ${spread(values)}`;
  const row = (what: string, s: { remote: number[]; far: number[]; spread: number[] }): string =>
    `| ${what} | ${cell(s.remote)} | ${cell(s.far)} | ${cell(s.spread)} | ${medianRatio(s.far, s.remote).toFixed(2)}× | ${medianRatio(s.spread, s.remote).toFixed(2)}× |`;
  const lat = (what: string, values: Percentiles[]): string => `| ${what} | ${ms(values, 'p50')} | ${ms(values, 'p99')} |`;
  return [
    SHARDING_BEGIN,
    '',
    '## Sharded entities: entity `send` against plain remote `send`',
    '',
    `Two nodes on one loopback \`${serverVersion}\` (JetStream on: the shard owners live in its key-value bucket):`,
    'this process requests, a child process hosts. The baseline is a plain remote `send` to an actor',
    'exposed by name on the other node. *Entity, far* sends to entities of a type that only the other',
    'node hosts, so every message crosses, as the baseline does, plus the routing and the envelope that',
    '`Sharding` adds; *entity, spread* sends to a type that both nodes host (100 shards, half each): about',
    `half the messages stay in this process. The throughput runs spread their messages over ${options.entities} active`,
    `entities. Figures are medians over ${options.rounds} rounds (min–max in small print); ratios are medians of`,
    `per-round ratios; contenders take turns in a new random order each round. Sequential: ${options.sequential} round`,
    `trips per round; in flight: ${options.parallel} requests per round, ${options.inFlight} outstanding.`,
    `${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores; Node ${process.version}; 1-minute load average ${loadStart.toFixed(2)} at the start, ${loadEnd.toFixed(2)} at the end.`,
    '',
    '| measure | plain remote `send` | entity, far | entity, spread | far ÷ remote | spread ÷ remote |',
    '|---|---:|---:|---:|---:|---:|',
    row('`send`, sequential (req/s)', sequential),
    row(`\`send\`, ${options.inFlight} in flight (req/s)`, parallel),
    '',
    `Latency of one \`send\` (sequential, ${options.activations} per round; medians over the rounds of each round's median and 99th percentile):`,
    '',
    '| `send` to | median | 99th percentile |',
    '|---|---:|---:|',
    lat('an actor on the other node (plain remote)', latency.remote),
    lat('an active entity on the other node', latency.active),
    lat('an entity that does not exist yet (first activation, on the other node)', latency.first),
    '',
    'A first activation costs the spawn of the entity on its node on top of the round trip; the owner of',
    'its shard is already known (placement is eager: every shard has an owner while any node hosts the',
    'type), so no store round trip is on the path.',
    '',
    'Reproduce: `npm run build && npm run -w bench bench:sharding` (it starts its own `nats-server -js`).',
    '',
    SHARDING_END,
  ].join('\n');
}

async function main(): Promise<void> {
  await withServers(option('servers', ''), async (servers) => {
    const loadStart = os.loadavg()[0];
    const result = await runShardingBench({
      servers,
      rounds: Number(option('rounds', '5')),
      sequential: Number(option('sequential', '2000')),
      parallel: Number(option('parallel', '20000')),
      inFlight: 1000,
      entities: 1000,
      activations: Number(option('activations', '300')),
    });
    const section = renderSharding(result, loadStart, os.loadavg()[0]);
    const out = option('out', path.resolve(__dirname, '../../../docs/benchmarks.md'));
    console.log(section);
    if (out !== '') writeShardingSection(out, section);
  });
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
