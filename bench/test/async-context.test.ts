/**
 * The async-context measurement (bench:async-context) at a tiny size, in process: every mode runs
 * its requests and checks their replies. Timings are never asserted.
 */
import { MODES, nsPerRequest } from '../src/async-context/measure';

describe('async context cost at a tiny size', () => {
  for (const mode of MODES) {
    it(mode, async () => {
      expect(await nsPerRequest(mode, 2000)).toBeGreaterThan(0);
    });
  }
});
