import { Actor, Context, Handler, Message, type Addr } from '@troupe/core';

/** A beat from the heart to its watchdog. */
export class Beat extends Message<void> {
  constructor(
    readonly generation: number,
    readonly at: number,
  ) {
    super();
  }
}

/** Makes the heart's handler hang forever: a stuck actor, as a bug or a lost I/O callback would. */
export class Hang extends Message<void> {}

/** How the watchdog saw things so far. */
export interface WatchdogReport {
  readonly beats: number;
  readonly restarts: number;
  readonly generations: number[];
}
export class GetReport extends Message<WatchdogReport> {}
export class HangHeart extends Message<void> {}

let generations = 0;

/** Beats every `periodMs` with `runInterval`; each new instance (after a restart) is a new generation. */
@Actor()
export class Heart {
  private readonly generation = ++generations;

  constructor(
    private readonly watchdog: Addr<Watchdog>,
    private readonly periodMs: number,
  ) {}

  started(ctx: Context<Heart>): void {
    ctx.runInterval(this.periodMs, () => this.watchdog.doSend(new Beat(this.generation, Date.now())));
  }

  @Handler() hang(_: Hang): Promise<void> {
    return new Promise<void>(() => undefined); // never settles: the heart stops handling anything
  }
}

/**
 * Spawns the heart as its child and checks every `periodMs` that a beat came within
 * `toleranceMs`; when beats stop, it restarts the heart (same address, fresh instance).
 */
@Actor()
export class Watchdog {
  private heart?: Addr<Heart>;
  private lastBeat = Date.now();
  private beats = 0;
  private restarts = 0;
  private readonly seen: number[] = [];

  constructor(
    private readonly periodMs: number,
    private readonly toleranceMs: number,
  ) {}

  started(ctx: Context<Watchdog>): void {
    this.heart = ctx.spawn(Heart, { args: [ctx.self, this.periodMs], name: 'heart' });
    ctx.runInterval(this.periodMs, () => {
      if (Date.now() - this.lastBeat <= this.toleranceMs) return;
      this.restarts++;
      this.lastBeat = Date.now();
      ctx.restartChild(this.heart!, new Error(`no beat for ${this.toleranceMs} ms`));
    });
  }

  @Handler() beat(m: Beat): void {
    this.beats++;
    this.lastBeat = m.at;
    if (!this.seen.includes(m.generation)) this.seen.push(m.generation);
  }

  @Handler() hangHeart(_: HangHeart): void {
    this.heart!.doSend(new Hang());
  }

  @Handler() report(_: GetReport): WatchdogReport {
    return { beats: this.beats, restarts: this.restarts, generations: [...this.seen] };
  }
}
