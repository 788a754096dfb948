import { RESTART_TYPE, type ActorCell } from '@troupe/core/internal';
import type { RestartType } from '../options';
import type { Backoff, ResolvedChild } from './config';

/** Key of a child's record in its cell's tags. */
const RECORD = Symbol('troupe:supervisor:child');

/**
 * What a supervisor keeps about one child: how to start it again, and its restart history for
 * backoff. One record outlives the child's restarts (the cell stays the same across them).
 */
export class ChildRecord {
  /** Stopped for good on purpose (a `stop` decision, temporary, giving up, `Supervisor.stopChild`): never restarted. */
  final = false;
  /** Its first start has finished (or failed, or it stopped): the supervisor's start need not wait for it. */
  settled = false;
  /** Restarts since the backoff was last reset: the exponent of the next delay. */
  private attempt = 0;
  /** When the current instance began running (after any restart delay). */
  private runningSince: number;
  /** A restart has been ordered and the new instance has not started yet (delay or start running). */
  restartPending = false;
  /** Times a new actor had to be started for this child (see `ChildList.respawn`). */
  respawns = 0;
  /** Group restarts under way that will still stop and start it: its failures meanwhile are theirs. */
  groups = 0;

  private constructor(
    public cell: ActorCell,
    readonly spec: ResolvedChild,
    now: number,
  ) {
    this.runningSince = now;
    cell.setTag(RECORD, this);
  }

  /** A record for a child the supervisor started from a spec. */
  static started(cell: ActorCell, spec: ResolvedChild, now: number): ChildRecord {
    return new ChildRecord(cell, spec, now);
  }

  /** A record for a child spawned with `ctx.spawn` (a dynamic child), rebuilt from its cell. */
  static adopt(cell: ActorCell, now: number): ChildRecord {
    const spec: ResolvedChild = {
      actor: cell.definition.actorClass,
      name: cell.name,
      restart: cell.tag<RestartType>(RESTART_TYPE) ?? 'permanent',
      shutdownMs: cell.shutdownMs,
      args: cell.args,
      mailbox: cell.capacity,
      property: undefined,
    };
    const record = new ChildRecord(cell, spec, now);
    record.settled = true;
    return record;
  }

  static of(cell: ActorCell): ChildRecord | undefined {
    return cell.tag<ChildRecord>(RECORD);
  }

  get restart(): RestartType {
    return this.spec.restart;
  }

  /** The cell now stands for this child (after a respawn). */
  replaceCell(cell: ActorCell, now: number): void {
    this.cell = cell;
    this.runningSince = now;
    this.settled = true;
    cell.setTag(RECORD, this);
  }

  /**
   * The delay before this child's next restart (0 without backoff), counted as one more restart:
   * `minMs × factor^n` capped at `maxMs`, plus jitter; `n` starts over after `resetAfterMs` of
   * running without failure.
   */
  nextDelay(backoff: Backoff | undefined, now: number): number {
    if (backoff === undefined) return 0;
    if (now - this.runningSince >= backoff.resetAfterMs) this.attempt = 0;
    const base = Math.min(backoff.maxMs, backoff.minMs * backoff.factor ** this.attempt);
    this.attempt++;
    return backoff.jitter === 0 ? base : base * (1 + backoff.jitter * Math.random());
  }

  /** A restart was ordered now, to happen after `delayMs`. */
  restarting(now: number, delayMs: number): void {
    this.restartPending = true;
    this.runningSince = now + delayMs;
  }
}
