/**
 * Runs one scale case in a fresh `node --expose-gc` process (the compiled worker.js) under a time
 * limit per step: the limit restarts at every line the worker prints, and a worker silent for
 * longer is killed, its step reported as over the limit. A pathological core cannot hang the run.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Case, CaseResult, WorkerLine } from './types';

/** Heap for the worker: a million idle actors and their addresses need well over the default. */
const HEAP_MB = 8192;

/** Adds a worker's line to the case's result; `current` is the step that began last. */
export function record(result: CaseResult, line: WorkerLine, current: string): void {
  if ('step' in line && line.run >= 0) (result.ms[line.step] ??= []).push(line.ms);
  else if ('failed' in line) ((result.stepErrors ??= {})[line.failed] ??= { error: line.error, runs: [] }).runs.push(line.run);
  else if ('error' in line) result.error = `${line.error} (in ${current})`;
}

/** Runs case `c` in a new process of the compiled `worker`; resolves with what it measured, never rejects. */
export function runCaseInProcess(worker: string, c: Case, limitMs: number, cwd: string): Promise<CaseResult> {
  const result: CaseResult = { case: c, ms: {} };
  const args = ['--expose-gc', `--max-old-space-size=${HEAP_MB}`, worker, c.shape, c.op, String(c.n), String(c.runs), String(limitMs)];
  const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let current = 'start';
  let stderr = '';
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      result.over = current;
      if (done !== undefined) result.overDone = done;
      child.kill('SIGKILL');
    }, limitMs);
  };
  arm();
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  let done: number | undefined;
  createInterface({ input: child.stdout }).on('line', (text) => {
    let line: WorkerLine;
    try {
      line = JSON.parse(text) as WorkerLine;
    } catch {
      return; // not ours (a library writing to stdout)
    }
    if ('progress' in line) return void (done = line.progress);
    arm();
    if ('begin' in line) [current, done] = [line.begin, undefined];
    record(result, line, current);
  });
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (result.over === undefined && result.error === undefined && code !== 0) {
        const last = stderr.trim().split('\n').slice(-3).join(' ').slice(0, 300);
        result.error = `exit ${code ?? signal} in ${current}: ${last}`;
      }
      resolve(result);
    });
  });
}
