import 'reflect-metadata';
import { ActorConfigError } from '@troupe/core';
import { spawnCell, type ActorCell } from '@troupe/core/internal';
import { ChildRecord } from './child-record';
import type { ResolvedChild } from './config';

/**
 * A supervisor's children in start order, each with its {@link ChildRecord}. The order is core's
 * list of the supervisor's children (a linked list, so every operation here costs the same with
 * 10 children as with 100 000); the records hang on the children's cells. Children spawned with
 * `ctx.spawn` get a record when the strategy first needs one. A child started again after a kill
 * takes its old place, so that the order the strategies see stays the start order.
 */
export class ChildList {
  constructor(private readonly parent: ActorCell) {}

  /** Starts a child under the supervisor from its spec: last, or before `before`. */
  spawn(spec: ResolvedChild, now: number, before?: ActorCell): ChildRecord {
    return ChildRecord.started(this.start(spec, before), spec, now);
  }

  /**
   * Starts a new actor for a child whose actor was killed (a permanent child's `Addr` cannot
   * outlive a kill: its mailbox is gone), at its old place: before `before`, the sibling that
   * followed it.
   */
  respawn(record: ChildRecord, now: number, before: ActorCell | undefined): ActorCell {
    const cell = this.start(record.spec, before);
    record.replaceCell(cell, now);
    return cell;
  }

  private start(spec: ResolvedChild, before: ActorCell | undefined): ActorCell {
    const options = { name: spec.name, args: this.argsOf(spec), mailbox: spec.mailbox, shutdownMs: spec.shutdownMs, restart: spec.restart };
    return spawnCell(this.parent.system, this.parent, spec.actor, options, before);
  }

  /** The child's constructor arguments: given, or computed from the supervisor's current instance. */
  private argsOf(spec: ResolvedChild): unknown[] {
    if (typeof spec.args !== 'function') return [...spec.args];
    const args = spec.args(this.parent.instance);
    if (!Array.isArray(args)) {
      throw new ActorConfigError(
        `${this.parent.path}: the args function of child ${spec.name ?? spec.actor.name} returned ${String(args)}, not an array`,
        this.parent.path,
      );
    }
    return args;
  }

  /** The record of a child, made for a dynamic child the first time it is needed. */
  recordOf(cell: ActorCell, now: number): ChildRecord {
    return ChildRecord.of(cell) ?? ChildRecord.adopt(cell, now);
  }

  /** Every live child's record, in start order. */
  ordered(now: number): ChildRecord[] {
    return this.from(this.parent.childList?.first, now);
  }

  /** The records of `first` and the live children started after it, in start order. */
  from(first: ActorCell | undefined, now: number): ChildRecord[] {
    const records: ChildRecord[] = [];
    for (let cell = first; cell !== undefined; cell = cell.nextSibling) {
      if (cell.isAlive) records.push(this.recordOf(cell, now));
    }
    return records;
  }

  /** Every child's record that exists, live or stopping. */
  get all(): ChildRecord[] {
    const records: ChildRecord[] = [];
    for (let cell = this.parent.childList?.first; cell !== undefined; cell = cell.nextSibling) {
      const record = ChildRecord.of(cell);
      if (record !== undefined) records.push(record);
    }
    return records;
  }

  /** Marks every child's record final, so that a late stop does not bring it back. */
  clear(): void {
    for (const record of this.all) record.final = true;
  }
}
