import 'reflect-metadata';
import { Actor, Handler, Message, type Context } from '@troupe/core';

export { deferred, newSystem, seeded, settle, stopSystems } from '../../../test-support/system';

// ---- shared messages and actors --------------------------------------------------------------

/** Replies with the path of the actor that handled it. */
export class WhoAmI extends Message<string> {}
/** A command that records itself in the handling actor's log. */
export class Note extends Message<void> {
  constructor(readonly text: string) {
    super();
  }
}
/** Makes the handler throw. */
export class Crash extends Message<void> {}

/** Records which actor handled what, across restarts, in one shared log per test. */
export const handledBy: { path: string; text: string }[] = [];

/** A plain actor: answers WhoAmI, records Notes, crashes on Crash (and is restarted by core). */
@Actor()
export class Echo {
  @Handler() who(_: WhoAmI, ctx: Context<Echo>): string {
    return ctx.path;
  }
  @Handler() note(m: Note, ctx: Context<Echo>): void {
    handledBy.push({ path: ctx.path, text: m.text });
  }
  @Handler() crash(_: Crash): void {
    throw new Error('crash on purpose');
  }
}
