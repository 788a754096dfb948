import { TimeoutError } from '../errors';
import type { Turn } from './clock';
import type { DeadlineQueue, Deadlines, Timed } from './deadlines';

/** Where a request is in its life. */
export const enum Phase {
  /** Waiting for room in a full mailbox. */
  Waiting,
  /** In the mailbox. */
  Queued,
  /** Handed to the handler. */
  Active,
  /** Resolved or rejected. */
  Settled,
}

/** The actor a request is for, as the request sees it. */
export interface RequestTarget {
  readonly path: string;
  /** A request waiting for room or queued settled early (timeout, abort): take it out now. */
  requestLeft(request: Request): void;
}

/** An actor waiting on a request from a blocking handler (deadlock detection). */
export interface Requester {
  requestSettled(request: Request): void;
}

/** What few requests have: an abort signal, the actor waiting on them, a signal for the handler. */
export interface RequestExtra {
  signal?: AbortSignal;
  onAbort?: () => void;
  from?: Requester;
  /** Made when a handler asks for the request's signal (`currentRequestSignal`). */
  controller?: AbortController;
}

function noop(): void {}

/**
 * The settle functions of the promise made last. `new Promise` runs its executor at once, so one
 * shared executor that leaves them here serves every request: no closure per request.
 */
const captured: { resolve: (value: unknown) => void; reject: (error: unknown) => void } = { resolve: noop, reject: noop };
function capture(resolve: (value: unknown) => void, reject: (error: unknown) => void): void {
  captured.resolve = resolve;
  captured.reject = reject;
}

/**
 * A pending `send`: the promise's settle functions, its phase, its deadline, and its place in the
 * mailbox or among the senders waiting for room (so that it leaves at once when it times out).
 * Kept small (fewer bytes per request is less garbage collection on the ask path): what only some
 * requests need lives in `extra`.
 */
export class Request implements Timed {
  // Initialised here (not only by send's executor, after construction) so that they are in-object
  // fields of every request, not a property backing store allocated per request.
  resolve: (value: unknown) => void = noop;
  reject: (error: unknown) => void = noop;
  phase = Phase.Queued;
  turn: Turn | undefined = undefined;
  list: DeadlineQueue | undefined = undefined;
  /** Its index in the mailbox's or the waiters' ring while it is there. */
  slot = -1;
  extra: RequestExtra | undefined = undefined;

  constructor(
    readonly target: RequestTarget,
    readonly message: unknown,
  ) {}

  /**
   * Makes the caller's promise and starts the deadline (`timeoutMs` from now) and the abort
   * listener. Returns the promise that settles with the request.
   */
  open(deadlines: Deadlines, timeoutMs: number, signal: AbortSignal | undefined): Promise<unknown> {
    const promise = new Promise<unknown>(capture);
    this.resolve = captured.resolve;
    this.reject = captured.reject;
    captured.resolve = captured.reject = noop; // hold nothing of this request
    deadlines.add(this, timeoutMs);
    if (signal !== undefined) {
      const onAbort = (): void => this.fail(signal.reason);
      this.extra = { signal, onAbort };
      signal.addEventListener('abort', onAbort, { once: true });
    }
    return promise;
  }

  get pending(): boolean {
    return this.phase !== Phase.Settled;
  }

  expire(): void {
    this.fail(new TimeoutError(this.target.path, this.list!.timeoutMs));
  }

  succeed(value: unknown): void {
    if (this.phase === Phase.Settled) return;
    this.finish(undefined);
    this.resolve(value);
  }

  fail(error: unknown): void {
    if (this.phase === Phase.Settled) return;
    this.finish(error ?? new Error('request failed'));
    this.reject(error);
  }

  /** Aborted when the request settles other than by its handler's reply; see `currentRequestSignal`. */
  signal(): AbortSignal {
    const extra = (this.extra ??= {});
    if (extra.controller === undefined) {
      extra.controller = new AbortController();
      if (this.phase === Phase.Settled) extra.controller.abort();
    }
    return extra.controller.signal;
  }

  private finish(error: unknown): void {
    const before = this.phase;
    this.phase = Phase.Settled;
    this.list?.settled(this);
    const extra = this.extra;
    if (extra !== undefined) {
      if (extra.onAbort !== undefined) extra.signal!.removeEventListener('abort', extra.onAbort);
      if (extra.from !== undefined) extra.from.requestSettled(this);
      if (extra.controller !== undefined && error !== undefined) extra.controller.abort(error);
    }
    // Settled before its handler took it (timeout, abort): it leaves the mailbox or the wait now.
    if (before !== Phase.Active) this.target.requestLeft(this);
  }
}
