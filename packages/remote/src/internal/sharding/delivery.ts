import type { Message } from '@troupe/core';
import type { Request } from '@troupe/core/internal';

/** The four ways to deliver, kept from the caller's `Addr` verb to the entity's mailbox, across nodes. */
export const enum Verb {
  Tell = 1,
  Send = 2,
  Try = 3,
  Do = 4,
}

function noop(): void {}

/**
 * A message to an entity that could not be handed to it at once: it waits (its shard has no owner
 * yet, is moving, or its entity is passivating), or it crosses to the node that owns its shard. It
 * keeps how its caller waits: a `send`'s request (with its deadline running in the caller's system),
 * or a `tell`'s or `trySend`'s promise; a `doSend` waits on nothing.
 */
export class Delivery {
  /** When it began to wait (ms since the epoch); 0 while it is not waiting. */
  since = 0;

  constructor(
    readonly id: string,
    readonly shard: number,
    readonly message: Message<unknown>,
    readonly verb: Verb,
    /** A `send`'s request: settle it. */
    readonly request: Request | undefined,
    readonly resolve: () => void = noop,
    readonly reject: (error: unknown) => void = noop,
    /**
     * The revision of the owner record by which another node sent it here: this node routes it only
     * once its own mirror has reached that revision (so that nodes never bounce a message between them).
     */
    public minRevision = 0,
    /** When a `send`'s request times out (ms since the epoch); Infinity otherwise. */
    readonly deadline = Infinity,
  ) {}

  /** Still wanted: a `send` whose request has settled (timed out, aborted) is dropped where it waits. */
  get pending(): boolean {
    return this.request === undefined || this.request.pending;
  }

  /** The time a `send` has left, in ms (at least 1), or Infinity. */
  remaining(now: number): number {
    return this.deadline === Infinity ? Infinity : Math.max(1, this.deadline - now);
  }

  succeed(value: unknown): void {
    if (this.request !== undefined) this.request.succeed(value);
    else this.resolve();
  }

  fail(error: unknown): void {
    if (this.request !== undefined) this.request.fail(error);
    else this.reject(error);
  }
}

/** When a request made by `send` times out (ms since the epoch), from its deadline queue. */
export function deadlineOf(request: Request, now: number): number {
  const timeoutMs = request.list?.timeoutMs ?? Infinity;
  return timeoutMs === Infinity ? Infinity : now + timeoutMs;
}

/** An address's verbs for any message (the entity's class is not known to the types here). */
export interface AnyAddr {
  readonly queued: number;
  readonly capacity: number;
  tell(message: Message<unknown>): Promise<void>;
  send(message: Message<unknown>, options: { timeoutMs: number }): Promise<unknown>;
  trySend(message: Message<unknown>): void;
  doSend(message: Message<unknown>): void;
}
