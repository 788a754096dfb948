import type { ActorCell } from '@troupe/core/internal';
import type { ChildRecord } from './child-record';

/** One restart that a failure (or a normal stop, or a kill) of a child sets off. */
export interface GroupRestart {
  /** The child that failed, stopped or was killed. */
  readonly failed: ChildRecord;
  /** The children to restart, in start order, `failed` among them. */
  readonly members: readonly ChildRecord[];
  readonly cause: unknown;
  /** The backoff delay between stopping the old instances and starting the new ones. */
  readonly delayMs: number;
  /** `failed` was killed: a new actor takes its place, before this sibling (or last). */
  readonly respawn: { readonly before: ActorCell | undefined } | undefined;
}

/** What a group restart needs of its supervisor's strategy. */
export interface GroupHost {
  /** False once the supervisor gives up, restarts or stops: a restart under way ends where it is. */
  mayGoOn(): boolean;
  /** Waits on the supervisor's clock; false if the supervisor stopped meanwhile. */
  sleep(ms: number): Promise<boolean>;
  /** Starts a new actor for a killed child at its place; returns it, or undefined if it could not start. */
  respawn(record: ChildRecord, before: ActorCell | undefined, cause: unknown): ActorCell | undefined;
}

/**
 * Runs one restart of a group the OTP way (supervisor.erl's `restart_multiple_children`): the old
 * instances are stopped first, the failed child's at once and the others' last started first, each
 * within its `shutdownMs` (a sibling's handler in flight is waited for that long, then cut loose);
 * a temporary sibling is stopped for good; then, after the backoff delay, every member starts again
 * in start order, each once the one before it has started. No new instance runs beside an old one.
 *
 * While a member waits to be stopped its own failures are this restart's business (the strategy
 * ignores them); once it is started again they count as new failures.
 */
export async function restartGroup(host: GroupHost, plan: GroupRestart): Promise<void> {
  const { failed, members, cause } = plan;
  let started = 0; // members past which `groups` has been counted down
  try {
    if (plan.respawn === undefined && failed.cell.isAlive) await failed.cell.halt(cause, false);
    for (let i = members.length - 1; i >= 0; i--) {
      const member = members[i];
      if (member === failed || member.final || !member.cell.isAlive || !host.mayGoOn()) continue;
      if (member.restart === 'temporary') {
        member.final = true;
        member.cell.stopFinal = true;
        await member.cell.requestStop();
      } else {
        await member.cell.halt(cause, true);
      }
    }
    if (!host.mayGoOn() || (plan.delayMs > 0 && !(await host.sleep(plan.delayMs)))) return;
    for (; started < members.length; started++) {
      const member = members[started];
      member.groups--;
      if (member.final || !host.mayGoOn()) continue;
      if (member === failed && plan.respawn !== undefined) {
        const cell = host.respawn(member, plan.respawn.before, cause);
        if (cell !== undefined) await cell.whenStarted();
      } else if (member.cell.isAlive) {
        await member.cell.revive(cause);
      }
    }
  } finally {
    for (; started < members.length; started++) members[started].groups--;
  }
}
