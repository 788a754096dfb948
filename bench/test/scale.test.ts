/**
 * The scale benchmark at tiny sizes, in process: every case runs and verifies its result, the
 * report section renders, the main report keeps it, and the runner's time limit stops a worker
 * that hangs. Timings are never asserted.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { machine } from '../src/machine';
import { runCase } from '../src/scale/run-case';
import { record, runCaseInProcess } from '../src/scale/runner';
import { renderScaleSection } from '../src/scale/report';
import { sectionOf, withSection } from '../src/scale/section';
import { CHAIN_ENDS, OPERATIONS, SHAPES, type Case, type CaseResult, type ScaleResult } from '../src/scale/types';

const SIZES = [200, 2000];
const CHAIN = 200;
const LIMIT_MS = 10_000;

async function runInProcess(c: Case): Promise<CaseResult> {
  const result: CaseResult = { case: c, ms: {} };
  let current = 'start';
  await runCase(c, (line) => {
    if ('begin' in line) current = line.begin;
    record(result, line, current);
  }, LIMIT_MS);
  return result;
}

function resultOf(cases: CaseResult[]): ScaleResult {
  return { date: '2026-01-01', sizes: SIZES, chainDepth: CHAIN, limitS: LIMIT_MS / 1000, machine: machine(), commit: 'commit test', cases };
}

describe('scale benchmark at tiny sizes', () => {
  const cases: CaseResult[] = [];

  beforeAll(async () => {
    for (const n of SIZES) for (const shape of SHAPES) for (const op of OPERATIONS) cases.push(await runInProcess({ shape, op, n, runs: 1 }));
    for (const op of CHAIN_ENDS) cases.push(await runInProcess({ shape: 'chain', op, n: CHAIN, runs: 1 }));
  }, 120_000); // a few seconds alone; much longer on a machine that others share

  it('every case spawns, runs its operation and verifies that every actor stopped', () => {
    for (const c of cases) {
      expect(c.error).toBeUndefined();
      expect(c.stepErrors).toBeUndefined();
      const steps = c.case.shape === 'chain' ? ['build', 'path', c.case.op] : ['spawn', c.case.op];
      for (const step of steps) expect(c.ms[step]).toHaveLength(1);
    }
  });

  it('renders a section with a row per operation and shape, the ratios and the deep chain', () => {
    const section = renderScaleSection(resultOf(cases));
    expect(sectionOf(section)).toBe(section);
    expect(section).toContain('| operation | shape | 200 actors | 2,000 actors | 2,000 ÷ 200 |');
    expect(section.split('\n').filter((l) => /^\| (spawn|stop|kill|`system)/.test(l))).toHaveLength(10);
    expect(section).toContain('Spawn + shutdown of 2,000 actors');
    expect(section).toContain('### Deep chain');
  });

  it('shows a step that ran past the limit as over it, with a lower bound on the ratio', () => {
    const slow = cases.map((c) =>
      c.case.shape === 'parent' && c.case.op === 'kill-random' && c.case.n === 2000 ? { case: c.case, ms: { spawn: c.ms.spawn }, over: 'kill-random' } : c,
    );
    const row = renderScaleSection(resultOf(slow)).split('\n').find((l) => l.startsWith('| kill one by one, random order | one parent'));
    expect(row).toMatch(/over 10 s \| \*\*> [\d.]+× over\*\* \|$/);
  });
});

describe('the scale section in docs/benchmarks.md', () => {
  const section = '<!-- scale:begin x -->\nnew\n<!-- scale:end -->';

  it('is appended to a report without one and replaces an older one', () => {
    const appended = withSection('# Benchmarks\n\nmain report\n', section);
    expect(appended).toBe(`# Benchmarks\n\nmain report\n\n${section}\n`);
    const replaced = withSection(appended.replace('new', 'old'), section);
    expect(replaced).toBe(appended);
  });

  it('survives a rewrite of the main report (npm run bench)', () => {
    const old = `# Benchmarks\n\nold table\n\n${section}\n`;
    expect(withSection('# Benchmarks\n\nnew table\n', sectionOf(old))).toBe(`# Benchmarks\n\nnew table\n\n${section}\n`);
  });
});

describe('the runner', () => {
  it('kills a worker that stays in one step past the limit and reports that step as over, and how far it got', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'scale-'));
    const worker = path.join(dir, 'hang.js');
    const lines = [{ begin: 'stop-random', run: 0 }, { progress: 16384, run: 0 }].map((l) => `console.log('${JSON.stringify(l)}');`);
    writeFileSync(worker, `${lines.join('\n')}\nsetInterval(() => {}, 100);`);
    const result = await runCaseInProcess(worker, { shape: 'flat', op: 'stop-random', n: 100_000, runs: 1 }, 300, dir);
    expect(result.over).toBe('stop-random');
    expect(result.overDone).toBe(16384);
    expect(result.error).toBeUndefined();
  });
});
