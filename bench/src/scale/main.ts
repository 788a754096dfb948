/**
 * The scale benchmark of @troupe/core's tree operations: spawn, stop one by one, kill one by one
 * and shutdown of many idle actors, flat and under one parent, plus a deep chain. Each case runs
 * in a fresh process (runner.ts); the section it writes into `docs/benchmarks.md` is report.ts.
 * From the repository root: `npm run -w bench bench:scale` (builds the packages first).
 * Options, after `--`:
 *   --sizes=10000,100000,1000000   actors per case        --runs=3     measured runs per case
 *   --big-runs=3   measured runs at 1,000,000 actors and more (a slow core makes these long)
 *   --limit=120    seconds per timed step before the process is killed ("over 120 s")
 *   --chain=10000  depth of the deep chain (0: none)
 *   --shapes=flat,parent   --ops=stop-in-order,stop-random,kill-random,shutdown   a subset
 *   --out=path     write the section into that report (default ../docs/benchmarks.md); --out= prints it
 *   --from=path    render from a saved run (each run saves bench/.build/last-scale-run.json)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { BUILD, buildBench } from '../build';
import { machine } from '../machine';
import { renderScaleSection } from './report';
import { runCaseInProcess } from './runner';
import { writeSection } from './section';
import { CHAIN_ENDS, OPERATIONS, SHAPES, type Case, type CaseResult, type ScaleResult } from './types';
import { option } from '../options';
import { commitOf } from '../commit';

const BENCH = path.resolve(__dirname, '../..');
const REPO = path.resolve(BENCH, '..');


function list(name: string, fallback: readonly string[]): string[] {
  return option(name, fallback.join(',')).split(',').filter((s) => s !== '');
}


/** The cases in the order they run: by size, shape and operation, then the chain. */
function plan(sizes: number[], shapes: string[], ops: string[], runs: number, bigRuns: number, chain: number): Case[] {
  const cases: Case[] = [];
  for (const n of sizes) {
    for (const shape of SHAPES.filter((s) => shapes.includes(s))) {
      for (const op of OPERATIONS.filter((o) => ops.includes(o))) cases.push({ shape, op, n, runs: n >= 1_000_000 ? bigRuns : runs });
    }
  }
  if (chain > 0) for (const op of CHAIN_ENDS) cases.push({ shape: 'chain', op, n: chain, runs });
  return cases;
}

function describe(c: CaseResult): string {
  const steps = Object.entries(c.ms).map(([step, ms]) => `${step} ${(ms.reduce((a, b) => a + b, 0) / ms.length).toFixed(0)} ms`);
  const tail = c.over !== undefined ? ` OVER the limit in ${c.over}` : c.error !== undefined ? ` FAILED ${c.error}` : '';
  return `${c.case.shape.padEnd(6)} ${c.case.op.padEnd(13)} ${String(c.case.n).padStart(8)}  ${steps.join(', ')}${tail}`;
}

async function main(): Promise<void> {
  const out = option('out', path.resolve(REPO, 'docs/benchmarks.md'));
  const from = option('from', '');
  if (from !== '') return write(JSON.parse(readFileSync(from, 'utf8')) as ScaleResult, out);
  const sizes = list('sizes', ['10000', '100000', '1000000']).map(Number);
  const runs = Number(option('runs', '3'));
  const limitS = Number(option('limit', '120'));
  const chainDepth = Number(option('chain', '10000'));
  const cases = plan(sizes, list('shapes', SHAPES), list('ops', OPERATIONS), runs, Number(option('big-runs', String(runs))), chainDepth);
  const started = Date.now();
  const worker = buildBench()('scale/worker.ts');
  const result: ScaleResult = { date: new Date().toISOString().slice(0, 10), sizes, chainDepth, limitS, machine: machine(), commit: commitOf(['packages/core']), cases: [] };
  for (const c of cases) {
    const t = Date.now();
    const done = await runCaseInProcess(worker, c, limitS * 1000, BENCH);
    result.cases.push(done);
    console.log(`${describe(done)}  (${((Date.now() - t) / 1000).toFixed(1)} s)`);
  }
  result.machine.loadEnd = machine().loadStart;
  result.elapsedS = (Date.now() - started) / 1000;
  writeFileSync(path.join(BUILD, 'last-scale-run.json'), JSON.stringify(result));
  write(result, out);
  console.log(`ran in ${result.elapsedS.toFixed(0)} s`);
}

function write(result: ScaleResult, out: string): void {
  const section = renderScaleSection(result);
  if (out === '') return console.log(section);
  writeSection(out, section);
}

void main();
