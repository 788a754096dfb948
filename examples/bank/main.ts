import 'reflect-metadata';
import { ActorSystem } from '@troupe/core';
import { Account, Deposit, GetBalance, InsufficientFunds, Withdraw } from './account';

export interface BankReport {
  readonly finalBalance: number;
  readonly expectedBalance: number;
  readonly accepted: number;
  readonly refused: number;
}

/**
 * Twenty concurrent clients hammer one account (mailbox 16, so they wait on backpressure):
 * two of three operations are withdrawals, which fail with `InsufficientFunds` when they would overdraw.
 * Each client keeps its own ledger of what succeeded; the final balance must equal the sum.
 */
export async function main(log: (line: string) => void = console.log): Promise<BankReport> {
  const system = new ActorSystem({ name: 'bank-example' });
  const account = system.spawn(Account, { args: ['acc-1', 100], name: 'acc-1' });

  let expected = 100;
  let accepted = 0;
  let refused = 0;
  const client = async (id: number): Promise<void> => {
    for (let i = 0; i < 50; i++) {
      const amount = ((id * 31 + i * 17) % 90) + 10;
      if ((id + i) % 3 !== 0) {
        try {
          const after = await account.send(new Withdraw(amount));
          expected -= amount;
          accepted++;
          if (after.amount < 0) throw new Error('overdrawn!');
        } catch (error) {
          if (!(error instanceof InsufficientFunds)) throw error;
          refused++;
        }
      } else {
        await account.send(new Deposit(amount));
        expected += amount;
        accepted++;
      }
    }
  };
  await Promise.all(Array.from({ length: 20 }, (_, id) => client(id)));

  try {
    await account.send(new Withdraw(10_000_000));
  } catch (error) {
    log(`refused as expected: ${(error as Error).message}`);
  }
  const { amount } = await account.send(new GetBalance());
  log(`operations accepted: ${accepted}, withdrawals refused: ${refused}`);
  log(`final balance ${amount}, expected ${expected}: ${amount === expected ? 'OK' : 'MISMATCH'}`);
  await system.shutdown();
  return { finalBalance: amount, expectedBalance: expected, accepted, refused: refused };
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
