import { setImmediate as immediate } from 'node:timers';

/** A timer made by a {@link Clock}: opaque to its users. */
export type TimerId = unknown;

/**
 * Time as one actor system sees it: readings, timers and turns. Every timed thing in the system
 * (timeouts, `runLater`, stop bounds, restart windows) goes through its clock, so that a test kit
 * can hand a system a virtual one. {@link systemClock} is the real one.
 */
export interface Clock {
  now(): number;
  /** Calls `fn` once after `ms`; the timer keeps the process alive until it fires or is cleared. */
  setTimeout(fn: () => void, ms: number): TimerId;
  clearTimeout(id: TimerId): void;
  setInterval(fn: () => void, ms: number): TimerId;
  clearInterval(id: TimerId): void;
  /** Whether a pending timer keeps the process alive (Node's `ref`/`unref`); a no-op where that means nothing. */
  keepAlive(id: TimerId, on: boolean): void;
  /** The turn a request made now belongs to; see {@link Turn}. */
  turn(): Turn;
  /** Calls `fn` once the current event-loop turn is over (before any timer that is due). */
  afterTurn(fn: () => void): void;
}

/**
 * The event-loop turn in which requests were made. Reading the clock costs about as much as a
 * whole request, so requests of one turn share one reading, taken when the turn is over: a
 * request's deadline is `turn.end + timeoutMs`. Its true start is no later than `turn.end`, so it
 * never times out early; it may time out late by at most the rest of the turn it was made in.
 */
export class Turn {
  /** When the turn ended; `Infinity` while it is still running. */
  end = Infinity;
}

/** Node refuses longer delays (it fires them after 1 ms): longer timers are made of steps. */
const MAX_DELAY = 2_147_483_647;

/** A timer longer than Node allows, re-armed in steps until it is due. */
class LongTimer {
  handle: ReturnType<typeof setTimeout> | undefined = undefined;
  refed = true;
  constructor(
    readonly due: number,
    readonly fn: () => void,
  ) {}
}

let open: Turn | undefined;
/** `Date.now` as it was when first seen native; a different function now means a fake clock. */
let nativeNow: (() => number) | undefined;
const close = (): void => {
  open!.end = nativeNow!();
  open = undefined;
};

function isNative(fn: () => number): boolean {
  return Function.prototype.toString.call(fn).includes('[native code]');
}

function armLong(timer: LongTimer): void {
  const left = timer.due - Date.now();
  if (left <= 0) return timer.fn();
  timer.handle = setTimeout(() => armLong(timer), Math.min(left, MAX_DELAY));
  if (!timer.refed) timer.handle.unref?.();
}

/**
 * The real clock. It reads the global timer functions and `Date.now` at each call, so that jest's
 * fake timers, installed at any time, drive every actor timer and timeout.
 */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(fn, ms) {
    if (ms <= MAX_DELAY) return setTimeout(fn, ms);
    const timer = new LongTimer(Date.now() + ms, fn);
    armLong(timer);
    return timer;
  },
  clearTimeout(id) {
    if (id instanceof LongTimer) clearTimeout(id.handle);
    else clearTimeout(id as ReturnType<typeof setTimeout>);
  },
  setInterval: (fn, ms) => setInterval(fn, Math.min(ms, MAX_DELAY)),
  clearInterval: (id) => clearInterval(id as ReturnType<typeof setInterval>),
  keepAlive(id, on) {
    if (id instanceof LongTimer) {
      id.refed = on;
      id = id.handle;
    }
    const timer = id as { ref?(): unknown; unref?(): unknown } | undefined;
    if (on) timer?.ref?.();
    else timer?.unref?.();
  },
  /**
   * Under fake clocks (jest's modern fake timers replace `Date.now` with a non-native function)
   * every request gets its own exact reading instead, so that tests which move fake time between
   * two sends keep their meaning.
   */
  turn(): Turn {
    // `Date.now` is checked even while a turn is open: fake timers may have been installed since.
    const now = Date.now;
    if (now === nativeNow || (nativeNow === undefined && isNative(now) && (nativeNow = now))) {
      if (open !== undefined) return open;
      open = new Turn();
      immediate(close);
      return open;
    }
    const exact = new Turn();
    exact.end = now();
    return exact;
  },
  afterTurn: (fn) => void immediate(fn),
};
