/**
 * The overhead of `explore` (@troupe/testkit): schedules per second for a 3-actor scenario, written
 * into its own section of `docs/benchmarks.md` (measure.ts says what is timed). From the
 * repository root: `npm run -w bench bench:explore` (builds the packages first). Options, after `--`:
 *   --schedules=2000   schedules per timed batch       --runs=5   timed batches per figure
 *   --out=path         write the section into that report (default ../docs/benchmarks.md); --out= prints it
 */
import * as path from 'node:path';
import { machine } from '../machine';
import { measureExplore } from './measure';
import { renderExploreSection, writeExploreSection } from './section';
import { option } from '../options';
import { commitOf } from '../commit';

const REPO = path.resolve(__dirname, '../../..');



async function main(): Promise<void> {
  const schedules = Number(option('schedules', '2000'));
  const runs = Number(option('runs', '5'));
  const out = option('out', path.join(REPO, 'docs', 'benchmarks.md'));
  const at = machine();
  const result = await measureExplore(schedules, runs);
  for (const row of result.rows) {
    const figure = (n: number): string => Math.round(n).toLocaleString('en-US').padStart(8);
    console.log(`${row.label.padEnd(72)} ${figure(row.perCpuSecond.median)}/CPU s ${figure(row.perSecond.median)}/s`);
  }
  const section = renderExploreSection(result, at, new Date().toISOString().slice(0, 10), `built from ${commitOf(['packages/core', 'packages/testkit'])}`);
  if (out === '') return void console.log(section);
  writeExploreSection(out, section);
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
