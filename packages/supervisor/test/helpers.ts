import 'reflect-metadata';
import { Actor, Handler, Message, type Context } from '@troupe/core';

export { deferred, newSystem, settle, stopSystems, until } from '../../../test-support/system';

/** Makes the receiving worker's handler throw. */
export class Crash extends Message<void> {
  constructor(readonly error: unknown = new Error('crash')) {
    super();
  }
}
/** Makes the receiving worker stop itself normally. */
export class StopYourself extends Message<void> {}
/** Increments the worker's in-memory count and replies with it. */
export class Bump extends Message<number> {}
/** Replies with the worker's in-memory count (lost on restart). */
export class GetCount extends Message<number> {}

/** A journal shared by the workers of a test: what started, restarted and stopped, in order. */
export class Journal {
  readonly entries: string[] = [];
  add(entry: string): void {
    this.entries.push(entry);
  }
  count(entry: string): number {
    return this.entries.filter((e) => e === entry).length;
  }
}

/** A worker that writes its lifecycle to a journal: `started:<name>`, `restarting:<name>`, `stopped:<name>`. */
@Actor()
export class Worker {
  private count = 0;
  constructor(readonly journal: Journal = new Journal()) {}

  started(ctx: Context<Worker>): void {
    this.journal.add(`started:${ctx.name}`);
  }
  restarting(ctx: Context<Worker>): void {
    this.journal.add(`restarting:${ctx.name}`);
  }
  stopped(ctx: Context<Worker>): void {
    this.journal.add(`stopped:${ctx.name}`);
  }

  @Handler(Crash) crash(m: Crash): void {
    throw m.error;
  }
  @Handler(StopYourself) stopYourself(_: StopYourself, ctx: Context<Worker>): void {
    void ctx.stop();
  }
  @Handler(Bump) bump(_: Bump): number {
    return ++this.count;
  }
  @Handler(GetCount) get(_: GetCount): number {
    return this.count;
  }
}
