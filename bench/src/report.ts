/** Renders `docs/benchmarks.md` from a suite's results. */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Machine } from './machine';
import { LIBS, type Lib, type Scenario } from './scenarios';
import type { PairResult, Summary } from './stats';

export interface SuiteResult {
  scale: number;
  runs: number;
  rounds: number;
  machine: Machine;
  results: Record<string, Partial<Record<Lib, PairResult>>>;
  failures: string[];
  elapsedS?: number;
}

/** Hand-written analysis kept next to the code and appended to the report. */
const ANALYSIS = path.resolve(__dirname, '../analysis.md');

function rate(value: number): string {
  if (value >= 1e6) return `${(value / 1e6).toFixed(2)} M`;
  if (value >= 1e3) return `${(value / 1e3).toFixed(1)} k`;
  return value.toFixed(0);
}

function cell(s: Summary | undefined, why: string | undefined): string {
  if (s === undefined) return why === undefined ? '–' : 'n/a';
  return `**${rate(s.median)}** <sub>${rate(s.min)}–${rate(s.max)}</sub>`;
}

/** Troupe's median over another's, by wall clock, and in brackets by CPU time. */
function ratio(a: PairResult | undefined, b: PairResult | undefined): string {
  if (a === undefined || b === undefined) return '–';
  const wall = `${(a.rate.median / b.rate.median).toFixed(2)}×`;
  if (a.cpuRate === undefined || b.cpuRate === undefined) return wall;
  return `${wall} <sub>(${(a.cpuRate.median / b.cpuRate.median).toFixed(2)}×)</sub>`;
}

function fixed(s: Summary | undefined, digits: number): string {
  if (s === undefined) return '–';
  return `**${s.median.toFixed(digits)}** <sub>${s.min.toFixed(digits)}–${s.max.toFixed(digits)}</sub>`;
}

/** The libraries Troupe is compared with, in column order. */
const OTHERS = LIBS.filter((lib) => lib !== 'troupe');

function mainTable(suite: SuiteResult, scenarios: readonly Scenario[]): string[] {
  const lines = [
    `| scenario | ${LIBS.join(' | ')} | ${OTHERS.map((lib) => `troupe ÷ ${lib}`).join(' | ')} |`,
    `|---|${LIBS.map(() => '---:').join('|')}|${OTHERS.map(() => '---:').join('|')}|`,
  ];
  for (const scenario of scenarios) {
    if (scenario.option) continue;
    if (scenario.pending !== undefined) {
      lines.push(`| \`${scenario.name}\` (${scenario.op}/s) | pending: ${scenario.pending} |${'|'.repeat(LIBS.length + OTHERS.length - 1)}`);
      continue;
    }
    const r = suite.results[scenario.name] ?? {};
    const cells = LIBS.map((lib) => cell(r[lib]?.rate, scenario.unsupported?.[lib]));
    const t = r.troupe;
    lines.push(`| \`${scenario.name}\` (${scenario.op}/s) | ${cells.join(' | ')} | ${OTHERS.map((lib) => ratio(t, r[lib])).join(' | ')} |`);
  }
  return lines;
}

function unsupportedNotes(scenarios: readonly Scenario[]): string[] {
  const lines: string[] = [];
  for (const scenario of scenarios) {
    if (scenario.option) continue;
    for (const [lib, why] of Object.entries(scenario.unsupported ?? {})) lines.push(`- n/a: \`${scenario.name}\`, ${lib}: ${why}.`);
  }
  return lines;
}

function extraTable(suite: SuiteResult, scenario: string, key: string, title: string, digits: number): string[] {
  const r = suite.results[scenario];
  if (r === undefined) return [];
  const present = LIBS.filter((lib) => r[lib]?.extra[key] !== undefined);
  if (present.length === 0) return [];
  return [
    `| ${title} | ${present.join(' | ')} |`,
    `|---|${present.map(() => '---:').join('|')}|`,
    `| \`${scenario}\` | ${present.map((lib) => fixed(r[lib]!.extra[key], digits)).join(' | ')} |`,
  ];
}

/** `detectDeadlocks: true` against the same loop without it: [label, without, with]. */
const DEADLOCK_PAIRS = [
  ['plain handler (returns the value)', 'ask-seq', 'ask-seq+detectDeadlocks'],
  ['`async` handler (returns a promise)', 'ask-seq-async', 'ask-seq-async+detectDeadlocks'],
] as const;

/** The share of the rate that detection costs, by wall clock and by CPU time. */
function deadlockCost(suite: SuiteResult, without: string, withIt: string): { wall: number; cpu: number | undefined } | undefined {
  const plain = suite.results[without]?.troupe;
  const detecting = suite.results[withIt]?.troupe;
  if (plain === undefined || detecting === undefined) return undefined;
  const cpu = plain.cpuRate === undefined || detecting.cpuRate === undefined ? undefined : 1 - detecting.cpuRate.median / plain.cpuRate.median;
  return { wall: 1 - detecting.rate.median / plain.rate.median, cpu };
}

function deadlockTable(suite: SuiteResult): string[] {
  const rows: string[] = [];
  for (const [label, without, withIt] of DEADLOCK_PAIRS) {
    const cost = deadlockCost(suite, without, withIt);
    if (cost === undefined) continue;
    const a = suite.results[without]!.troupe!;
    const b = suite.results[withIt]!.troupe!;
    const pct = (x: number | undefined): string => (x === undefined ? '–' : `${(x * 100).toFixed(1)}%`);
    rows.push(`| ${label} | ${cell(a.rate, undefined)} | ${cell(b.rate, undefined)} | ${ratio(b, a)} | ${pct(cost.wall)} <sub>(${pct(cost.cpu)})</sub> |`);
  }
  if (rows.length === 0) return [];
  return [
    '| `ask-seq`, Troupe (req/s) | without | `detectDeadlocks: true` | with ÷ without | cost |',
    '|---|---:|---:|---:|---:|',
    ...rows,
  ];
}

function targets(suite: SuiteResult, scenarios: readonly Scenario[]): string[] {
  const lines: string[] = [];
  const mark = (ok: boolean): string => (ok ? 'met' : '**missed**');
  for (const scenario of scenarios) {
    const r = suite.results[scenario.name];
    const t = r?.troupe?.rate.median;
    if (r === undefined || t === undefined || scenario.option) continue;
    const parts: string[] = [];
    for (const lib of OTHERS) {
      const other = r[lib]?.rate.median;
      if (other === undefined) continue;
      const need = lib === 'raw' ? (scenario.rawTarget ?? 1) : scenario.name === 'ask-seq' && lib === 'xstate' ? 1.1 : 1.0001;
      const tc = r.troupe?.cpuRate?.median;
      const oc = r[lib]?.cpuRate?.median;
      const byCpu = tc === undefined || oc === undefined ? '' : `; by CPU time ${(tc / oc).toFixed(2)}×, ${mark(tc / oc >= need)}`;
      parts.push(`${(t / other).toFixed(2)}× ${lib} (${mark(t / other >= need)}${byCpu})`);
    }
    if (parts.length > 0) lines.push(`- \`${scenario.name}\`: ${parts.join(', ')}`);
  }
  const heap = suite.results.spawn?.troupe?.extra.bytesPerActor?.median;
  if (heap !== undefined) lines.push(`- heap per idle Troupe actor ≤ 700 bytes: ${heap.toFixed(0)} bytes (${mark(heap <= 700)})`);
  const routed = suite.results.router?.troupe?.extra.overheadPct;
  if (routed !== undefined) lines.push(`- \`router\` overhead against a direct \`Addr\`: ${routed.median.toFixed(1)}% (no numeric target)`);
  for (const [label, without, withIt] of DEADLOCK_PAIRS) {
    const cost = deadlockCost(suite, without, withIt);
    if (cost === undefined) continue;
    const byCpu = cost.cpu === undefined ? '' : `; by CPU time ${(cost.cpu * 100).toFixed(1)}%, ${mark(cost.cpu <= 0.15)}`;
    lines.push(`- \`detectDeadlocks: true\` costs ≤ 15% on \`ask-seq\`, ${label}: ${(cost.wall * 100).toFixed(1)}% (${mark(cost.wall <= 0.15)}${byCpu})`);
  }
  return lines;
}

/** What the targets section measures, for a reader who has not seen the code. */
const TARGETS_INTRO = [
  "For each scenario, Troupe's median throughput as a multiple of each other library's, by wall-clock",
  "time and by CPU time (the target: at least raw's (0.8× raw's on `tell-burst`), more than each",
  "peer's, and 1.1× xstate's on `ask-seq`); then the targets for memory and overheads.",
].join('\n');

export function renderReport(suite: SuiteResult, scenarios: readonly Scenario[]): string {
  const m = suite.machine;
  const scaleNote = suite.scale === 1 ? 'full size' : `**scale ${suite.scale}** (every scenario at ${suite.scale * 100}% of its size)`;
  const out = [
    '# Benchmarks',
    '',
    '<!-- Generated by `npm run bench` (bench/src/run.ts); the analysis at the end comes from bench/analysis.md; the scale section after it from `npm run -w bench bench:scale`. -->',
    '',
    'Troupe against [nact](https://github.com/nactio/nact), [xstate](https://stately.ai/docs/actors) v5 actors,',
    '[comedy](https://github.com/untu/comedy) in its in-process mode and',
    '"raw", the smallest honest actor (`bench/src/raw.ts`: a ring-buffer mailbox drained in a loop scheduled with',
    '`queueMicrotask`, promise-based ask, bounded tell with FIFO waiting senders, nothing else), which stands for',
    'the limit of one core. Each (scenario, library) pair runs in a fresh `node --expose-gc` process: one warm-up',
    'run, then the measured runs. Figures are medians, with min–max in small print. Every run verifies its result',
    '(counts, every reply), so a fast wrong answer fails the suite.',
    '',
    `Run: \`npm run bench\` from the repository root, ${new Date().toISOString().slice(0, 10)}, ${scaleNote},`,
    `${suite.runs} measured runs per pair${suite.rounds > 1 ? ` in each of ${suite.rounds} processes (rounds taken in turn by the libraries, runs pooled)` : ''}${suite.elapsedS === undefined ? '' : `, ${Math.round(suite.elapsedS)} s in all`}.`,
    '',
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB; ${m.platform}; Node ${m.node}; 1-minute load average`,
    `${m.loadStart.toFixed(2)} at the start and ${(m.loadEnd ?? m.loadStart).toFixed(2)} at the end (other work shared the machine:`,
    'treat differences under ~10% as noise).',
    `Versions: ${Object.entries(m.versions).map(([k, v]) => `${k} ${v}`).join(', ')}.`,
    '',
    '## Throughput',
    '',
    'Operations per second of wall-clock time. The ratios are Troupe\'s median over the other\'s; in brackets, the',
    'same ratio of operations per CPU second of the main thread (Linux `/proc/thread-self/schedstat`: the',
    'benchmark\'s own thread, gc work on it included, gc helper threads and other processes left out), which',
    'moves much less than wall time when other processes compete for the two cores.',
    '',
    ...mainTable(suite, scenarios),
    '',
    ...unsupportedNotes(scenarios),
    '',
    '## Latency, memory, options',
    '',
    ...extraTable(suite, 'ask-seq', 'usPerRequest', 'mean µs per request', 2),
    '',
    ...extraTable(suite, 'spawn', 'bytesPerActor', 'heap bytes per idle actor', 0),
    '',
  ];
  const deadlocks = deadlockTable(suite);
  if (deadlocks.length > 0) {
    out.push(
      '`detectDeadlocks: true`: Troupe\'s `ask-seq` without and with it, each in its own processes; the cost is the share',
      'of the rate it takes (in brackets, by CPU time). The detector follows a handler across its `await`s only when',
      'the handler returns a promise, so the two rows differ.',
      '',
      ...deadlocks,
      '',
    );
  }
  const routed = suite.results.router?.troupe;
  if (routed !== undefined) {
    const direct = routed.extra.directRate;
    out.push(
      `\`router\`: ${rate(routed.rate.median)} msg/s through the round-robin router, ${rate(direct.median)} msg/s by hand over the same`,
      `\`Addr\`s (medians): the router adds ${routed.extra.overheadPct.median.toFixed(1)}% to the time per message`,
      `(${routed.extra.overheadPct.min.toFixed(1)}% to ${routed.extra.overheadPct.max.toFixed(1)}% over the runs; negative: faster).`,
      '',
    );
  }
  out.push('## Targets', '', TARGETS_INTRO, '', ...targets(suite, scenarios), '');
  if (suite.failures.length > 0) {
    out.push('## Failures', '', 'Runs that failed their verification (each pair that failed was run once more):', '');
    out.push(...suite.failures.map((f) => `- ${f.split('\n')[0]}`), '');
  }
  out.push('## Scenarios', '', ...scenarios.map((s) => `- \`${s.name}\`: ${s.what}.`), '');
  if (existsSync(ANALYSIS)) out.push(readFileSync(ANALYSIS, 'utf8').trim(), '');
  return out.join('\n');
}
