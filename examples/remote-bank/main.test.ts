import { main } from './main';

test('two processes, one bank: transfers across the wire conserve money, errors keep their class, the loss of the accounts node is seen', async () => {
  const lines: string[] = [];
  const report = await main((line) => lines.push(line));
  expect(report.total).toBe(report.expectedTotal);
  expect(report.transfers + report.refused).toBe(400);
  expect(report.audited).toBe(report.transfers);
  expect(report.bankLost).toBe('its node is down: it left the cluster');
  expect(lines).toContainEqual(expect.stringMatching(/teller: found "bank" at troupe:\/\/bank@accounts\/user\/bank/));
  expect(lines).toContainEqual(expect.stringMatching(/teller: refused as expected: account alice holds \d+, cannot pay 1000000/));
  expect(lines).toContainEqual('teller: cluster members teller, accounts');
}, 60_000);
