/**
 * Runs one (scenario, library) pair in this process: one warm-up run, then the measured runs.
 * Prints one JSON line, `{ runs: Measurement[] }` or `{ error }`, for `run.ts`.
 *
 *   node --expose-gc -r ../examples/register.js src/worker.ts <scenario> <lib> [scale] [runs]
 */
import { collect, lastCpuMs, type Measurement } from './measure';
import { scenarioNamed, type Lib } from './scenarios';

export interface WorkerOutput {
  readonly runs?: Measurement[];
  readonly error?: string;
}

async function main(): Promise<void> {
  const [name, lib, scaleArg = '1', runsArg = '5'] = process.argv.slice(2);
  const run = scenarioNamed(name).run[lib as Lib];
  if (run === undefined) throw new Error(`${lib} does not run scenario ${name}`);
  const scale = Number(scaleArg);
  const measured = Number(runsArg);
  const runs: Measurement[] = [];
  for (let i = 0; i <= measured; i++) {
    collect();
    const m = await run(scale);
    if (i > 0) runs.push({ ...m, cpuMs: lastCpuMs() });
  }
  print({ runs });
}

function print(output: WorkerOutput): void {
  process.stdout.write(`${JSON.stringify(output)}\n`, () => process.exit(output.error === undefined ? 0 : 1));
}

main().catch((error: unknown) => print({ error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) }));
