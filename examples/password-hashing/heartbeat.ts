import { Actor, Handler, Message, type Context } from '@troupe/core';

/** What the heartbeat saw: how many ticks, and the worst delay of a tick past its due time. */
export interface Pulse {
  readonly ticks: number;
  readonly worstLagMs: number;
}
export class GetPulse extends Message<Pulse> {}

/**
 * A plain actor on the main thread that ticks every `periodMs` and notes how late each tick is.
 * If anything holds the event loop (a CPU-bound handler), its ticks come late.
 */
@Actor()
export class Heartbeat {
  private last = 0;
  private ticks = 0;
  private worstLagMs = 0;

  constructor(private readonly periodMs: number) {}

  started(ctx: Context<Heartbeat>): void {
    this.last = performance.now();
    ctx.runInterval(this.periodMs, () => this.tick());
  }

  private tick(): void {
    const now = performance.now();
    this.worstLagMs = Math.max(this.worstLagMs, now - this.last - this.periodMs);
    this.last = now;
    this.ticks++;
  }

  @Handler(GetPulse) pulse(_: GetPulse): Pulse {
    return { ticks: this.ticks, worstLagMs: this.worstLagMs };
  }
}
