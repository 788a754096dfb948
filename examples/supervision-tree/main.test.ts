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
  // rest-for-one: a crash of the writer restarts parser and reader too, one of the parser the reader.
  // (A stage already restarting when its upstream fails restarts once, so allow for coalescing.)
  const stage = (name: string) => report.restarts.get(`/user/service/pipeline/${name}`) ?? 0;
  expect(stage('reader')).toBeGreaterThan(0);
  expect(stage('reader')).toBeLessThanOrEqual(report.faultsInjected);
  expect(stage('reader')).toBeGreaterThanOrEqual(stage('parser'));
  expect(stage('parser')).toBeGreaterThanOrEqual(stage('writer'));
  expect(lines).toContain('jobs: 300 accepted, 300 written, 0 written twice, 0 missing');
});
