import * as path from 'node:path';
import { main } from './main';

// Under jest the worker threads do not get jest's TypeScript transform: give them ts-node, as the
// examples' own runner does (`node -r ./examples/register.js`).
const execArgv = ['-r', path.resolve(__dirname, '../register.js')];

test('200 passwords are hashed on 2 threads while a heartbeat on the main thread keeps ticking on time', async () => {
  const lines: string[] = [];
  const report = await main({ jobs: 200, cost: 2 ** 12, threads: 2, execArgv, log: (line) => lines.push(line) });
  expect(report.hashed).toBe(200);
  expect(report.verified).toBe(true);
  expect(report.rejected).toBe(true);
  expect(report.ticks).toBeGreaterThan(0);
  // Each hash holds a core for milliseconds; on the main thread they would add up to the whole run.
  // The bound is loose for a busy shared machine; bench/src/threads.ts measures the real figure.
  expect(report.worstLagMs).toBeLessThan(report.elapsedMs / 2);
  expect(lines[1]).toMatch(/heartbeat on the main thread ticked \d+ times every 10 ms; worst lag \d+\.\d ms/);
}, 120_000);
