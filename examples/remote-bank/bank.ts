import 'reflect-metadata';
import { Actor, Handler } from '@troupe/core';
import { Audit, AuditLog, Balance, Deposit, GetBalance, InsufficientFunds, Open, Transfer } from './messages';

/**
 * The accounts of the bank, owned by one actor on the accounts node. Its mailbox is small, so
 * tellers feel backpressure across the wire. A refusal is an answer, not a reason to restart (which
 * would lose the accounts): the actor resumes, and the caller of `send` gets the error.
 */
@Actor({
  mailbox: 32,
  onFailure: (error) => (error instanceof InsufficientFunds || error instanceof RangeError ? 'resume' : 'restart'),
  reportFailures: 'unseen',
})
export class Bank {
  private readonly accounts = new Map<string, number>();
  private readonly audit: string[] = [];

  @Handler(Open) open(m: Open): Balance {
    if (this.accounts.has(m.account)) throw new RangeError(`account ${m.account} exists already`);
    this.accounts.set(m.account, m.initial);
    return new Balance(m.account, m.initial);
  }

  @Handler(Deposit) deposit(m: Deposit): Balance {
    const amount = this.balanceOf(m.account) + m.amount;
    this.accounts.set(m.account, amount);
    return new Balance(m.account, amount);
  }

  @Handler(Transfer) transfer(m: Transfer): void {
    const from = this.balanceOf(m.from);
    if (from < m.amount) throw new InsufficientFunds(m.from, from, m.amount);
    this.accounts.set(m.from, from - m.amount);
    this.accounts.set(m.to, this.balanceOf(m.to) + m.amount);
  }

  @Handler(GetBalance) balance(m: GetBalance): Balance {
    return new Balance(m.account, this.balanceOf(m.account));
  }

  @Handler(Audit) record(m: Audit): void {
    this.audit.push(m.line);
  }

  @Handler(AuditLog) log(): string[] {
    return this.audit;
  }

  private balanceOf(account: string): number {
    const amount = this.accounts.get(account);
    if (amount === undefined) throw new RangeError(`no account ${account}`);
    return amount;
  }
}
