// The teller node: finds the bank by name and works with it through an ordinary typed Addr.
import 'reflect-metadata';
import { Actor, ActorSystem, Handler, Terminated, type ActorRef, type Context } from '@troupe/core';
import { NodeDownError, Remote } from '@troupe/remote';
import type { Bank } from './bank';
import { Audit, AuditLog, Balance, Deposit, GetBalance, InsufficientFunds, Open, Transfer } from './messages';

export interface TellerReport {
  readonly transfers: number;
  readonly refused: number;
  readonly total: number;
  readonly expectedTotal: number;
  readonly audited: number;
  /** Why the bank's address ended, once the accounts node stopped (`it left the cluster`). */
  readonly bankLost: string;
}

/** Watches the bank: gets `Terminated` (with a `NodeDownError` cause if its node is lost). */
@Actor()
class Watchdog {
  constructor(
    private readonly bank: ActorRef,
    private readonly onLoss: (t: Terminated) => void,
  ) {}
  started(ctx: Context<Watchdog>): void {
    ctx.watch(this.bank);
  }
  @Handler(Terminated) lost(t: Terminated): void {
    this.onLoss(t);
  }
}

const ACCOUNTS = ['alice', 'bob', 'carol', 'dave'];

/**
 * Opens accounts, runs 400 transfers from 20 concurrent clients, checks that money is conserved,
 * then tells `worked()` and waits until the bank is lost (the launcher stops the accounts node).
 */
export async function teller(log: (line: string) => void, worked: () => void): Promise<TellerReport> {
  const system = new ActorSystem({ name: 'teller' });
  const node = await Remote.start(system, { servers: process.env.NATS_URL, cluster: 'bank', node: 'teller', heartbeatMs: 250 });
  const bank = await node.waitFor<Bank>('bank', { timeoutMs: 10_000 });
  log(`teller: found "bank" at ${bank.path}`);
  const lost = new Promise<string>((resolve) => {
    system.spawn(Watchdog, {
      args: [bank, (t) => resolve(t.cause instanceof NodeDownError ? `its node is down: ${t.cause.reason}` : 'it stopped')],
    });
  });

  for (const account of ACCOUNTS) {
    const opened: Balance = await bank.send(new Open(account, 100), { timeoutMs: 2000 });
    log(`teller: opened ${opened}`);
  }
  // 400 transfers from 20 concurrent clients: the bank's mailbox (32) pushes back across the wire.
  let transfers = 0;
  let refused = 0;
  const client = async (id: number): Promise<void> => {
    for (let i = 0; i < 20; i++) {
      const from = ACCOUNTS[(id + i) % ACCOUNTS.length];
      const to = ACCOUNTS[(id + i + 1) % ACCOUNTS.length];
      const amount = ((id * 7 + i * 13) % 60) + 1;
      try {
        await bank.send(new Transfer(from, to, amount), { timeoutMs: 5000 });
        transfers++;
        await bank.tell(new Audit(`${from} -> ${to}: ${amount}`));
      } catch (error) {
        if (!(error instanceof InsufficientFunds)) throw error; // the bank's own error class, rebuilt here
        refused++;
      }
    }
  };
  await Promise.all(Array.from({ length: 20 }, (_, id) => client(id)));
  const overdraft = await bank.send(new Transfer('alice', 'bob', 1_000_000)).catch((e: unknown) => e);
  if (overdraft instanceof InsufficientFunds) log(`teller: refused as expected: ${overdraft.message}`);
  await bank.send(new Deposit('dave', 5));

  const balances = await Promise.all(ACCOUNTS.map((a) => bank.send(new GetBalance(a))));
  const total = balances.reduce((sum, b) => sum + b.amount, 0);
  const audited = (await bank.send(new AuditLog())).length;
  log(`teller: ${transfers} transfers done, ${refused} refused for lack of funds; audit trail of ${audited} lines`);
  log(`teller: balances ${balances.join(', ')}; total ${total} (expected ${ACCOUNTS.length * 100 + 5})`);
  log(`teller: cluster members ${node.members().map((m) => m.node).join(', ')}`);
  worked();
  const bankLost = await lost;
  log(`teller: the bank is gone (${bankLost})`);
  await node.stop();
  await system.shutdown();
  return { transfers, refused, total, expectedTotal: ACCOUNTS.length * 100 + 5, audited, bankLost };
}

if (require.main === module) {
  teller(
    (line) => console.log(line),
    () => process.send?.('worked'),
  ).then(
    (report) => {
      process.send?.({ report });
      process.exitCode = report.total === report.expectedTotal ? 0 : 1;
    },
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
