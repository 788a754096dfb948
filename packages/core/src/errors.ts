import { describeValue } from './message';

/**
 * The base of every error Troupe raises. `.actor` is the path of the actor the failed
 * operation targeted, where there is one; `.name` is always the concrete class name.
 */
export class ActorError extends Error {
  constructor(message: string, readonly actor?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Something that is not a {@link Message} instance was passed where a message was expected. */
export class InvalidMessageError extends ActorError {
  constructor(readonly value: unknown, actor?: string, detail?: string) {
    super(
      `${detail ?? `expected an instance of a class extending Message, got ${describeValue(value)}`}` +
        `${actor ? ` (sending to ${actor})` : ''}. Define messages as \`class X extends Message<Reply> {}\` and send \`new X()\`.`,
      actor,
    );
  }
}

/** `trySend` found the mailbox full. The message was not queued; it is on `.sentMessage`. */
export class MailboxFullError extends ActorError {
  constructor(actor: string, readonly capacity: number, readonly sentMessage?: unknown) {
    super(
      `mailbox of ${actor} is full (capacity ${capacity}). Use tell/send to wait for room, ` +
        'or raise the capacity with { mailbox } or ctx.setMailboxCapacity().',
      actor,
    );
  }
}

/** The target actor is not alive, or stopped before it handled the message. */
export class ActorStoppedError extends ActorError {
  constructor(actor: string, readonly sentMessage?: unknown, detail = 'is not alive') {
    super(`actor ${actor} ${detail}${sentMessage ? `; ${describeValue(sentMessage)} was not handled` : ''}.`, actor);
  }
}

/** No reply arrived within the request's timeout. A request that timed out while queued is never handled. */
export class TimeoutError extends ActorError {
  constructor(actor: string, readonly timeoutMs: number, what = 'reply') {
    super(`no ${what} from ${actor} within ${timeoutMs} ms. Raise { timeoutMs } or check that the actor is not stuck.`, actor);
  }
}

/** No handler of the target actor takes this message's class. */
export class UnhandledMessageError extends ActorError {
  constructor(actor: string, readonly messageClass: string, readonly sentMessage?: unknown) {
    super(`actor ${actor} has no handler for ${messageClass}. Add a @Handler(${messageClass}) method to its class.`, actor);
  }
}

/** Awaiting this request would wait forever: the target is (transitively) waiting for the caller. */
export class DeadlockError extends ActorError {
  constructor(actor: string, readonly cycle: readonly string[]) {
    super(
      `deadlock: ${cycle.join(' -> ')}. ` +
        'An actor that awaits a reply from an actor that is awaiting it would never wake; ' +
        'use notify/tell for one direction, or mark the handler @Handler({ reentrant: true }).',
      actor,
    );
  }
}

/**
 * `ctx.stash()` found the stash full (it holds at most the mailbox capacity): a failure of the
 * actor, handled by its parent like any other; the message it tried to stash is on `.sentMessage`.
 */
export class StashOverflowError extends ActorError {
  constructor(actor: string, readonly capacity: number, readonly sentMessage?: unknown) {
    super(
      `the stash of ${actor} is full (capacity ${capacity}): unstash (ctx.unstashAll()) before stashing more, ` +
        'or raise the mailbox capacity, which bounds the stash too.',
      actor,
    );
  }
}

/** Bad configuration: a capacity, a delay, a class without @Actor, and so on. */
export class ActorConfigError extends ActorError {}
