/**
 * The process of one scale case, started by main.ts as the compiled
 * `node --expose-gc bench/.build/src/scale/worker.js <shape> <op> <n> <runs> <limitMs>`.
 * Prints one JSON line per {@link WorkerLine}.
 */
import { describe, runCase } from './run-case';
import type { Case, WorkerLine } from './types';

function print(line: WorkerLine): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

async function main(): Promise<void> {
  const [shape, op, n, runs, limitMs] = process.argv.slice(2);
  const c = { shape, op, n: Number(n), runs: Number(runs) } as Case;
  await runCase(c, print, Number(limitMs));
}

main().then(
  () => process.stdout.write('', () => process.exit(0)),
  (error: unknown) => {
    print({ error: describe(error) });
    process.stdout.write('', () => process.exit(1));
  },
);
