import { Actor, Handler, Message } from '@troupe/core';

/** The balance after an operation. */
export interface Balance {
  readonly account: string;
  readonly amount: number;
}

export class Deposit extends Message<Balance> {
  constructor(readonly amount: number) {
    super();
  }
}

export class Withdraw extends Message<Balance> {
  constructor(readonly amount: number) {
    super();
  }
}

export class GetBalance extends Message<Balance> {}

/** A domain error: it reaches the caller of `send`, and the account keeps its state. */
export class InsufficientFunds extends Error {
  constructor(
    readonly account: string,
    readonly balance: number,
    readonly requested: number,
  ) {
    super(`account ${account}: cannot withdraw ${requested}, balance is ${balance}`);
    this.name = 'InsufficientFunds';
  }
}

/**
 * A bank account. Deposits and withdrawals are messages with typed replies; an overdraft is
 * refused with a domain error. `onFailure: resume` keeps the balance when a handler throws such
 * an error (the default would restart the actor with a fresh balance), and any other error too:
 * a real service would restart on unexpected errors and resume on domain ones.
 */
@Actor({
  mailbox: 16,
  onFailure: (error) => (error instanceof InsufficientFunds || error instanceof RangeError ? 'resume' : 'restart'),
  // Refusals reach the caller of `send` as part of the protocol: report only failures no caller sees.
  reportFailures: 'unseen',
})
export class Account {
  private balance: number;

  constructor(
    private readonly id: string,
    opening = 0,
  ) {
    this.balance = opening;
  }

  @Handler() deposit(m: Deposit): Balance {
    this.check(m.amount);
    this.balance += m.amount;
    return this.snapshot();
  }

  @Handler() withdraw(m: Withdraw): Balance {
    this.check(m.amount);
    if (m.amount > this.balance) throw new InsufficientFunds(this.id, this.balance, m.amount);
    this.balance -= m.amount;
    return this.snapshot();
  }

  @Handler() get(_: GetBalance): Balance {
    return this.snapshot();
  }

  private check(amount: number): void {
    if (!Number.isInteger(amount) || amount <= 0) throw new RangeError(`amount must be a positive integer (cents), got ${amount}`);
  }

  private snapshot(): Balance {
    return { account: this.id, amount: this.balance };
  }
}
