/**
 * What a parent does about a failed child:
 * - `resume`: keep the instance and its state; go on with the next message.
 * - `restart`: call `restarting` on the failed instance, build a new one from the class and its
 *   arguments, run `started`. The address and every queued message survive, in order.
 * - `stop`: end the child; its queued requests reject, its queued commands go to dead letters.
 * - `escalate`: the parent fails in turn with the same cause, and its own parent decides.
 */
export type Directive = 'resume' | 'restart' | 'stop' | 'escalate';

/** The default restart intensity of core: at most this many restarts ... */
export const DEFAULT_MAX_RESTARTS = 10;
/** ... within this window, in milliseconds; the next failure within it stops the actor. */
export const DEFAULT_WITHIN_MS = 10_000;

/**
 * Restart intensity as a sliding window of restart times (Erlang/OTP): returns true when one more
 * restart keeps the count within `maxRestarts` over the last `withinMs`, and records it.
 * `log` is mutated: entries older than the window are dropped.
 */
export function allowRestart(log: number[], now: number, maxRestarts: number, withinMs: number): boolean {
  let drop = 0;
  while (drop < log.length && now - log[drop] >= withinMs) drop++;
  if (drop > 0) log.splice(0, drop);
  if (log.length >= maxRestarts) return false;
  log.push(now);
  return true;
}
