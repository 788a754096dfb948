/**
 * Instructions per operation of Troupe and raw on the hot-path scenarios, counted by valgrind
 * (measure.ts says how), written into their own section of `docs/benchmarks.md`. From the
 * repository root: `npm run -w bench bench:instructions` (builds the packages first; needs
 * valgrind: `apt-get install -y valgrind`). Options, after `--`:
 *   --only=tell-burst,ask-seq   these scenarios (default: the hot-path ones below)
 *   --libs=raw,troupe           these libraries            --scales=0.2,0.6   the two sizes
 *   --out=path                  write the section into that report (default ../docs/benchmarks.md); --out= prints it
 * A pair takes about a minute (valgrind runs node some 50 times slower); two run at once.
 */
import * as path from 'node:path';
import { buildBench } from '../build';
import { commitOf } from '../commit';
import { machine } from '../machine';
import { option } from '../options';
import { hasValgrind, instructionsOf, type PairInstructions } from './measure';
import { instructionsSection, renderInstructionsSection } from './section';

const REPO = path.resolve(__dirname, '../../..');
const HOT_PATH = ['tell-burst', 'await-tell', 'tell-backpressure', 'ask-seq', 'ask-par', 'ping-pong', 'fan-out'];

async function main(): Promise<void> {
  if (!(await hasValgrind())) {
    console.error('valgrind is not installed (Debian: apt-get install -y valgrind)');
    process.exit(1);
  }
  const scenarios = option('only', HOT_PATH.join(',')).split(',');
  const libs = option('libs', 'raw,troupe').split(',');
  const [small, large] = option('scales', '0.2,0.6').split(',').map(Number);
  const out = option('out', path.join(REPO, 'docs', 'benchmarks.md'));
  const worker = buildBench()('instructions/worker.ts');
  const pairs: PairInstructions[] = [];
  for (const scenario of scenarios) {
    for (const lib of libs) {
      const t = Date.now();
      const pair = await instructionsOf(worker, scenario, lib, small, large);
      pairs.push(pair);
      console.log(`${scenario.padEnd(20)} ${lib.padEnd(7)} ${Math.round(pair.perOp).toLocaleString('en-US').padStart(8)} instructions per operation (${((Date.now() - t) / 1000).toFixed(0)} s)`);
    }
  }
  const date = new Date().toISOString().slice(0, 10);
  const section = renderInstructionsSection({ pairs, small, large, machine: machine(), date, commit: commitOf(['packages/core']) });
  if (out === '') console.log(section);
  else instructionsSection.write(out, section);
}

void main();
