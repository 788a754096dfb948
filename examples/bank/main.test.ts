import 'reflect-metadata';
import { ActorSystem, silentLogger } from '@troupe/core';
import { Account, Deposit, GetBalance, InsufficientFunds, Withdraw } from './account';
import { main } from './main';

test('concurrent clients under backpressure: the final balance equals every accepted operation', async () => {
  const out: string[] = [];
  const report = await main((l) => out.push(l));
  expect(report.finalBalance).toBe(report.expectedBalance);
  expect(report.accepted + report.refused).toBe(1000);
  expect(report.refused).toBeGreaterThan(0);
  expect(out).toContainEqual(expect.stringMatching(/refused as expected: account acc-1: cannot withdraw 10000000/));
});

test('an overdraft reaches the caller as the domain error and the account keeps its balance', async () => {
  const system = new ActorSystem({ logger: silentLogger });
  const account = system.spawn(Account, { args: ['x', 50] });
  const error = await account.send(new Withdraw(80)).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(InsufficientFunds);
  expect(error).toMatchObject({ balance: 50, requested: 80 });
  expect((await account.send(new Deposit(25))).amount).toBe(75);
  expect((await account.send(new GetBalance())).amount).toBe(75);
  await expect(account.send(new Deposit(-3))).rejects.toThrow(RangeError);
  expect((await account.send(new GetBalance())).amount).toBe(75);
  await system.shutdown();
});
