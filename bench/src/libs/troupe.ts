/** The Troupe actors of the scenarios: plain classes with typed message classes. */
import { Actor, Handler, Message, type Addr } from '@troupe/core';
import { latch } from '../latch';

export class Inc extends Message<void> {}
export class Get extends Message<number> {}

export class Echo extends Message<number> {
  constructor(readonly value: number) {
    super();
  }
}

export class Ball extends Message<void> {
  constructor(readonly n: number) {
    super();
  }
}

export class Meet extends Message<void> {
  constructor(readonly peer: Addr<Player>) {
    super();
  }
}

/** Counts `Inc`s; `Get` replies with the count. */
@Actor()
export class Counter {
  private n = 0;

  @Handler()
  inc(_: Inc): void {
    this.n++;
  }

  @Handler()
  get(_: Get): number {
    return this.n;
  }
}

/** A counter that also hits the shared latch, so the scenario knows when all is handled. */
@Actor()
export class Worker {
  private n = 0;

  @Handler()
  inc(_: Inc): void {
    this.n++;
    latch.hit();
  }

  @Handler()
  get(_: Get): number {
    return this.n;
  }
}

/** Replies with the number it was sent. */
@Actor()
export class Echoer {
  @Handler()
  echo(m: Echo): number {
    return m.value;
  }
}

/** Replies with the number it was sent, from an `async` handler (a promise, as any handler that awaits). */
@Actor()
export class AsyncEchoer {
  @Handler()
  async echo(m: Echo): Promise<number> {
    return m.value;
  }
}

/** One side of ping-pong: returns the ball to its peer until `limit`. */
@Actor()
export class Player {
  private peer: Addr<Player> | undefined = undefined;

  constructor(private readonly limit: number) {}

  @Handler()
  meet(m: Meet): void {
    this.peer = m.peer;
  }

  @Handler()
  ball(m: Ball): void {
    latch.hit();
    if (m.n < this.limit) this.peer!.doSend(new Ball(m.n + 1));
  }
}

export class Fail extends Message<void> {}

/** Throws on every `Fail`; every instance it is built hits the latch, so restarts can be counted. */
@Actor()
export class Fragile {
  constructor() {
    latch.hit();
  }

  @Handler()
  fail(_: Fail): void {
    throw FAILURE;
  }
}

/** One error object for every failure: the scenario measures restarts, not stack traces. */
export const FAILURE = new Error('bench: planned failure');
