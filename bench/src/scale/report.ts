/** Renders the scale section of `docs/benchmarks.md` from a {@link ScaleResult}. */
import { summarize, type Summary } from '../stats';
import { WARM_UP, WARM_UP_RUNS } from './run-case';
import { SECTION_BEGIN, SECTION_END } from './section';
import { OPERATIONS, SHAPES, type CaseResult, type ScaleResult, type Shape } from './types';

/** Target: the cost per actor grows at most this much from one size to the next (×10 actors). */
export const RATIO_TARGET = 1.5;

const STEP_NAMES: Record<string, string> = {
  spawn: 'spawn',
  'stop-in-order': 'stop one by one, start order',
  'stop-random': 'stop one by one, random order',
  'kill-random': 'kill one by one, random order',
  shutdown: '`system.shutdown()`',
};

const SHAPE_NAMES: Record<Shape, string> = { flat: 'flat', parent: 'one parent' };

/** A figure of one row and size: µs per actor over the measured runs, or why there is none. */
type Figure = { readonly us: Summary } | { readonly over: true; readonly done?: number } | { readonly error: string } | undefined;

function count(n: number): string {
  return n.toLocaleString('en-US');
}

function digits(x: number): string {
  return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2);
}

function casesOf(result: ScaleResult, shape: string, n: number): CaseResult[] {
  return result.cases.filter((c) => c.case.shape === shape && c.case.n === n);
}

/** Spawn pools the runs of every process of its (shape, size); an operation has its own process. */
function figure(result: ScaleResult, shape: Shape, step: string, n: number): Figure {
  const cases = casesOf(result, shape, n).filter((c) => step === 'spawn' || c.case.op === step);
  if (cases.length === 0) return undefined;
  const ms = cases.flatMap((c) => c.ms[step] ?? []);
  if (ms.length > 0 && (step === 'spawn' || ms.length === cases[0].case.runs)) return { us: summarize(ms.map((m) => (m * 1000) / n)) };
  const over = cases.find((c) => c.over === step);
  if (over !== undefined) return { over: true, done: over.overDone };
  const failed = cases.find((c) => c.error !== undefined);
  return failed === undefined ? undefined : { error: failed.error! };
}

function cell(f: Figure, limitS: number): string {
  if (f === undefined) return '–';
  if ('over' in f) return `over ${limitS} s${f.done === undefined ? '' : ` <sub>≥ ${count(f.done)} done</sub>`}`;
  if ('error' in f) return 'failed¹';
  return `**${digits(f.us.median)}** <sub>${digits(f.us.min)}–${digits(f.us.max)}</sub>`;
}

/**
 * The per-actor cost at one size over that at the size before. When the larger ran over the
 * limit, a lower bound (the limit over n actors), shown only if it already misses the target.
 */
function ratio(small: Figure, large: Figure, limitS: number, n: number): string {
  if (small === undefined || !('us' in small) || large === undefined || 'error' in large) return '–';
  if ('over' in large) {
    const bound = (limitS * 1e6) / n / small.us.median;
    return bound > RATIO_TARGET ? `**> ${bound.toFixed(1)}× over**` : '–';
  }
  const r = large.us.median / small.us.median;
  return r <= RATIO_TARGET ? `${r.toFixed(2)}×` : `**${r.toFixed(2)}× over**`;
}

function table(result: ScaleResult): string[] {
  const sizes = result.sizes;
  const ratios = sizes.slice(1).map((n, i) => `${count(n)} ÷ ${count(sizes[i])}`);
  const lines = [
    `| operation | shape | ${sizes.map((n) => `${count(n)} actors`).join(' | ')} | ${ratios.join(' | ')} |`,
    `|---|---|${sizes.map(() => '---:').join('|')}|${ratios.map(() => '---:').join('|')}|`,
  ];
  for (const step of ['spawn', ...OPERATIONS]) {
    for (const shape of SHAPES) {
      const figures = sizes.map((n) => figure(result, shape, step, n));
      if (figures.every((f) => f === undefined)) continue;
      const cells = figures.map((f) => cell(f, result.limitS));
      const growth = sizes.slice(1).map((n, i) => ratio(figures[i], figures[i + 1], result.limitS, n));
      lines.push(`| ${STEP_NAMES[step]} | ${SHAPE_NAMES[shape]} | ${cells.join(' | ')} | ${growth.join(' | ')} |`);
    }
  }
  return lines;
}

/** Spawn + shutdown of the largest size, in seconds: the median over runs of their sum. */
function spawnAndShutdown(result: ScaleResult): string[] {
  const n = Math.max(...result.sizes);
  const parts: string[] = [];
  for (const shape of SHAPES) {
    const c = casesOf(result, shape, n).find((x) => x.case.op === 'shutdown');
    if (c === undefined) continue;
    const spawns = c.ms.spawn ?? [];
    const shutdowns = c.ms.shutdown ?? [];
    if (shutdowns.length === 0) {
      parts.push(`${SHAPE_NAMES[shape]}: ${c.over !== undefined ? `over ${result.limitS} s (${c.over})` : 'failed¹'}`);
      continue;
    }
    const total = summarize(shutdowns.map((s, i) => (spawns[i] + s) / 1000)).median;
    const spawn = summarize(spawns.slice(0, shutdowns.length)).median / 1000;
    const shutdown = summarize(shutdowns).median / 1000;
    parts.push(`${SHAPE_NAMES[shape]} **${total.toFixed(2)} s** (spawn ${spawn.toFixed(2)} s + shutdown ${shutdown.toFixed(2)} s)`);
  }
  if (parts.length === 0) return [];
  const target = n === 1_000_000 ? ' (target: a few seconds)' : '';
  return [`Spawn + shutdown of ${count(n)} actors, median of the runs' sums${target}: ${parts.join('; ')}.`, ''];
}

function chainTable(result: ScaleResult): string[] {
  const cases = result.cases.filter((c) => c.case.shape === 'chain');
  if (cases.length === 0) return [];
  const ms = (step: string): string => {
    const runs = cases.flatMap((c) => c.ms[step] ?? []);
    const failedRuns = cases.flatMap((c) => c.stepErrors?.[step]?.runs.filter((r) => r >= 0) ?? []).length;
    const failedNote = failedRuns === 0 ? '' : ` <sub>failed in ${failedRuns} of ${failedRuns + runs.length} runs¹</sub>`;
    if (runs.length > 0) {
      const s = summarize(runs);
      return `**${digits(s.median)} ms** <sub>${digits(s.min)}–${digits(s.max)}</sub>${failedNote}`;
    }
    if (failedRuns > 0) return `failed in ${failedRuns} of ${failedRuns} runs¹`;
    if (cases.some((c) => c.over === step)) return `over ${result.limitS} s`;
    return cases.some((c) => c.error !== undefined) ? 'failed¹' : '–';
  };
  return [
    '### Deep chain',
    '',
    `${count(result.chainDepth)} actors, each the child of the one before (the links spawn each other from \`started\`).`,
    'Build: until the deepest link has started. Path: the first read of the deepest `addr.path`, which builds',
    'every path above it. Then the root is killed (`await root.kill()`, one process) or the system is shut',
    'down (`await system.shutdown()`, another); build and path pool the runs of both.',
    '',
    '| build | read the deepest `addr.path` | `kill()` the root | `shutdown()` |',
    '|---:|---:|---:|---:|',
    `| ${['build', 'path', 'kill-root', 'shutdown'].map(ms).join(' | ')} |`,
    '',
  ];
}

function failures(result: ScaleResult): string[] {
  const lines: string[] = [];
  for (const c of result.cases) {
    const where = `${c.case.shape}, ${c.case.op}, ${count(c.case.n)}`;
    if (c.error !== undefined) lines.push(`- ${where}: ${c.error.split('\n')[0]}`);
    for (const [step, e] of Object.entries(c.stepErrors ?? {})) {
      const runs = e.runs.map((r) => (r < 0 ? `warm-up ${r + 1 + WARM_UP_RUNS}` : `run ${r + 1}`)).join(', ');
      lines.push(`- ${where}, step ${step}, in ${runs}: ${e.error}`);
    }
  }
  return lines.length === 0 ? [] : ['¹ Failed:', '', ...lines, ''];
}

/** "3 measured runs per process", or the runs at each size when they differ. */
function runsNote(result: ScaleResult): string {
  const runs = new Map<number, number>();
  for (const c of result.cases) if (c.case.shape !== 'chain') runs.set(c.case.n, c.case.runs);
  const distinct = new Set(runs.values());
  if (distinct.size <= 1) return `${[...distinct][0] ?? 0} measured runs per process`;
  return `measured runs per process: ${[...runs].map(([n, r]) => `${r} at ${count(n)}`).join(', ')}`;
}

export function renderScaleSection(result: ScaleResult): string {
  const m = result.machine;
  const out = [
    SECTION_BEGIN,
    '',
    '## Scale: tree operations',
    '',
    'Whether spawning, stopping and shutting down cost the same per actor at 10,000 actors as at 1,000,000',
    '(they should: O(1) per actor). Idle actors in two shapes: **flat**, top-level actors spawned with',
    '`system.spawn`, and **one parent**, the children of one actor that spawns them all with `ctx.spawn` in',
    'one handler. Each (shape, size, operation) runs in a fresh `node --expose-gc` process on the compiled',
    'bench (`bench/.build`, no TypeScript compiler in the process):',
    `${WARM_UP_RUNS} warm-up runs on at most ${count(WARM_UP)} actors (with one, the runs at 10,000 still sped up as the JIT`,
    'went on), then the measured runs, each on a new `ActorSystem`: spawn N actors (timed until every',
    '`started` hook has run), a full gc, then the operation (timed until it resolves, then verified: every',
    'actor stopped, none left in the tree). Figures are µs of wall time per actor, medians with min–max in',
    'small print; spawn pools the runs of the four processes of its shape and size. At 10,000 actors a step',
    'takes only milliseconds, and its figure moves more from run to run.',
    '',
    `Each timed step has ${result.limitS} s: a process that takes longer is killed and its step shown as "over ${result.limitS} s",`,
    'with the number of actors it had done by then. The ratios divide the cost per actor at one size by',
    `that at the size before; the target is ≤ ${RATIO_TARGET}× (over the limit: a lower bound, shown when it already`,
    'misses the target).',
    '',
    `Run: \`npm run -w bench bench:scale\` from the repository root (it builds the packages first; options after \`--\`:`,
    '`--sizes=10000,100000` for a quick run, `--runs=3`, `--limit=120` seconds, `--chain=10000`, `--shapes=`,',
    `\`--ops=\`; see \`bench/src/scale/main.ts\`), ${result.date}, ${runsNote(result)}${result.elapsedS === undefined ? '' : `, ${Math.round(result.elapsedS)} s in all`}.`,
    '',
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB; ${m.platform}; Node ${m.node}; 1-minute load average`,
    `${m.loadStart.toFixed(2)} at the start and ${(m.loadEnd ?? m.loadStart).toFixed(2)} at the end.`,
    `Versions: @troupe/core ${m.versions['@troupe/core']}, built from ${result.commit}.`,
    '',
    ...table(result),
    '',
    ...spawnAndShutdown(result),
    '- spawn: `system.spawn(Idle)` N times, or one `send` to the parent, whose handler calls `ctx.spawn(Idle)` N times.',
    '  Every actor stays alive, so spawn also measures V8\'s gc: 10,000 idle actors fit in the young generation,',
    '  100,000 do not, and scavenges copy and promote them (with `node --max-semi-space-size=256`, a spawn of',
    '  100,000 under one parent cost about what 10,000 did). Its 100,000 ÷ 10,000 ratio is the gc\'s as much as the core\'s.',
    '- stop one by one: `await addr.stop()` for each actor (for one parent: each child, by its address), in',
    '  spawn order or in a random order (seeded, the same in every process).',
    '- kill one by one: `await addr.kill()` for each, in a random order.',
    `- shutdown: \`await system.shutdown()\` (its timeout raised to ${result.limitS} s, so nothing is killed at the deadline).`,
    '',
    ...chainTable(result),
    ...failures(result),
    SECTION_END,
  ];
  return out.join('\n');
}
