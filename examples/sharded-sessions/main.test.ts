import { main } from './main';

test('sessions over two nodes, one killed mid-run: every user is served again on the survivor; only the dead node’s carts are lost', async () => {
  const lines: string[] = [];
  const report = await main((line) => lines.push(line));
  expect(report.users).toBe(200);
  expect(report.perNode.east + report.perNode.west).toBe(200);
  expect(report.perNode.east).toBeGreaterThan(60);
  expect(report.perNode.west).toBeGreaterThan(60);
  expect(report.after).toEqual({ east: 200 });
  expect(report.kept).toBe(report.perNode.east); // east's sessions lived on
  expect(report.lost).toBe(report.perNode.west); // west's went with it
  expect(report.recoveredInMs).toBeLessThan(10_000);
  expect(lines).toContainEqual(expect.stringMatching(/^east: took over shards [\d, ]+ from west, whose sessions start again here$/));
}, 60_000);
