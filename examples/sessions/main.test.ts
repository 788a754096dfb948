import 'reflect-metadata';
import { main } from './main';

test('each user’s messages stay on one session actor, in order; a joining actor takes about 1/n of the users', async () => {
  const out: string[] = [];
  const report = await main((line) => out.push(line));
  expect(report.inOrderOnOneHost).toBe(report.users);
  expect(Object.values(report.usersPerHost).reduce((a, b) => a + b, 0)).toBe(report.users);
  expect(Object.keys(report.usersPerHost)).toHaveLength(4);
  expect(report.movedOnJoin).toBeGreaterThan(0);
  expect(report.movedOnJoin).toBeLessThan((2 * report.users) / 5);
  expect(report.movedTo).toEqual(['/user/host-4']);
  expect(out[0]).toBe('100 users x 20 actions over 4 session actors: 100 users in order on one actor');
});
