/**
 * Every scenario, for every library that runs it, at 1% of its size, in process: the benchmark
 * code keeps compiling and keeps producing verified results (each run checks its counts and
 * replies and throws on a wrong one). Not a measurement.
 */
import { SCENARIOS, LIBS } from '../src/scenarios';
import { verifyEqual, VerificationError } from '../src/measure';

const SCALE = 0.01;

describe('benchmark scenarios at 1% scale', () => {
  for (const scenario of SCENARIOS) {
    for (const lib of LIBS) {
      const run = scenario.run[lib];
      if (run === undefined) continue;
      it(`${scenario.name} / ${lib}`, async () => {
        const m = await run(SCALE);
        expect(m.ops).toBeGreaterThan(0);
        expect(m.ms).toBeGreaterThan(0);
      });
    }
  }

  it('every library either runs each scenario or says why not', () => {
    for (const scenario of SCENARIOS) {
      if (scenario.pending !== undefined) continue;
      for (const lib of LIBS) {
        expect(scenario.run[lib] !== undefined || scenario.unsupported?.[lib] !== undefined).toBe(true);
      }
    }
  });
});

describe('verification', () => {
  it('fails a run whose result is wrong', () => {
    expect(() => verifyEqual(999_999, 1_000_000, 'count')).toThrow(VerificationError);
  });
});
