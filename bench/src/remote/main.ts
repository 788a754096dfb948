/**
 * `@troupe/remote` against raw NATS. From the repository root:
 * `npm run build && npm run -w bench bench:remote` (options after `--`: `--rounds=7`,
 * `--sequential=2000`, `--parallel=20000`, `--servers=nats://...` to use a running server with
 * JetStream instead of starting one, `--out=path` or `--out=` to print only).
 */
import { readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { median } from '../stats';
import { medianRatio, runRemoteBench, type RemoteBenchResult } from './bench';
import { REMOTE_BEGIN, REMOTE_END, writeRemoteSection } from './section';
import { option } from '../options';
import { withServers } from '../request-loops';


function rate(n: number): string {
  return n >= 1000 ? `${(n / 1000).toFixed(1)} k` : n.toFixed(0);
}

function spread(values: readonly number[]): string {
  return `<sub>${rate(Math.min(...values))}–${rate(Math.max(...values))}</sub>`;
}

export function renderRemote(result: RemoteBenchResult, loadStart: number, loadEnd: number): string {
  const { sequential, parallel, tell, options } = result;
  const serverVersion = (() => {
    try {
      return execFileSync('nats-server', ['--version']).toString().trim();
    } catch {
      return 'nats-server (version unknown)';
    }
  })();
  const natsVersion = (JSON.parse(readFileSync(require.resolve('nats/package.json'), 'utf8')) as { version: string }).version;
  const seqRatio = medianRatio(sequential.troupe, sequential.raw);
  const parRatio = medianRatio(parallel.troupe, parallel.raw);
  const tellRatio = medianRatio(tell, parallel.raw);
  const cell = (values: number[] | undefined): string => (values ? `**${rate(median(values))}** ${spread(values)}` : '–');
  const row = (what: string, raw: number[] | undefined, floor: number[] | undefined, troupe: number[], ratio: number, target: string): string =>
    `| ${what} | ${cell(raw)} | ${cell(floor)} | ${cell(troupe)} | ${ratio.toFixed(2)}× | ${target} |`;
  return [
    REMOTE_BEGIN,
    '',
    '## Remote: `@troupe/remote` against raw NATS',
    '',
    `Two nodes on one loopback \`${serverVersion}\` (JetStream on, for the name store): this process`,
    'requests, a child process responds. The baseline is raw `nats` request–reply (nats.js',
    `${natsVersion}, \`nc.request\` with a 4-byte payload; the responder answers with \`msg.respond\`) between the`,
    'same two processes, in the same run: the contenders take turns in a new random order each round.',
    'Troupe\'s `send` carries a `@Wire` message to an actor and back (frame header, MessagePack payload,',
    'a mailbox and a handler on the far side, the reply rebuilt here). Figures are medians over',
    `${options.rounds} rounds (min–max in small print); ratios are medians of per-round ratios.`,
    `Sequential: ${options.sequential} round trips per round; in flight: ${options.parallel} requests per round, ${options.inFlight} outstanding.`,
    `${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores; Node ${process.version}; 1-minute load average ${loadStart.toFixed(2)} at the start, ${loadEnd.toFixed(2)} at the end.`,
    '',
    '| measure | raw NATS request–reply | raw NATS publish with ids (floor) | Troupe remote | Troupe ÷ raw request–reply | target |',
    '|---|---:|---:|---:|---:|---:|',
    row('`send`, sequential (req/s)', sequential.raw, sequential.floor, sequential.troupe, seqRatio, '≥ 0.8×'),
    row(`\`send\`, ${options.inFlight} in flight (req/s)`, parallel.raw, parallel.floor, parallel.troupe, parRatio, '≥ 0.8×'),
    row(`\`tell\`, ${options.inFlight} in flight (msg/s)`, undefined, undefined, tell, tellRatio, ''),
    '',
    `Troupe ÷ the floor: ${medianRatio(sequential.troupe, sequential.floor).toFixed(2)}× sequential, ${medianRatio(parallel.troupe, parallel.floor).toFixed(2)}× with ${options.inFlight} in flight.`,
    'nats.js\'s `request` makes a reply subject, a timer and a promise per request; the floor publishes a',
    "4-byte id and matches the answer in a table, as Troupe's frames do (with the actor's mailbox, its",
    'handler, the MessagePack payload and the deadline from core on top). The `tell` row is divided by',
    'raw request–reply in flight: each `tell` waits for the remote mailbox\'s acknowledgement.',
    '',
    'Reproduce: `npm run build && npm run -w bench bench:remote` (it starts its own `nats-server -js`).',
    '',
    REMOTE_END,
  ].join('\n');
}

async function main(): Promise<void> {
  const rounds = Number(option('rounds', '7'));
  await withServers(option('servers', ''), async (servers) => {
    const loadStart = os.loadavg()[0];
    const result = await runRemoteBench({
      servers,
      rounds,
      sequential: Number(option('sequential', '2000')),
      parallel: Number(option('parallel', '20000')),
      inFlight: 1000,
    });
    const section = renderRemote(result, loadStart, os.loadavg()[0]);
    const out = option('out', path.resolve(__dirname, '../../../docs/benchmarks.md'));
    console.log(section);
    if (out !== '') writeRemoteSection(out, section);
  });
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
