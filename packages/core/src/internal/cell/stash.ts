import { ActorConfigError, ActorStoppedError, StashOverflowError } from '../../errors';
import { running } from '../current';
import { Phase, type Request } from '../request';
import { PairRing } from '../ring';
import { DispatchCell } from './dispatch';
import { Flag, State } from './state';

/**
 * The stash (Akka's `StashBuffer`, OTP's `postpone`): a handler sets its message aside with
 * `ctx.stash()` and `ctx.unstashAll()` puts every stashed message back before the rest of the
 * mailbox, in the order they arrived. A stashed request keeps its reply promise and its timeout (a
 * stashed request that times out leaves the stash). The stash holds at most the mailbox capacity;
 * one more is a failure of the actor (`StashOverflowError`). A restart keeps the stash, as it keeps
 * the mailbox: both hold messages the actor accepted. A stop sends stashed commands to dead letters
 * and rejects stashed requests with `ActorStoppedError`.
 */
export abstract class StashCell<Self extends StashCell<Self>> extends DispatchCell<Self> {
  /** Messages in the stash now. */
  get stashed(): number {
    return this.cold?.stash?.length ?? 0;
  }

  /**
   * `ctx.stash()`: the message being handled goes to the stash when its handler returns, instead
   * of being answered. Only in the synchronous part of a non-reentrant handler (before its first
   * `await`), where the message is known.
   */
  askStash(): void {
    if (running.cell !== this || running.hook || running.reentrant) {
      throw new ActorConfigError(
        `ctx.stash() on ${this.path}: call it in a handler of this actor, before its first await, and not in a reentrant one`,
        this.path,
      );
    }
    this.flags |= Flag.STASHING;
  }

  /**
   * Moves the message a handler asked to stash into the stash. Returns the error to fail with
   * when the stash is full, or undefined.
   */
  protected stashCurrent(message: unknown, request: Request | undefined): StashOverflowError | undefined {
    this.flags &= ~Flag.STASHING;
    const stash = (this.c.stash ??= new PairRing());
    if (stash.length >= this.capacity) return new StashOverflowError(this.path, this.capacity, message);
    if (request !== undefined) request.phase = Phase.Queued;
    stash.push(message, request);
    return undefined;
  }

  /** `ctx.unstashAll()`: every stashed message goes back before the rest of the mailbox, in order. */
  unstashAll(): void {
    const stash = this.cold?.stash;
    if (stash === undefined || stash.length === 0 || this.state >= State.Finishing) return;
    this.mailbox.prepend(stash);
    this.schedule();
  }

  /** The actor stops: stashed commands go to dead letters, stashed requests reject. */
  protected dropStash(): void {
    const stash = this.cold?.stash;
    if (stash === undefined) return;
    while (stash.length > 0) {
      const message = stash.shift();
      const request = stash.lastSecond as Request | undefined;
      if (request === undefined) this.deadLetter(message, 'stopped');
      else request.fail(new ActorStoppedError(this.path, message, 'stopped with the request in its stash'));
    }
  }
}
