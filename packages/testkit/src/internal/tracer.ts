import type { ActorCell, Runnable } from '@troupe/core/internal';
import type { TraceEntry } from '../trace';
import { peekMailbox } from './actors';
import { describeMessage } from './describe';
import type { RunObserver } from './kit-scheduler';

/**
 * Records a schedule as it runs: before each actor run it reads the mailbox (without taking
 * anything), after it counts what the run took, so that the trace lists each delivered message
 * where it was handled. Messages an actor sends itself and handles in the same run are counted,
 * not listed (they were never in the mailbox at a run's start).
 */
export class Tracer implements RunObserver {
  readonly entries: TraceEntry[] = [];
  private queued: unknown[] = [];
  private handledBefore = 0;
  private starting = false;

  constructor(
    private readonly now: () => number,
    private readonly step: () => number,
  ) {}

  beforeRun(runnable: Runnable): void {
    const cell = runnable as ActorCell;
    this.handledBefore = cell.handled;
    this.starting = cell.phase === 'starting' && !cell.blocking;
    this.queued = cell.queued > 0 ? peekMailbox(cell) : [];
  }

  afterRun(runnable: Runnable): void {
    const cell = runnable as ActorCell;
    const step = this.step();
    const at = this.now();
    const actor = cell.path;
    if (this.starting) this.entries.push({ kind: 'start', step, at, actor });
    const taken = cell.handled - this.handledBefore;
    const listed = Math.min(taken, this.queued.length);
    for (let i = 0; i < listed; i++) this.entries.push({ kind: 'deliver', step, at, actor, message: describeMessage(this.queued[i]) });
    if (taken > listed) this.entries.push({ kind: 'more', step, at, actor, count: taken - listed });
    this.queued = [];
  }

  yielded(): void {
    if (this.entries[this.entries.length - 1]?.kind === 'resume') return;
    this.entries.push({ kind: 'resume', step: this.step() });
  }

  /** A timer fired; one that led to nothing before the next is replaced by it (keep-alive timers). */
  timerFired(at: number): void {
    const entries = this.entries;
    if (entries[entries.length - 1]?.kind === 'timer') entries.pop();
    entries.push({ kind: 'timer', at });
  }
}
