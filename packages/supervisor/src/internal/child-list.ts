import 'reflect-metadata';
import { spawnCell, type ActorCell } from '@troupe/core/internal';
import { ActorConfigError, type ActorClass } from '@troupe/core';
import { ChildRecord } from './child-record';
import type { ResolvedChild } from './config';
import { CHILDREN, SUPERVISE } from './metadata-keys';

/**
 * A supervisor's children in start order, each with its {@link ChildRecord}. Children it starts
 * itself are recorded at once; children spawned with `ctx.spawn` are adopted when first needed,
 * at their place in core's list of children (which is in start order too).
 */
export class ChildList {
  private records: ChildRecord[] = [];

  /** `keepOrder`: adopt dynamic children at their place (for one-for-all and rest-for-one). */
  constructor(
    private readonly parent: ActorCell,
    private readonly keepOrder: boolean,
  ) {}

  /** The records, in start order. */
  get all(): readonly ChildRecord[] {
    return this.records;
  }

  /** Starts a child under the supervisor from its spec and records it (last). */
  spawn(spec: ResolvedChild, now: number): ChildRecord {
    const record = ChildRecord.started(this.start(spec), spec, now);
    this.records.push(record);
    return record;
  }

  /**
   * Starts a new actor for a child whose actor was killed (a permanent child's `Addr` cannot
   * outlive a kill: its mailbox is gone). It takes the child's place in this list (`index`, -1 for
   * last), so that the strategy's order is kept; core counts it as started last.
   */
  respawn(record: ChildRecord, index: number, now: number): ActorCell {
    const cell = this.start(record.spec);
    this.records.splice(index < 0 ? this.records.length : index, 0, record);
    record.replaceCell(cell, now);
    return cell;
  }

  private start(spec: ResolvedChild): ActorCell {
    const shutdownMs = spec.shutdownMs ?? (isSupervisorClass(spec.actor) ? Infinity : undefined);
    return spawnCell(this.parent.system, this.parent, spec.actor, {
      name: spec.name,
      args: this.argsOf(spec),
      mailbox: spec.mailbox,
      shutdownMs,
      restart: spec.restart,
    });
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

  /** The record of a child, adopting a dynamic child at its place in the start order. */
  recordOf(cell: ActorCell, now: number): ChildRecord {
    const known = ChildRecord.of(cell);
    if (known !== undefined) return known;
    const record = ChildRecord.adopt(cell, now);
    const cells = this.parent.children;
    const from = this.keepOrder ? cells.indexOf(cell) + 1 : 0;
    for (let i = from; i > 0 && i < cells.length; i++) {
      const after = ChildRecord.of(cells[i]);
      const at = after === undefined ? -1 : this.records.indexOf(after);
      if (at >= 0) {
        this.records.splice(at, 0, record);
        return record;
      }
    }
    this.records.push(record);
    return record;
  }

  /** Every live child in start order, adopting the dynamic ones not yet known. */
  ordered(now: number): ChildRecord[] {
    for (const cell of this.parent.children) if (cell.isAlive) this.recordOf(cell, now);
    return this.records.filter((r) => r.cell.isAlive);
  }

  /** Forgets a child; returns the place it had (-1 if unknown). */
  remove(record: ChildRecord): number {
    const index = this.records.indexOf(record);
    if (index >= 0) this.records.splice(index, 1);
    return index;
  }

  /** Forgets every child, marking each as final so that a late stop does not bring it back. */
  clear(): void {
    for (const record of this.records) record.final = true;
    this.records = [];
  }
}

/** A class that supervises with this package (decorated, or the functional `Supervisor`). */
export function isSupervisorClass(actorClass: ActorClass): boolean {
  return Reflect.hasMetadata(SUPERVISE, actorClass) || Reflect.hasMetadata(CHILDREN, actorClass);
}
