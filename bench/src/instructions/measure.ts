/**
 * Instructions per operation of a (scenario, library) pair, counted by valgrind's callgrind: the
 * difference between a run at two sizes, divided by the difference in operations, so that
 * starting node, loading the code and compiling it cancel out (both runs follow the same warm-up
 * run, at the smaller size). Unlike time, the count does not
 * move when other processes share the machine, so a change of a few percent shows; it is not
 * time (a cache miss costs more than an add), which `npm run bench` measures.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseCallgrind } from './callgrind';
import { PerfMap } from './perf-map';
import { perOperation, profileOf, type Profile } from './profile';

/** One run under valgrind: the operations it did, every instruction, and them by code. */
interface Counted {
  readonly ops: number;
  readonly total: number;
  readonly profile: Profile;
}

export interface PairInstructions {
  readonly scenario: string;
  readonly lib: string;
  /** Instructions per operation, all code. */
  readonly perOp: number;
  /** Instructions per operation by code. */
  readonly byCode: Profile;
}

function counted(worker: string, scenario: string, lib: string, warmUp: number, scale: number): Promise<Counted> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'troupe-callgrind-'));
  const out = path.join(dir, 'callgrind.out');
  const args = ['--tool=callgrind', '--dump-instr=yes', '--smc-check=all', `--callgrind-out-file=${out}`];
  args.push(process.execPath, '--single-threaded', '--perf-basic-prof', '--expose-gc', worker, scenario, lib, String(warmUp), String(scale));
  return new Promise((resolve, reject) => {
    // In the temporary directory: V8 also writes its log (isolate-*.log) where it runs.
    execFile('valgrind', args, { cwd: dir, maxBuffer: 1 << 26 }, (error, stdout, stderr) => {
      try {
        if (error !== null) throw new Error(`${scenario}/${lib} at scale ${scale}: ${error.message}\n${stderr.slice(-2000)}`);
        const { ops, pid } = JSON.parse(stdout.trim().split('\n').pop() ?? '') as { ops: number; pid: number };
        const mapFile = `/tmp/perf-${pid}.map`;
        const costs = parseCallgrind(readFileSync(out, 'utf8'));
        const profile = profileOf(costs, new PerfMap(readFileSync(mapFile, 'utf8')));
        rmSync(mapFile, { force: true });
        resolve({ ops, total: costs.total, profile });
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}

/** Counts a pair at `small` and `large` scale (both runs at once: valgrind runs one thread each). */
export async function instructionsOf(worker: string, scenario: string, lib: string, small: number, large: number): Promise<PairInstructions> {
  const [a, b] = await Promise.all([counted(worker, scenario, lib, small, small), counted(worker, scenario, lib, small, large)]);
  const ops = b.ops - a.ops;
  if (ops <= 0) throw new Error(`${scenario}/${lib}: scale ${large} did no more operations than scale ${small}`);
  return { scenario, lib, perOp: (b.total - a.total) / ops, byCode: perOperation(a.profile, b.profile, ops) };
}

/** Whether valgrind is installed (Debian: `apt-get install -y valgrind`). */
export function hasValgrind(): Promise<boolean> {
  return new Promise((resolve) => execFile('valgrind', ['--version'], (error) => resolve(error === null)));
}
