import { setImmediate as immediate } from 'node:timers';

/**
 * The event-loop turn in which requests were made. Reading the clock costs about as much as a
 * whole request, so requests of one turn share one reading, taken when the turn is over: a
 * request's deadline is `turn.end + timeoutMs`. Its true start is no later than `turn.end`, so it
 * never times out early; it may time out late by at most the rest of the turn it was made in.
 */
export class Turn {
  /** When the turn ended (`Date.now()`); `Infinity` while it is still running. */
  end = Infinity;
}

let open: Turn | undefined;
/** `Date.now` as it was when first seen native; a different function now means a fake clock. */
let nativeNow: (() => number) | undefined;

const close = (): void => {
  open!.end = nativeNow!();
  open = undefined;
};

/**
 * The turn a request made now belongs to. Under fake clocks (jest's modern fake timers replace
 * `Date.now` with a non-native function) every request gets its own exact reading instead, so
 * that tests which move fake time between two sends keep their meaning.
 */
export function currentTurn(): Turn {
  // `Date.now` is checked even while a turn is open: fake timers may have been installed since
  // (a test that starts in the same turn as the previous one), and then the open turn's real end
  // would not match the fake clock the timeout is measured on.
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
}

function isNative(fn: () => number): boolean {
  return Function.prototype.toString.call(fn).includes('[native code]');
}
