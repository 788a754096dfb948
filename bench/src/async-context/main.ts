/**
 * Prints what async context costs per request on this Node (measure.ts): each mode in its own
 * process (promise hooks, once on, slow every promise after them), a warm-up and three runs,
 * the median. From the repository root: `npm run -w bench bench:async-context`
 * (`-- --requests=1000000`).
 */
import { execFileSync } from 'node:child_process';
import { median } from '../stats';
import { option } from '../options';
import { MODES, nsPerRequest, type Mode } from './measure';

async function one(mode: Mode, requests: number): Promise<void> {
  const runs: number[] = [];
  for (let i = 0; i <= 3; i++) {
    const ns = await nsPerRequest(mode, requests);
    if (i > 0) runs.push(ns);
  }
  console.log(JSON.stringify({ mode, ns: median(runs) }));
}

function main(): void {
  const requests = Number(option('requests', '1000000'));
  const only = option('mode', '');
  if (only !== '') return void one(only as Mode, requests);
  const results = MODES.map((mode) => {
    const out = execFileSync(process.execPath, [...process.execArgv, __filename, `--mode=${mode}`, `--requests=${requests}`], { encoding: 'utf8' });
    return JSON.parse(out.trim().split('\n').pop() ?? '') as { mode: Mode; ns: number };
  });
  const base = results[0].ns;
  console.log(`Node ${process.version}, ${requests.toLocaleString('en-US')} sequential requests to an async handler, median of 3 runs:`);
  for (const r of results) console.log(`${r.mode.padEnd(36)} ${r.ns.toFixed(0).padStart(6)} ns per request  ${r === results[0] ? '' : `+${(((r.ns - base) / base) * 100).toFixed(0)}%`}`);
}

main();
