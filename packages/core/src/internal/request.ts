import type { ActorCell } from './cell';
import type { Turn } from './clock';

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

/** What few requests have: an abort signal, and the actor waiting on them (deadlock detection). */
export interface RequestExtra {
  signal?: AbortSignal;
  onAbort?: () => void;
  from?: ActorCell;
  /** Made when a handler asks for the request's signal (`currentRequestSignal`). */
  controller?: AbortController;
}

function noop(): void {}

/**
 * A pending `send`: the promise's settle functions, its phase, and the turn its deadline counts
 * from. Kept small (fewer bytes per request is less garbage collection on the ask path): what
 * only some requests need lives in `extra`.
 */
export class Request {
  // Initialised here (not only by send's executor, after construction) so that they are in-object
  // fields of every request, not a property backing store allocated per request.
  resolve: (value: unknown) => void = noop;
  reject: (error: unknown) => void = noop;
  phase = Phase.Queued;
  /** The turn the request was made in: its deadline is `turn.end + list.timeoutMs`. */
  turn: Turn | undefined = undefined;
  /** The deadline list it waits in; undefined for requests without a timeout. */
  list: DeadlineList | undefined = undefined;
  extra: RequestExtra | undefined = undefined;

  constructor(
    readonly target: ActorCell,
    readonly message: unknown,
  ) {}

  /** When the request times out (never before its timeout has passed since it was made). */
  get deadline(): number {
    return this.turn!.end + this.list!.timeoutMs;
  }

  succeed(value: unknown): void {
    if (this.phase === Phase.Settled) return;
    const wasQueued = this.phase === Phase.Queued;
    this.finish(wasQueued, undefined);
    this.resolve(value);
  }

  fail(error: unknown): void {
    if (this.phase === Phase.Settled) return;
    const wasQueued = this.phase === Phase.Queued;
    this.finish(wasQueued, error);
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

  private finish(wasQueued: boolean, error: unknown): void {
    this.phase = Phase.Settled;
    this.list?.settled(this);
    const extra = this.extra;
    if (extra !== undefined) {
      if (extra.onAbort !== undefined) extra.signal!.removeEventListener('abort', extra.onAbort);
      if (extra.from !== undefined) extra.from.requestSettled(this);
      if (extra.controller !== undefined && error !== undefined) extra.controller.abort(error);
    }
    // A queued request that settles early (timeout, abort) keeps its slot until the loop skips it.
    if (wasQueued) this.target.queuedRequestExpired();
  }
}

/**
 * The pending requests of one timeout duration, oldest first. Requests are appended as they are
 * made, so the queue is in deadline order; they almost always settle in that order too, so a
 * settle usually just pops the head. One timer serves the whole queue (no timer per message): it
 * is armed lazily for the head, never cleared on the hot path, re-armed when it fires, and unref'd
 * so it never keeps a process alive by itself. Settled requests behind a pending head are skipped,
 * and the queue is compacted when they outnumber the pending ones, so nothing is retained long.
 */
export class DeadlineList {
  private items: (Request | undefined)[] = [];
  private head = 0;
  /** Requests in the queue that have not settled. */
  private pending = 0;
  private timer: ReturnType<typeof setTimeout> | undefined = undefined;

  constructor(
    readonly timeoutMs: number,
    private readonly onExpired: (request: Request) => void,
  ) {}

  add(request: Request): void {
    request.list = this;
    this.items.push(request);
    this.pending++;
    if (this.timer === undefined) this.arm(request);
  }

  /** A request of this queue settled. */
  settled(request: Request): void {
    this.pending--;
    if (this.items[this.head] === request) this.popSettled();
    else if (this.items.length - this.head > 64 && this.pending * 4 < this.items.length - this.head) this.compact();
  }

  private popSettled(): void {
    const items = this.items;
    let head = this.head;
    while (head < items.length && items[head]!.phase === Phase.Settled) items[head++] = undefined;
    // Even when empty, the array is kept (setting its length to 0 would drop its backing store,
    // to be allocated again by the next push): it is replaced once 1,024 slots are consumed.
    if (head > 1024 && head * 2 > items.length) {
      this.items = items.slice(head);
      this.head = 0;
    } else {
      this.head = head;
    }
  }

  private compact(): void {
    const live: Request[] = [];
    for (let i = this.head; i < this.items.length; i++) {
      const request = this.items[i]!;
      if (request.phase !== Phase.Settled) live.push(request);
    }
    this.items = live;
    this.head = 0;
  }

  private arm(head: Request): void {
    // A head whose turn is still running has no reading yet: its deadline is at least now + timeout.
    const deadline = head.turn!.end === Infinity ? Date.now() + this.timeoutMs : head.deadline;
    const timer = setTimeout(() => this.expire(), Math.max(0, deadline - Date.now()));
    timer.unref?.();
    this.timer = timer;
  }

  private expire(): void {
    this.timer = undefined;
    const now = Date.now();
    while (this.head < this.items.length) {
      const request = this.items[this.head]!;
      if (request.phase === Phase.Settled) {
        this.popSettled();
        continue;
      }
      const turn = request.turn!;
      if (turn.end === Infinity) turn.end = now; // its turn has not closed yet: now is no earlier than it
      if (request.deadline > now) return this.arm(request);
      this.onExpired(request); // settles it, which pops it
    }
  }
}
