import type { SchedulePolicy } from './kit-scheduler';
import { below, type Random } from './random';

/**
 * Any ready actor may run next, each as likely as the others, and after each run the promise
 * continuations run first half of the time (Coyote's random strategy, over actor runs).
 */
export class RandomPolicy implements SchedulePolicy {
  constructor(private readonly random: Random) {}

  pick(ready: number): number {
    return ready === 1 ? 0 : below(this.random, ready);
  }

  yieldAfterRun(): boolean {
    return this.random() < 0.5;
  }
}

/**
 * The runtime's own order (first come, first run; continuations once no actor is ready) except at
 * no more than `preemptions` decision points, chosen at random among the first `horizon`: there
 * another ready actor runs instead, or continuations run early. Bugs that need few such
 * deviations from the usual order (most do) are found in few schedules (bounded preemption, as in
 * CHESS and Coyote's PCT).
 */
export class PreemptionPolicy implements SchedulePolicy {
  private readonly points: Set<number>;
  private decisions = 0;

  constructor(
    private readonly random: Random,
    preemptions: number,
    horizon: number,
  ) {
    this.points = new Set();
    for (let i = 0; i < preemptions; i++) this.points.add(below(random, horizon));
  }

  /** Decision points met so far. */
  get decisionsMade(): number {
    return this.decisions;
  }

  pick(ready: number): number {
    if (ready === 1 || !this.points.has(this.decisions++)) return 0;
    return 1 + below(this.random, ready - 1);
  }

  yieldAfterRun(): boolean {
    return this.points.has(this.decisions++);
  }
}
