import { isDeepStrictEqual } from 'node:util';
import { Actor, Addr, Handler, Message, Terminated, type ActorRef, type MessageClass } from '@troupe/core';
import { cellOf, contextOf, type ActorCell } from '@troupe/core/internal';
import { ExpectationError } from './errors';
import type { KitPort } from './internal/kit-port';
import { describeError, describeMessage, plural } from './internal/describe';
import { RealDeadline } from './internal/turns';

/** Options of `tk.probe()`. */
export interface ProbeOptions<T = unknown> {
  /** The probe's name under `/user`. Default `$probe-<n>`. */
  name?: string;
  /** The reply to a request (`send`) the probe receives; default `undefined`. */
  reply?: (message: T) => unknown;
}

/** How long an expectation waits. */
export interface ExpectOptions {
  /**
   * Under virtual time: how far the expectation may move the clock while it waits (timers fire
   * one by one; it stops as soon as it is met). Default 0: the system runs until no actor is
   * ready, but time does not move. In real time: how many real ms it waits. Default 3000.
   */
  withinMs?: number;
}

const REAL_DEFAULT_MS = 3000;

/** @internal What a probe has received; shared by the probe actor and its `TestProbe`. */
export class ProbeState {
  /** Every message received, oldest first. */
  readonly received: unknown[] = [];
  /** Messages no expectation has taken yet. */
  readonly queue: unknown[] = [];
  readonly terminations: Terminated[] = [];
  private readonly wakers = new Set<() => void>();
  readonly failuresAtStart: number;
  readonly lettersAtStart: number;

  constructor(
    readonly kit: KitPort,
    readonly reply: ((message: unknown) => unknown) | undefined,
  ) {
    this.failuresAtStart = kit.failures.length;
    this.lettersAtStart = kit.deadLetters.length;
  }

  add(message: unknown): void {
    this.received.push(message);
    this.queue.push(message);
    this.wake();
  }

  terminated(message: Terminated): void {
    this.terminations.push(message);
    this.wake();
  }

  /** Calls `fn` at the next arrival; returns a function that forgets it. */
  onArrival(fn: () => void): () => void {
    this.wakers.add(fn);
    return () => this.wakers.delete(fn);
  }

  private wake(): void {
    for (const fn of [...this.wakers]) fn();
  }
}

/** @internal The actor behind a probe: records everything, replies with `reply` or undefined. */
@Actor({ mailbox: Infinity, reportFailures: 'unseen' })
export class ProbeActor {
  constructor(private readonly state: ProbeState) {}

  @Handler(Terminated) terminated(m: Terminated): void {
    this.state.terminated(m);
  }

  @Handler(Message) receive(m: Message<unknown>): unknown {
    this.state.add(m);
    return this.state.reply?.(m);
  }
}

/** A message class, a predicate, or a message to compare field by field. */
export type Expected<T, M extends T = T> = MessageClass<M & Message<unknown>> | ((message: T) => boolean) | M;

/**
 * An address that records what it receives, with expectations that wait for it (Akka's
 * `TestProbe`). Pass it wherever an actor expects an address (`Addr<anything>`; it takes every
 * message), or `probe.recipient(Pong)` where a `Recipient` is expected. `T` is the type of the
 * messages it expects; it types what the expectations return.
 *
 * Expectations take messages in arrival order: `expectMessage` checks the next one, and fails if
 * it is not the expected one. Under virtual time an expectation first lets the system run until
 * no actor is ready; with `withinMs` it also moves the clock, timer by timer, up to that far
 * (stopping as soon as it is met). In real time it waits up to `withinMs` real ms (default 3000).
 * A failure is an `ExpectationError` that names what was expected and lists what arrived.
 *
 * @example
 * ```ts
 * const probe = tk.probe<Pong>();
 * pinger.doSend(new Ping(probe));
 * const pong = await probe.expectMessage(Pong, { withinMs: 100 });
 * await probe.expectNoMessage(1_000);
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a probe stands in for any actor
export class TestProbe<T = unknown> extends Addr<any> {
  /** @internal */
  constructor(
    cell: ActorCell,
    private readonly state: ProbeState,
  ) {
    // `Addr`'s constructor (it takes the cell) is internal to Troupe: its published declarations
    // leave it out, so its parameters are `[]` there and `[cell]` in the sources.
    super(...([cell] as unknown as ConstructorParameters<typeof Addr>));
  }

  /** Every message received so far, oldest first, whether or not an expectation took it. */
  get received(): readonly T[] {
    return this.state.received as T[];
  }

  /**
   * Takes the next message and checks it: an instance of the class, accepted by the predicate,
   * or deep-equal to the message given. Resolves with it.
   */
  expectMessage(accept: (message: T) => boolean, options?: ExpectOptions): Promise<T>;
  expectMessage<M extends T>(expected: MessageClass<M & Message<unknown>>, options?: ExpectOptions): Promise<M>;
  expectMessage(expected: T, options?: ExpectOptions): Promise<T>;
  expectMessage(expected: Expected<T>, options?: ExpectOptions): Promise<T> {
    const what = describeExpected(expected);
    const matches = matcher(expected);
    return this.wait(`${what}`, options, () => {
      if (this.state.queue.length === 0) return undefined;
      const next = this.state.queue.shift();
      if (!matches(next)) throw this.failure(`expected ${what}, but the next message was ${describeMessage(next)}`, [next]);
      return { value: next as T };
    });
  }

  /** Takes the next message, whatever it is. */
  receiveMessage(options?: ExpectOptions): Promise<T> {
    return this.wait('a message', options, () => (this.state.queue.length === 0 ? undefined : { value: this.state.queue.shift() as T }));
  }

  /** Takes the next `n` messages. */
  receiveN(n: number, options?: ExpectOptions): Promise<T[]> {
    if (!Number.isInteger(n) || n < 0) return Promise.reject(new TypeError(`probe.receiveN: n must be an integer >= 0, got ${String(n)}`));
    const queue = this.state.queue;
    return this.wait(
      plural(n, 'message'),
      options,
      () => (queue.length < n ? undefined : { value: queue.splice(0, n) as T[] }),
      () => (queue.length === 0 ? ', but none came' : `, but only ${queue.length} came`),
    );
  }

  /**
   * Takes messages until `accept` returns true for one, and resolves with that one; the ones
   * before it are dropped (Akka's `fishForMessage`). A throwing `accept` fails the expectation.
   */
  fishForMessage(accept: (message: T) => boolean, options?: ExpectOptions): Promise<T> {
    const fished: unknown[] = [];
    return this.wait(`a message that ${accept.name || 'the function'} accepts`, options, () => {
      while (this.state.queue.length > 0) {
        const next = this.state.queue.shift();
        fished.push(next);
        if (accept(next as T)) return { value: next as T };
      }
      return undefined;
    }, () => (fished.length === 0 ? ', but none came' : `, but it accepted none of the ${plural(fished.length, 'message')} that came`), fished);
  }

  /**
   * Fails if a message arrives: under virtual time within `ms` of virtual time (the clock moves
   * by `ms`; default 0, only what the system does without time passing), in real time within
   * `ms` real ms (default 100). A message already received and not yet taken fails it too.
   */
  async expectNoMessage(ms?: number): Promise<void> {
    const kit = this.state.kit;
    const queue = this.state.queue;
    const window = ms ?? (kit.virtualTime ? 0 : 100);
    if (typeof window !== 'number' || !(window >= 0) || window === Infinity) throw new TypeError(`probe.expectNoMessage: ms must be a finite number >= 0, got ${String(ms)}`);
    const fail = (): ExpectationError => this.failure(`expected no message for ${window} ms${kit.virtualTime ? ' of virtual time' : ''}, but received ${describeMessage(queue[0])}`, queue.slice(0, 1));
    if (queue.length > 0) throw fail();
    if (kit.virtualTime) {
      const arrived = await kit.owningTime(() => kit.advanceUntil(() => queue.length > 0, kit.now() + window));
      if (arrived) throw fail();
      return;
    }
    await this.realWait(window, () => queue.length > 0);
    if (queue.length > 0) throw fail();
  }

  /** Watches `actor` and resolves with the `Terminated` it gets when `actor` stops (at once if it has). */
  expectTerminated(actor: ActorRef, options?: ExpectOptions): Promise<Terminated> {
    contextOf(cellOf(this)).watch(actor);
    const terminations = this.state.terminations;
    return this.wait(`${actor.path} to stop`, options, () => {
      const index = terminations.findIndex((t) => t.actor === actor);
      return index < 0 ? undefined : { value: terminations.splice(index, 1)[0] };
    }, () => `, but it is still ${actor.isAlive ? 'alive' : 'stopping'}`);
  }

  /**
   * Waits until `take` returns a value (it may throw to fail at once), as `options` says: see
   * {@link ExpectOptions}.
   */
  private async wait<R>(
    what: string,
    options: ExpectOptions | undefined,
    take: () => { value: R } | undefined,
    status?: () => string,
    /** Messages this expectation took and dropped (shown as not taken by an earlier one). */
    dropped: readonly unknown[] = [],
  ): Promise<R> {
    const kit = this.state.kit;
    const withinMs = options?.withinMs ?? (kit.virtualTime ? 0 : REAL_DEFAULT_MS);
    if (typeof withinMs !== 'number' || !(withinMs >= 0)) throw new TypeError(`probe: withinMs must be a number of ms >= 0, got ${String(withinMs)}`);
    const first = take();
    if (first !== undefined) return first.value;
    let taken: { value: R } | undefined;
    const met = (): boolean => (taken ??= take()) !== undefined;
    if (kit.virtualTime) await kit.owningTime(() => kit.advanceUntil(met, kit.now() + withinMs));
    else await this.realWait(withinMs, met);
    if (taken !== undefined) return (taken as { value: R }).value;
    const window = withinMs === 0 && kit.virtualTime ? ' (no virtual time passed; give withinMs to let timers fire)' : ` within ${withinMs} ms${kit.virtualTime ? ' of virtual time' : ''}`;
    throw this.failure(`expected ${what}${window}${status?.() ?? ', but none came'}`, dropped);
  }

  /** Waits up to `ms` real ms, checking `done` at each arrival. */
  private realWait(ms: number, done: () => boolean): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let forget = (): void => undefined;
      const deadline = new RealDeadline(ms, () => {
        forget();
        resolve();
      });
      forget = this.state.onArrival(() => {
        try {
          if (!done()) return;
        } catch (error) {
          forget();
          deadline.cancel();
          return reject(error);
        }
        forget();
        deadline.cancel();
        resolve();
      });
    });
  }

  /** An `ExpectationError` with what the probe received and what happened meanwhile. */
  private failure(headline: string, taken: readonly unknown[]): ExpectationError {
    const { received, queue } = this.state;
    const lines: string[] = [];
    if (received.length === 0) {
      lines.push(`The probe ${this.path} has received nothing.`);
    } else {
      lines.push(`The probe ${this.path} received (oldest first):`);
      const waiting = new Set([...queue, ...taken]);
      const shown = received.slice(-20);
      if (shown.length < received.length) lines.push(`  … ${received.length - shown.length} earlier`);
      for (const m of shown) lines.push(`  ${describeMessage(m)}${waiting.has(m) ? '' : '   (taken by an earlier expectation)'}`);
    }
    const kit = this.state.kit;
    return new ExpectationError(`${headline}.\n${lines.join('\n')}${kit.meanwhile(this.state.failuresAtStart, this.state.lettersAtStart)}`);
  }
}

function isMessageClass(value: unknown): value is MessageClass {
  return typeof value === 'function' && (value === Message || value.prototype instanceof Message);
}

function describeExpected(expected: unknown): string {
  if (isMessageClass(expected)) return `a ${expected.name}`;
  if (typeof expected === 'function') return expected.name ? `a message that ${expected.name} accepts` : 'a message that the predicate accepts';
  return describeMessage(expected);
}

function matcher(expected: unknown): (message: unknown) => boolean {
  if (isMessageClass(expected)) return (m) => m instanceof expected;
  if (typeof expected === 'function') {
    return (m) => {
      try {
        return (expected as (m: unknown) => boolean)(m) === true;
      } catch (error) {
        throw new ExpectationError(`the predicate of expectMessage threw on ${describeMessage(m)}: ${describeError(error)}`);
      }
    };
  }
  return (m) => isDeepStrictEqual(m, expected);
}
