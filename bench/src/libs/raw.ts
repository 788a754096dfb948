/** The raw actors of the scenarios: a `RawActor` subclass per behaviour, as small as it gets. */
import { RawActor } from '../raw';
import { latch } from '../latch';

export const INC = 0;
export const GET = 1;

/** A counter message: `new CounterMsg(INC)` or `new CounterMsg(GET)`. */
export class CounterMsg {
  constructor(readonly kind: number) {}
}

/** Counts increments; every message replies with the count. */
export class RawCounter extends RawActor<CounterMsg, number> {
  private n = 0;

  protected handle(m: CounterMsg): number {
    if (m.kind === INC) this.n++;
    return this.n;
  }
}

/** A counter that also hits the shared latch on each increment. */
export class RawWorker extends RawActor<CounterMsg, number> {
  private n = 0;

  protected handle(m: CounterMsg): number {
    if (m.kind === INC) {
      this.n++;
      latch.hit();
    }
    return this.n;
  }
}

export class EchoMsg {
  constructor(readonly value: number) {}
}

export class RawEcho extends RawActor<EchoMsg, number> {
  protected handle(m: EchoMsg): number {
    return m.value;
  }
}

export class BallMsg {
  constructor(readonly n: number) {}
}

/** One side of ping-pong: returns the ball to its peer until `limit`. */
export class RawPlayer extends RawActor<BallMsg, void> {
  peer: RawPlayer | undefined = undefined;

  constructor(private readonly limit: number) {
    super();
  }

  protected handle(m: BallMsg): void {
    latch.hit();
    if (m.n < this.limit) this.peer!.doSend(new BallMsg(m.n + 1));
  }
}
