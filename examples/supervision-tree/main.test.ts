import { main } from './main';

test('the supervision tree example processes every accepted job exactly once despite injected faults', async () => {
  const lines: string[] = [];
  const report = await main((line) => lines.push(line));

  expect(report.accepted).toBe(300);
  expect(report.written).toBe(300);
  expect(report.duplicates).toBe(0);
  expect(report.missing).toBe(0);
  expect(report.gaveUp).toEqual([]);
  expect(report.deadLetters).toBe(0);
  // Faults really happened: stages and connections were restarted.
  expect(report.faultsInjected).toBeGreaterThan(0);
  const restarted = [...report.restarts.keys()];
  expect(restarted.some((p) => p.startsWith('/user/service/pool/conn'))).toBe(true);
  expect(restarted.some((p) => p.startsWith('/user/service/pipeline/'))).toBe(true);
  // rest-for-one: the reader, started last, is restarted whichever stage crashes.
  expect(report.restarts.get('/user/service/pipeline/reader')).toBeGreaterThan(0);
  expect(lines).toContain('jobs: 300 accepted, 300 written, 0 written twice, 0 missing');
});
