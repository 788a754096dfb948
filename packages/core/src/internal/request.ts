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

/**
 * A pending `send`: the promise's settle functions, the deadline, and its links in the deadline
 * list (an intrusive doubly-linked list, so that settling removes it in O(1) and nothing is
 * retained after the reply).
 */
export class Request {
  resolve!: (value: unknown) => void;
  reject!: (error: unknown) => void;
  phase = Phase.Queued;
  /** The turn the request was made in: its deadline is `turn.end + timeoutMs`. */
  turn: Turn | undefined = undefined;
  prev: Request | undefined = undefined;
  next: Request | undefined = undefined;
  list: DeadlineList | undefined = undefined;
  signal: AbortSignal | undefined = undefined;
  onAbort: (() => void) | undefined = undefined;
  /** The cell whose handler made this request, for deadlock detection. */
  from: ActorCell | undefined = undefined;
  readonly promise: Promise<unknown>;

  constructor(
    readonly target: ActorCell,
    readonly message: unknown,
    readonly timeoutMs: number,
  ) {
    this.promise = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  /** When the request times out (never before `timeoutMs` after it was made). */
  get deadline(): number {
    return this.turn!.end + this.timeoutMs;
  }

  get settled(): boolean {
    return this.phase === Phase.Settled;
  }

  succeed(value: unknown): void {
    if (this.phase === Phase.Settled) return;
    const wasQueued = this.phase === Phase.Queued;
    this.finish(wasQueued);
    this.resolve(value);
  }

  fail(error: unknown): void {
    if (this.phase === Phase.Settled) return;
    const wasQueued = this.phase === Phase.Queued;
    this.finish(wasQueued);
    this.reject(error);
  }

  private finish(wasQueued: boolean): void {
    this.phase = Phase.Settled;
    this.list?.remove(this);
    if (this.onAbort !== undefined) this.signal!.removeEventListener('abort', this.onAbort);
    if (this.from !== undefined) this.from.requestSettled(this);
    // A queued request that settles early (timeout, abort) keeps its slot until the loop skips it.
    if (wasQueued) this.target.queuedRequestExpired();
  }
}

/**
 * Requests with one timeout duration, in deadline order (they are appended as they are made, so
 * the list is sorted). One timer serves the whole list: no timer per message. The timer is armed
 * lazily and never cleared on the hot path: when it fires it expires what is due and re-arms for
 * the new head, if any. It is unref'd, so it never keeps a process alive by itself.
 */
export class DeadlineList {
  private head: Request | undefined = undefined;
  private tail: Request | undefined = undefined;
  private timer: ReturnType<typeof setTimeout> | undefined = undefined;
  private armedFor = 0;

  constructor(private readonly onExpired: (request: Request) => void) {}

  add(request: Request): void {
    request.list = this;
    request.prev = this.tail;
    if (this.tail === undefined) this.head = request;
    else this.tail.next = request;
    this.tail = request;
    if (this.timer === undefined) this.arm(request);
  }

  remove(request: Request): void {
    const { prev, next } = request;
    if (prev === undefined) this.head = next;
    else prev.next = next;
    if (next === undefined) this.tail = prev;
    else next.prev = prev;
    request.prev = request.next = request.list = undefined;
  }

  private arm(head: Request): void {
    // A head whose turn is still running has no reading yet: its deadline is at least now + timeout.
    const deadline = head.turn!.end === Infinity ? Date.now() + head.timeoutMs : head.deadline;
    this.armedFor = deadline;
    const timer = setTimeout(() => this.expire(), Math.max(0, deadline - Date.now()));
    timer.unref?.();
    this.timer = timer;
  }

  private expire(): void {
    this.timer = undefined;
    const now = Date.now();
    let request = this.head;
    while (request !== undefined) {
      const turn = request.turn!;
      if (turn.end === Infinity) turn.end = now; // its turn has not closed yet: now is no earlier than it
      if (request.deadline > now) break;
      this.onExpired(request); // settles it, which unlinks it
      request = this.head;
    }
    if (request !== undefined) this.arm(request);
  }

  /** For tests and diagnostics: the deadline the timer is armed for. */
  get armedDeadline(): number | undefined {
    return this.timer === undefined ? undefined : this.armedFor;
  }
}
