/**
 * Runs one (scenario, library) pair under valgrind for `measure.ts`: a warm-up run at `warmUp`
 * scale, then one run at `scale`. Prints `{ ops, pid }`: the run's operations, and the pid that
 * names V8's perf map.
 *
 *   node --single-threaded --perf-basic-prof --expose-gc worker.js <scenario> <lib> <warmUp> <scale>
 */
import { scenarioNamed, type Lib } from '../scenarios';

async function main(): Promise<void> {
  const [name, lib, warmUp, scaleArg] = process.argv.slice(2);
  const run = scenarioNamed(name).run[lib as Lib];
  if (run === undefined) throw new Error(`${lib} does not run scenario ${name}`);
  const scale = Number(scaleArg);
  await run(Number(warmUp));
  // Both runs of a pair start from the same heap, so that their difference is the larger run's work.
  (globalThis as { gc?: () => void }).gc?.();
  const { ops } = await run(scale);
  process.stdout.write(`${JSON.stringify({ ops, pid: process.pid })}\n`, () => process.exit(0));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
