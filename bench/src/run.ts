/**
 * The benchmark suite: each (scenario, library) pair in a fresh `node --expose-gc` process (one
 * warm-up and five measured runs) running the benchmark code compiled to JavaScript in
 * bench/.build, then `docs/benchmarks.md`. From the repository root:
 * `npm run bench` (builds first). Options, after `--`:
 *   --scale=0.1        run every scenario at 10% of its size (quick look; say so if you publish it)
 *   --runs=5           measured runs per pair
 *   --rounds=1         processes per pair, the libraries of a scenario taking turns (more rounds
 *                      average out a machine that others share; the report pools their runs)
 *   --only=tell,spawn  these scenarios only       --libs=raw,troupe  these libraries only
 *   --out=path         write the report there (default ../docs/benchmarks.md); --out= prints only
 *   --from=path        render the report from a saved run (each run saves bench/.build/last-run.json)
 * The report's scale, explore, remote, sharding and instructions sections, written by `bench:scale`,
 * `bench:explore`, `bench:remote`, `bench:sharding` and `bench:instructions`, are kept.
 */
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { LIBS, SCENARIOS, type Lib, type Scenario } from './scenarios';
import { pairResult, type PairResult } from './stats';
import { renderReport, type SuiteResult } from './report';
import { machine } from './machine';
import { BUILD, buildBench } from './build';
import { scaleSection } from './scale/section';
import { exploreSection } from './explore/section';
import { remoteSection } from './remote/section';
import { shardingSection } from './sharding/section';
import { instructionsSection } from './instructions/section';
import type { WorkerOutput } from './worker';
import type { Measurement } from './measure';
import { option } from './options';

const BENCH = path.resolve(__dirname, '..');
/** The report's sections that their own scripts write, in the order they follow the main report. */
const KEPT_SECTIONS = [scaleSection, exploreSection, remoteSection, shardingSection, instructionsSection];
/** The compiled worker (see build.ts): plain JavaScript, no TypeScript compiler in the measured process. */
let worker = '';


/** Runs one pair in a fresh process; resolves with its measured runs. */
function runPair(scenario: string, lib: Lib, scale: number, runs: number): Promise<Measurement[]> {
  const args = ['--expose-gc', worker, scenario, lib, String(scale), String(runs)];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { cwd: BENCH, maxBuffer: 1 << 24 }, (error, stdout, stderr) => {
      const line = stdout.trim().split('\n').pop() ?? '';
      let output: WorkerOutput | undefined;
      try {
        output = JSON.parse(line) as WorkerOutput;
      } catch {
        output = undefined;
      }
      if (output?.runs !== undefined) return resolve(output.runs);
      reject(new Error(`${scenario}/${lib}: ${output?.error ?? error?.message ?? 'no output'}\n${stderr}`));
    });
  });
}

/**
 * Runs a pair; if its process fails (a wrong or lost result), notes the failure and runs it once
 * more in a fresh process, so that a rare failure shows in the report without emptying a cell.
 */
async function runPairRetrying(scenario: string, lib: Lib, scale: number, runs: number, failures: string[]): Promise<Measurement[]> {
  try {
    return await runPair(scenario, lib, scale, runs);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    failures.push(`${message.split('\n')[0]} (then run again in a fresh process)`);
    console.error(`FAILED, running again: ${message}`);
    return runPair(scenario, lib, scale, runs);
  }
}

async function main(): Promise<void> {
  const scale = Number(option('scale', '1'));
  const runs = Number(option('runs', '5'));
  const rounds = Number(option('rounds', '1'));
  const only = option('only', '');
  const libs = option('libs', LIBS.join(',')).split(',') as Lib[];
  const out = option('out', path.resolve(BENCH, '../docs/benchmarks.md'));
  const scenarios = only === '' ? SCENARIOS : SCENARIOS.filter((s) => only.split(',').includes(s.name));
  const from = option('from', '');
  if (from !== '') return write(JSON.parse(readFileSync(from, 'utf8')) as SuiteResult, scenarios, out);
  const started = Date.now();
  worker = buildBench()('worker.ts');
  const result: SuiteResult = { scale, runs, rounds, machine: machine(), results: {}, failures: [] };
  for (const scenario of scenarios) {
    const pairs: Partial<Record<Lib, PairResult>> = {};
    if (scenario.pending !== undefined) console.log(`${scenario.name.padEnd(26)} pending: ${scenario.pending}`);
    const measured: Partial<Record<Lib, Measurement[]>> = {};
    for (let round = 0; round < rounds; round++) {
      for (const lib of libs) {
        if (scenario.run[lib] === undefined) continue;
        const t = Date.now();
        try {
          const got = await runPairRetrying(scenario.name, lib, scale, runs, result.failures);
          (measured[lib] ??= []).push(...got);
          const rate = Math.round(pairResult(got).rate.median).toLocaleString('en-US');
          console.log(`${scenario.name.padEnd(26)} ${lib.padEnd(7)} ${rate.padStart(12)} ${scenario.op}/s  (${((Date.now() - t) / 1000).toFixed(1)} s)`);
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          result.failures.push(message);
          console.error(`FAILED ${message}`);
          process.exitCode = 1; // failed twice: a result is missing
        }
      }
    }
    for (const lib of libs) if (measured[lib] !== undefined) pairs[lib] = pairResult(measured[lib]!);
    result.results[scenario.name] = pairs;
  }
  result.machine.loadEnd = machine().loadStart;
  result.elapsedS = (Date.now() - started) / 1000;
  writeFileSync(path.join(BUILD, 'last-run.json'), JSON.stringify(result));
  write(result, scenarios, out);
  console.log(`ran in ${result.elapsedS.toFixed(0)} s`);
}

function write(result: SuiteResult, scenarios: readonly Scenario[], out: string): void {
  const report = renderReport(result, scenarios);
  if (out === '') console.log(report);
  else {
    // The sections written by their own scripts (bench:scale, bench:explore, bench:remote,
    // bench:sharding, bench:instructions): keep them.
    const old = existsSync(out) ? readFileSync(out, 'utf8') : '';
    writeFileSync(out, KEPT_SECTIONS.reduce((kept, section) => section.within(kept, section.of(old)), report));
    console.log(`wrote ${path.relative(process.cwd(), out)}`);
  }
}

void main();
