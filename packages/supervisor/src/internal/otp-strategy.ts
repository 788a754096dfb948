import type { Directive } from '@troupe/core';
import { addrOf, allowRestart, ownDirective, systemOf, type ActorCell, type SupervisionStrategy } from '@troupe/core/internal';
import { RestartIntensityError } from '../errors';
import { ChildRecord } from './child-record';
import { ChildList } from './child-list';
import type { SupervisorConfig } from './config';
import { giveUp } from './give-up';

const DIRECTIVES: readonly Directive[] = ['resume', 'restart', 'stop', 'escalate'];

/**
 * Erlang/OTP supervision for one supervisor cell: restart strategies, restart types, restart
 * intensity, backoff, `decide`. Core calls `handleFailure` with the failed child suspended and
 * `childTerminated` when a child has stopped; the supervisor's extension calls `spawned`,
 * `beforeStart` and `terminated` on the supervisor's own lifecycle.
 *
 * One object serves the supervisor cell for its whole life. When the supervisor itself restarts,
 * core stops its children first (the OTP way: a new supervisor, new children); `beforeStart`
 * then starts the declared children again with a fresh restart history.
 */
export class OtpStrategy implements SupervisionStrategy {
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

  constructor(
    readonly cell: ActorCell,
    readonly config: SupervisorConfig,
  ) {
    this.children = new ChildList(cell, config.strategy !== 'one-for-one');
  }

  /** The strategy of a supervisor cell, or undefined if the cell is not one of ours. */
  static of(cell: ActorCell): OtpStrategy | undefined {
    return cell.strategy instanceof OtpStrategy ? cell.strategy : undefined;
  }

  // ---- the supervisor's own lifecycle ---------------------------------------------------

  /** The supervisor was spawned: start the declared children now, in order. */
  spawned(): void {
    this.instance = this.cell.instance;
    this.watchTeardown();
    try {
      this.startDeclared();
    } catch (error) {
      // The spawn is refused: the children already started must not outlive it.
      for (const record of this.children.all) record.cell.terminate();
      this.children.clear();
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
    for (const record of this.children.all) record.cell.terminate();
    this.children.clear();
    this.starting.clear();
    this.finishStarts();
  }

  private newGeneration(instance: object): void {
    this.instance = instance;
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
    const now = Date.now();
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
    const now = Date.now();
    const record = this.children.recordOf(child, now);
    record.restartPending = false;
    this.settle(record);
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
        return this.restart(record, cause, now);
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

  /** Restarts the failed child and, per the strategy, its siblings: one restart in the window. */
  private restart(failed: ChildRecord, cause: unknown, now: number): void {
    if (!this.countRestart(now)) return this.giveUp(failed, cause);
    const delayMs = failed.nextDelay(this.config.backoff, now);
    for (const member of this.group(failed, now)) this.restartMember(member, failed, cause, now, delayMs);
  }

  /** Records one restart; false when it would exceed the intensity. */
  private countRestart(now: number): boolean {
    return allowRestart(this.restartTimes, now, this.config.maxRestarts, this.config.withinMs);
  }

  /** The children a restart of `failed` involves, in start order. */
  private group(failed: ChildRecord, now: number): ChildRecord[] {
    switch (this.config.strategy) {
      case 'one-for-one':
        return [failed];
      case 'one-for-all':
        return this.children.ordered(now);
      case 'rest-for-one': {
        const all = this.children.ordered(now);
        return all.slice(Math.max(0, all.indexOf(failed)));
      }
    }
  }

  /**
   * Restarts one member of a restart group in place: its `Addr` and its mailbox survive. A
   * temporary bystander is stopped instead (OTP never restarts a temporary child), and a sibling
   * whose own restart is already under way (waiting for its delay, or starting) is left to it.
   */
  private restartMember(member: ChildRecord, failed: ChildRecord, cause: unknown, now: number, delayMs: number): void {
    if (member !== failed) {
      if (member.final || !member.cell.isAlive || member.restartPending) return;
      if (member.restart === 'temporary') {
        member.final = true;
        void member.cell.requestStop();
        return;
      }
    }
    member.restarting(now, delayMs);
    member.cell.restart(cause, delayMs);
  }

  // ---- children that stopped -------------------------------------------------------------

  /**
   * Called by core as a child is about to stop gracefully (not by this supervisor, not in a
   * shutdown): a permanent child is restarted in place instead, keeping its `Addr` and mailbox,
   * and counted against the intensity like any restart; its group restarts with it.
   */
  childStopping(child: ActorCell): boolean {
    const now = Date.now();
    const record = this.children.recordOf(child, now);
    if (record.final || record.restart !== 'permanent' || !this.mayRestart(child)) return false;
    if (!this.countRestart(now)) {
      this.giveUp(record, undefined);
      return false;
    }
    for (const member of this.group(record, now)) {
      if (member !== record) this.restartMember(member, record, undefined, now, 0);
    }
    record.restarting(now, 0);
    return true;
  }

  childTerminated(child: ActorCell): void {
    const now = Date.now();
    const known = ChildRecord.of(child);
    const index = known === undefined ? -1 : this.children.remove(known);
    if (known !== undefined) this.settle(known);
    if (known?.final || !this.mayRestart(child)) return;
    const record = known ?? ChildRecord.adopt(child, now);
    const abnormal = child.cause !== undefined;
    if (record.restart === 'permanent' || (record.restart === 'transient' && abnormal)) {
      this.revive(record, index, child.cause, now);
    }
  }

  /**
   * Brings back a child whose actor has ended without its supervisor's say (a permanent child
   * that was killed, or a transient one killed with a failure as cause): a new actor with the same
   * name, arguments and options, at the same place in the order; the `@Child` property gets its
   * address. (A permanent child that stops gracefully is restarted in place by `childStopping`.)
   */
  private revive(record: ChildRecord, index: number, cause: unknown, now: number): void {
    if (!this.countRestart(now)) return this.giveUp(record, cause);
    let cell: ActorCell;
    try {
      cell = this.children.respawn(record, index, now);
    } catch (error) {
      this.cell.system.logger.error(`${this.cell.path}: could not start ${record.spec.name ?? record.spec.actor.name} again`, error);
      return this.giveUp(record, error);
    }
    const property = record.spec.property;
    if (property !== undefined) (this.cell.instance as Record<string | symbol, unknown>)[property] = addrOf(cell);
    for (const member of this.group(record, now)) {
      if (member !== record) this.restartMember(member, record, cause, now, 0);
    }
    const events = systemOf(this.cell).events;
    if (events.listenerCount('actor:restarted') > 0) {
      events.emit('actor:restarted', { path: cell.path, actor: addrOf(cell), attempt: ++record.respawns, cause });
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
    giveUp(this.cell, this.config, this.children.all, failed, cause);
  }
}

