import { setImmediate as realSetImmediate } from 'node:timers';
import { main } from './main';

afterEach(() => jest.useRealTimers());

test('the watchdog restarts a heart that stopped beating, and the new instance beats again (fake timers)', async () => {
  jest.useFakeTimers();
  const lines: string[] = [];
  let done = false;
  const run = main((l) => lines.push(l)).finally(() => (done = true));
  while (!done) {
    jest.advanceTimersByTime(50);
    for (let i = 0; i < 5; i++) await new Promise((r) => realSetImmediate(r));
  }
  const report = await run;
  expect(report.restarts).toBe(1);
  expect(report.generations).toHaveLength(2);
  expect(report.beats).toBeGreaterThanOrEqual(18); // ~9 before the hang, ~10 after the restart
  expect(lines).toContainEqual(expect.stringMatching(/^restarted \/user\/watchdog\/heart \(attempt 1\): no beat for 300 ms$/));
});
