import { Actor, Context, Handler, Message } from '@troupe/core';

/** A command: add one. No reply value. */
export class Increment extends Message<void> {}

/** A query: replies with the current count. */
export class GetCount extends Message<number> {}

/** A command with a payload and a typed reply: the new count. */
export class Add extends Message<number> {
  constructor(readonly amount: number) {
    super();
  }
}

@Actor({ mailbox: 100 })
export class Counter {
  private value: number;

  constructor(start = 0) {
    this.value = start;
  }

  @Handler() increment(_: Increment): void {
    this.value += 1;
  }

  @Handler() add(m: Add): number {
    this.value += m.amount;
    return this.value;
  }

  @Handler() get(_: GetCount): number {
    return this.value;
  }

  started(ctx: Context<Counter>): void {
    ctx.system.logger.info?.(`${ctx.path} started at ${this.value}`);
  }
}
