/**
 * A probe's expectation failed: the message names what was expected, lists what arrived instead,
 * and what else happened meanwhile (actor failures, dead letters) that may explain it.
 */
export class ExpectationError extends Error {
  override readonly name = 'ExpectationError';
}

/**
 * `tk.runUntilIdle()` gave up: some actor still has queued messages or a handler that has not
 * settled. The message lists those actors and says what they wait on when the kit can tell
 * (under virtual time, a timer that only `tk.advance` fires).
 */
export class NotIdleError extends Error {
  override readonly name = 'NotIdleError';
}
