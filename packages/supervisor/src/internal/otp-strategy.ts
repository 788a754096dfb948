import type { Directive } from '@troupe/core';
import { addrOf, allowRestart, ownDirective, systemOf, type ActorCell, type SupervisionStrategy } from '@troupe/core/internal';
import { RestartIntensityError } from '../errors';
import { ChildRecord } from './child-record';
import { ChildList } from './child-list';
import type { SupervisorConfig } from './config';
import { giveUp } from './give-up';
import { restartGroup, type GroupHost, type GroupRestart } from './group-restart';

const DIRECTIVES: readonly Directive[] = ['resume', 'restart', 'stop', 'escalate'];

/**
 * Erlang/OTP supervision for one supervisor cell: restart strategies, restart types, restart
 * intensity, backoff, `decide`. Core calls `handleFailure` with the failed child suspended,
 * `childStopping` when a child is about to stop normally, and `childTerminated` when a child has
 * stopped; the supervisor's extension calls `spawned`, `beforeStart` and `terminated` on the
 * supervisor's own lifecycle.
 *
 * One-for-one restarts the one child in place. One-for-all and rest-for-one restart their group
 * the OTP way, one group restart at a time (see group-restart.ts).
 *
 * One object serves the supervisor cell for its whole life. When the supervisor itself restarts,
 * core stops its children first (the OTP way: a new supervisor, new children); `beforeStart`
 * then starts the declared children again with a fresh restart history.
 */
export class OtpStrategy implements SupervisionStrategy, GroupHost {
  /** OTP starts every child before any handles a message. */
  readonly childrenStartTogether = true;
  readonly children: ChildList;
  /** Restart times within the intensity window (the whole supervisor's, as in OTP). */
  private readonly restartTimes: number[] = [];
  /** Core is stopping this supervisor's children (it is restarting or stopping): restart none. */
  private tearingDown = false;
  private givingUp = false;
  /** The supervisor instance whose children `children` holds. */
  private instance: object | undefined = undefined;
  /** Declared children whose start the supervisor's own start waits for. */
  private readonly starting = new Set<ChildRecord>();
  private startsDone: (() => void) | undefined = undefined;
  /** Group restarts run one after the other. */
  private groups: Promise<void> = Promise.resolve();
  /** Bumped by each new generation of children: a group restart of an older one ends. */
  private generation = 0;

  constructor(
    readonly cell: ActorCell,
    readonly config: SupervisorConfig,
  ) {
    this.children = new ChildList(cell);
  }

  /** The strategy of a supervisor cell, or undefined if the cell is not one of ours. */
  static of(cell: ActorCell): OtpStrategy | undefined {
    return cell.strategy instanceof OtpStrategy ? cell.strategy : undefined;
  }

  private get now(): number {
    return this.cell.system.clock.now();
  }

  // ---- the supervisor's own lifecycle ---------------------------------------------------

  /** The supervisor was spawned: start the declared children now, in order. */
  spawned(): void {
    this.instance = this.cell.instance;
    this.watchTeardown();
    try {
      this.startDeclared();
    } catch (error) {
      this.endChildren(); // the spawn is refused: the children already started must not outlive it
      throw error;
    }
  }

  /**
   * Before each instance's `started`: after a restart of the supervisor, start the declared
   * children again; hand the addresses to the `@Child` properties; wait for the children's starts.
   */
  beforeStart(instance: object): Promise<void> | undefined {
    if (this.tearingDown || instance !== this.instance) this.newGeneration(instance);
    const target = instance as Record<string | symbol, unknown>;
    for (const record of this.children.all) {
      if (record.spec.property !== undefined) target[record.spec.property] = addrOf(record.cell);
    }
    if (this.starting.size === 0) return undefined;
    return new Promise<void>((resolve) => (this.startsDone = resolve));
  }

  /**
   * The supervisor has stopped for good, or its spawn was refused by another extension after
   * ours had started the children: those must not outlive it.
   */
  terminated(): void {
    this.endChildren();
    this.starting.clear();
    this.finishStarts();
  }

  /** Kills every child for good: each record is final first, so that no end brings one back. */
  private endChildren(): void {
    const records = this.children.all;
    for (const record of records) record.final = true;
    for (const record of records) record.cell.terminate();
  }

  private newGeneration(instance: object): void {
    this.instance = instance;
    this.generation++;
    this.starting.clear();
    this.finishStarts(); // a start of the previous instance may still wait: let it go
    this.children.clear();
    this.restartTimes.length = 0;
    this.givingUp = false;
    this.watchTeardown();
    this.startDeclared();
  }

  /**
   * Spawns the declared children in order. Each `@Child` property is set as soon as its child
   * exists, so that the `args` function of a later child can pass an earlier one's address.
   */
  private startDeclared(): void {
    const now = this.now;
    const instance = this.cell.instance as Record<string | symbol, unknown>;
    for (const spec of this.config.children) {
      const record = this.children.spawn(spec, now);
      this.starting.add(record);
      if (spec.property !== undefined) instance[spec.property] = addrOf(record.cell);
    }
  }

  /**
   * Core cancels an actor's timers right before it stops its children, whether the actor is
   * restarting or stopping. A timer handle that is never due tells this strategy so, so that the
   * children core stops are not restarted.
   */
  private watchTeardown(): void {
    this.tearingDown = false;
    this.cell.addTimer({ cancel: () => void (this.tearingDown = true) });
  }

  childStarted(child: ActorCell): void {
    const record = ChildRecord.of(child);
    if (record === undefined) return;
    record.restartPending = false;
    this.settle(record);
  }

  private settle(record: ChildRecord): void {
    record.settled = true;
    if (this.starting.delete(record) && this.starting.size === 0) this.finishStarts();
  }

  private finishStarts(): void {
    const done = this.startsDone;
    this.startsDone = undefined;
    done?.();
  }

  // ---- failures -----------------------------------------------------------------------

  handleFailure(child: ActorCell, cause: unknown): void {
    const now = this.now;
    const record = this.children.recordOf(child, now);
    this.settle(record);
    if (record.groups > 0) return; // a group restart under way will stop and start it anyway
    record.restartPending = false;
    if (!this.mayRestart(child)) {
      record.final = true;
      return child.terminate(cause);
    }
    switch (this.decide(child, cause)) {
      case 'resume':
        return child.resume();
      case 'stop':
        record.final = true;
        return child.terminate(cause);
      case 'escalate':
        return child.apply('escalate', cause);
      case 'restart':
        if (record.restart === 'temporary') {
          record.final = true;
          return child.terminate(cause);
        }
        return this.restart(record, cause, now, undefined);
    }
  }

  private decide(child: ActorCell, cause: unknown): Directive {
    let directive = ownDirective(child, cause);
    if (directive === undefined && this.config.decide !== undefined) {
      try {
        directive = this.config.decide(cause, addrOf(child));
      } catch (error) {
        this.cell.system.logger.error(`${this.cell.path}: decide() threw while judging ${child.path}; escalating`, error);
        return 'escalate';
      }
    }
    if (directive === undefined) return 'restart';
    if (!DIRECTIVES.includes(directive)) {
      this.cell.system.logger.error(`${this.cell.path}: decide() returned ${String(directive)} for ${child.path}; escalating`);
      return 'escalate';
    }
    // A supervisor that gave up has no children left: resuming it would leave it empty.
    if (directive === 'resume' && cause instanceof RestartIntensityError && cause.actor === child.path) return 'restart';
    return directive;
  }

  /**
   * Restarts a child that failed, stopped normally (permanent) or was killed (`respawn`, with
   * the sibling it stood before), and, per the strategy, its group: one restart in the window.
   */
  private restart(failed: ChildRecord, cause: unknown, now: number, respawn: GroupRestart['respawn']): void {
    if (!this.countRestart(now)) return this.giveUp(failed, cause);
    const delayMs = failed.nextDelay(this.config.backoff, now);
    failed.restarting(now, delayMs);
    if (this.config.strategy === 'one-for-one') {
      if (respawn === undefined) return failed.cell.restart(cause, delayMs);
      return void this.groupRestart({ failed, members: [failed], cause, delayMs, respawn });
    }
    const members = this.group(failed, respawn);
    for (const member of members) if (member !== failed) member.restarting(now, delayMs);
    void this.groupRestart({ failed, members, cause, delayMs, respawn });
  }

  /** The children a restart of `failed` involves, in start order. */
  private group(failed: ChildRecord, respawn: GroupRestart['respawn']): ChildRecord[] {
    const now = this.now;
    if (respawn === undefined) {
      if (this.config.strategy === 'rest-for-one') return this.children.from(failed.cell, now);
      return this.children.ordered(now);
    }
    // The killed child is gone from the list: it goes back where it stood, before `respawn.before`.
    const before = respawn.before !== undefined && respawn.before.isAlive ? respawn.before : undefined;
    const after = this.children.from(before, now);
    if (this.config.strategy === 'rest-for-one') return [failed, ...after];
    const all = this.children.ordered(now);
    return [...all.slice(0, all.length - after.length), failed, ...after];
  }

  /**
   * Queues a group restart behind the one under way. Its members take no message from now on
   * (their handlers in flight go on) and their failures are its business.
   */
  private groupRestart(plan: GroupRestart): Promise<void> {
    for (const member of plan.members) {
      member.groups++;
      const respawned = member === plan.failed && plan.respawn !== undefined;
      if (member.cell.isAlive && !respawned && member.restart !== 'temporary') member.cell.hold(); // a temporary one stops gracefully
    }
    const generation = this.generation;
    const run = (): Promise<void> | undefined => (generation === this.generation ? restartGroup(this, plan) : undefined);
    this.groups = this.groups.then(run).catch((error: unknown) => {
      this.cell.system.logger.error(`${this.cell.path}: a restart of its children failed`, error);
    });
    return this.groups;
  }

  /** Records one restart; false when it would exceed the intensity. */
  private countRestart(now: number): boolean {
    return allowRestart(this.restartTimes, now, this.config.maxRestarts, this.config.withinMs);
  }

  // ---- GroupHost ----------------------------------------------------------------------

  mayGoOn(): boolean {
    return !this.givingUp && !this.tearingDown && this.cell.isAlive && !this.cell.system.isShuttingDown;
  }

  async sleep(ms: number): Promise<boolean> {
    return (await this.cell.sleep(ms)) && this.mayGoOn();
  }

  respawn(record: ChildRecord, before: ActorCell | undefined, cause: unknown): ActorCell | undefined {
    let cell: ActorCell;
    try {
      cell = this.children.respawn(record, this.now, before !== undefined && before.isAlive ? before : undefined);
    } catch (error) {
      this.cell.system.logger.error(`${this.cell.path}: could not start ${record.spec.name ?? record.spec.actor.name} again`, error);
      this.giveUp(record, error);
      return undefined;
    }
    const property = record.spec.property;
    if (property !== undefined) (this.cell.instance as Record<string | symbol, unknown>)[property] = addrOf(cell);
    const events = systemOf(this.cell).events;
    if (events.listenerCount('actor:restarted') > 0) {
      events.emit('actor:restarted', { path: cell.path, actor: addrOf(cell), attempt: ++record.respawns, cause });
    }
    return cell;
  }

  // ---- children that stop -------------------------------------------------------------

  /**
   * Called by core as a child is about to stop gracefully (not by this supervisor, not in a
   * shutdown): a permanent child is restarted in place instead, keeping its `Addr` and mailbox,
   * and counted against the intensity like any restart; its group restarts with it.
   */
  childStopping(child: ActorCell): boolean {
    const now = this.now;
    const record = this.children.recordOf(child, now);
    if (record.final || record.restart !== 'permanent' || !this.mayRestart(child)) return false;
    if (record.groups > 0) {
      // A group restart under way will stop and start it: let that restart take it.
      return true;
    }
    if (!this.countRestart(now)) {
      this.giveUp(record, undefined);
      return false;
    }
    record.restarting(now, 0);
    if (this.config.strategy === 'one-for-one') {
      child.restart(undefined);
      return true;
    }
    const members = this.group(record, undefined);
    for (const member of members) if (member !== record) member.restarting(now, 0);
    void this.groupRestart({ failed: record, members, cause: undefined, delayMs: 0, respawn: undefined });
    return true;
  }

  /**
   * A child has ended without its supervisor's say (a permanent child that was killed, or a
   * transient one killed with a failure as cause): a new actor with the same name, arguments and
   * options takes its place in the order; the `@Child` property gets its address; its group
   * restarts with it. (A permanent child that stops gracefully is restarted in place by
   * `childStopping`.)
   */
  childTerminated(child: ActorCell): void {
    const known = ChildRecord.of(child);
    if (known !== undefined) this.settle(known);
    if (known?.final || !this.mayRestart(child)) return;
    const now = this.now;
    const record = known ?? ChildRecord.adopt(child, now);
    const abnormal = child.cause !== undefined;
    if (record.restart === 'permanent' || (record.restart === 'transient' && abnormal)) {
      // Core keeps the ended child's `nextSibling` until this returns: where it stood.
      this.restart(record, child.cause, now, { before: child.nextSibling });
    }
  }

  // ---- giving up ----------------------------------------------------------------------

  /** False while the supervisor is giving up or being torn down, or when core stops `child` for good. */
  private mayRestart(child: ActorCell): boolean {
    return !this.givingUp && !this.tearingDown && !child.stopFinal && this.cell.isAlive && !this.cell.system.isShuttingDown;
  }

  private giveUp(failed: ChildRecord, cause: unknown): void {
    if (this.givingUp) return;
    this.givingUp = true;
    giveUp(this.cell, this.config, failed, cause);
  }
}
