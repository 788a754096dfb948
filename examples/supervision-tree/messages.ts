import { Message } from '@troupe/core';

/** A job a client submits: accepted once `tell` resolves. */
export class Submit extends Message<void> {
  constructor(
    readonly id: number,
    readonly text: string,
  ) {
    super();
  }
}

/** Reader → parser. */
export class Parse extends Message<void> {
  constructor(
    readonly id: number,
    readonly text: string,
  ) {
    super();
  }
}

/** A parsed job. */
export interface ParsedJob {
  readonly id: number;
  readonly words: readonly string[];
}

/** Parser → writer. */
export class Write extends Message<void> {
  constructor(readonly job: ParsedJob) {
    super();
  }
}

/** Writer → pool: store a job through one of the connections; replies once stored. */
export class Store extends Message<void> {
  constructor(readonly job: ParsedJob) {
    super();
  }
}

/** Pool → connection. */
export class Put extends Message<void> {
  constructor(readonly job: ParsedJob) {
    super();
  }
}

/** Injected by `main`: the stage that gets it crashes. */
export class Fault extends Message<void> {}

/** A connection dropped a write before writing anything: safe to retry elsewhere. */
export class ConnectionReset extends Error {
  override readonly name = 'ConnectionReset';
}

/** What an injected `Fault` throws. */
export class InjectedFault extends Error {
  override readonly name = 'InjectedFault';
}
