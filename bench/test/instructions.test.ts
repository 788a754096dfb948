/**
 * The instruction counter: its readers of callgrind's output and V8's perf map on small texts in
 * their formats, its arithmetic, and its section of the report. Where valgrind is installed, one
 * pair also runs end to end at a tiny size (CI has no valgrind; the counts are never asserted
 * beyond being counts).
 */
import { execFileSync } from 'node:child_process';
import { parseCallgrind } from '../src/instructions/callgrind';
import { PerfMap } from '../src/instructions/perf-map';
import { codeName, largest, perOperation, profileOf } from '../src/instructions/profile';
import { instructionsSection, renderInstructionsSection } from '../src/instructions/section';
import { instructionsOf } from '../src/instructions/measure';
import { buildBench } from '../src/build';
import { machine } from '../src/machine';
import { scaleSection } from '../src/scale/section';

const CALLGRIND = [
  'version: 1',
  'positions: instr line',
  'events: Ir',
  'fl=(1) /usr/bin/node',
  'fn=(1) v8::internal::Scavenger::ScavengePage',
  '0x1000 0 5',
  '+4 0 3',
  'cfn=(2) memcpy',
  'calls=1 0x2000 0',
  '+2 0 100', // the callee's inclusive cost, counted where it ran
  '* 0 1',
  'fn=(2)',
  '0x2000 0 7',
  'fn=(3) main',
  '0x3000 0 11',
  '-0x10 0 0',
  'summary: 27',
  'totals: 27',
].join('\n');

describe('parseCallgrind', () => {
  it('counts self cost per address, skips inclusive call costs and names the functions', () => {
    const costs = parseCallgrind(CALLGRIND);
    expect([...costs.byAddress]).toEqual([
      [0x1000, 5],
      [0x1004, 3],
      [0x1006, 1],
      [0x2000, 7],
      [0x3000, 11],
      [0x3000 - 0x10, 0],
    ]);
    expect(costs.functionAt.get(0x1004)).toBe('v8::internal::Scavenger::ScavengePage');
    expect(costs.functionAt.get(0x2000)).toBe('memcpy'); // `fn=(2)` refers to the name `cfn=(2)` gave
    expect(costs.total).toBe(27);
    expect([...costs.byAddress.values()].reduce((a, b) => a + b, 0)).toBe(costs.total);
  });
});

describe('PerfMap', () => {
  const map = new PerfMap(['100 10 JS:~drain /repo/packages/core/dist/internal/cell/cell.js:158:10', '200 8 Builtin:RecordWriteSaveFP', '100 10 JS:*drain /repo/packages/core/dist/internal/cell/cell.js:158:10', 'not a line'].join('\n'));

  it('finds the code at an address, the later of two pieces at one place', () => {
    expect(map.nameAt(0x100)).toBe('JS:*drain /repo/packages/core/dist/internal/cell/cell.js:158:10');
    expect(map.nameAt(0x10f)).toBe('JS:*drain /repo/packages/core/dist/internal/cell/cell.js:158:10');
    expect(map.nameAt(0x204)).toBe('Builtin:RecordWriteSaveFP');
  });

  it('knows nothing outside the code V8 made', () => {
    expect(map.nameAt(0x110)).toBeUndefined();
    expect(map.nameAt(0x50)).toBeUndefined();
    expect(map.nameAt(0x208)).toBeUndefined();
  });
});

describe('profiles', () => {
  it('names code as the report shows it, every tier of a function together', () => {
    expect(codeName('JS:*drain /repo/packages/core/dist/internal/cell/cell.js:158:10', '?')).toBe('`drain` packages/core/dist/internal/cell/cell.js:158');
    expect(codeName('JS:~drain /repo/packages/core/dist/internal/cell/cell.js:158:10', '?')).toBe('`drain` packages/core/dist/internal/cell/cell.js:158');
    expect(codeName('JS:* /repo/bench/.build/src/scenarios/tell.js:60:44', '?')).toBe('`(anonymous)` bench/scenarios/tell.js:60');
    expect(codeName('Builtin:FastNewObject', '?')).toBe('builtin FastNewObject');
    expect(codeName('BytecodeHandler:Star0', '?')).toBe('interpreter');
    expect(codeName(undefined, 'v8::internal::Scavenger::ScavengePage')).toBe('C++: garbage collector');
    expect(codeName(undefined, 'memcpy')).toBe('C++: V8 runtime, Node, libc');
  });

  it('divides what the larger run did beyond the smaller by the operations it did beyond', () => {
    const map = new PerfMap('3000 10 Builtin:Main');
    const small = profileOf(parseCallgrind(CALLGRIND), map);
    const large = profileOf(parseCallgrind(CALLGRIND.replace('0x3000 0 11', '0x3000 0 211')), map);
    const per = perOperation(small, large, 100);
    expect(per.get('builtin Main')).toBe(2);
    expect(per.get('C++: garbage collector')).toBe(0);
    const { top, other } = largest(new Map([['a', 1], ['b', 5], ['c', 2]]), 2);
    expect(top).toEqual([['b', 5], ['c', 2]]);
    expect(other).toBe(1);
  });
});

describe('the instructions section', () => {
  const pair = (lib: string, perOp: number) => ({ scenario: 'tell-burst', lib, perOp, byCode: new Map([['`drain` x.js:1', perOp / 2]]) });
  const section = renderInstructionsSection({ pairs: [pair('raw', 400), pair('troupe', 800)], small: 0.1, large: 0.3, machine: machine(), date: '2026-01-01', commit: 'commit test' });

  it('puts Troupe beside raw and says where their instructions go', () => {
    expect(instructionsSection.of(section)).toBe(section);
    expect(section).toContain('| `tell-burst` | 400 | 800 | 0.50× |');
    expect(section).toContain('- `tell-burst`, troupe: 400 `drain` x.js:1; 0 everything else');
  });

  it('is kept apart from the other sections of the report', () => {
    const scale = '<!-- scale:begin (x) -->\nscale figures\n<!-- scale:end -->';
    const report = instructionsSection.within(`# Benchmarks\n\n${scale}\n`, section);
    expect(scaleSection.of(report)).toBe(scale);
    expect(instructionsSection.of(scaleSection.within(report, scale.replace('scale figures', 'new')))).toBe(section);
  });
});

const valgrind = ((): boolean => {
  try {
    execFileSync('valgrind', ['--version']);
    return true;
  } catch {
    return false;
  }
})();

(valgrind ? describe : describe.skip)('counting a pair under valgrind', () => {
  it('counts instructions per operation of tell-burst at a tiny size', async () => {
    const worker = buildBench()('instructions/worker.ts');
    const pair = await instructionsOf(worker, 'tell-burst', 'raw', 0.005, 0.015);
    expect(pair.perOp).toBeGreaterThan(50);
    expect([...pair.byCode.keys()].some((name) => name.includes('bench/raw.js'))).toBe(true);
  }, 120_000);
});
