// What crosses between the accounts node and the teller node. Every class that crosses the wire
// (messages, replies that are classes, errors) has a @Wire name, loaded by both processes.
import { Message, Wire } from '@troupe/core';

@Wire('bank.Balance')
export class Balance {
  constructor(
    readonly account: string,
    readonly amount: number,
  ) {}

  toString(): string {
    return `${this.account}: ${this.amount}`;
  }
}

@Wire('bank.InsufficientFunds')
export class InsufficientFunds extends Error {
  constructor(
    readonly account: string,
    readonly balance: number,
    readonly requested: number,
  ) {
    super(`account ${account} holds ${balance}, cannot pay ${requested}`);
    this.name = 'InsufficientFunds';
  }
}

@Wire('bank.Open')
export class Open extends Message<Balance> {
  constructor(
    readonly account: string,
    readonly initial: number,
  ) {
    super();
  }
}

@Wire('bank.Deposit')
export class Deposit extends Message<Balance> {
  constructor(
    readonly account: string,
    readonly amount: number,
  ) {
    super();
  }
}

/** Moves money between two accounts in one step (the bank actor handles one message at a time). */
@Wire('bank.Transfer')
export class Transfer extends Message<void> {
  constructor(
    readonly from: string,
    readonly to: string,
    readonly amount: number,
  ) {
    super();
  }
}

@Wire('bank.GetBalance')
export class GetBalance extends Message<Balance> {
  constructor(readonly account: string) {
    super();
  }
}

/** A command: the teller writes its audit trail into the bank's log (a `tell`: it waits only for the remote mailbox). */
@Wire('bank.Audit')
export class Audit extends Message<void> {
  constructor(readonly line: string) {
    super();
  }
}

@Wire('bank.AuditLog')
export class AuditLog extends Message<string[]> {}
