import { TimeoutError, type Addr } from '@troupe/core';
import type { Clock, TimerId } from '@troupe/core/internal';
import { NameTakenError } from '../errors';

type Waiter = (addr: Addr<unknown>) => void;

/**
 * Names → actors (Erlang's registered names). A name is held by one actor; a holder that is no
 * longer alive (stopping or stopped) does not count, so its name reads as free at once, before its
 * final removal (`@Registered` actors are removed as they begin to stop; actors registered by hand
 * only once they have stopped). `waitFor` callers are woken when the name is taken.
 */
export class NameTable {
  /** @param clock the system's: `waitFor` times out on it, so that a test kit's virtual time drives it. */
  constructor(private readonly clock: Clock) {}

  private readonly holders = new Map<string, Addr<unknown>>();
  private readonly waiters = new Map<string, Set<Waiter>>();

  /** The live holder of a name. */
  get(name: string): Addr<unknown> | undefined {
    const holder = this.holders.get(name);
    return holder !== undefined && holder.isAlive ? holder : undefined;
  }

  /** Throws `NameTakenError` when another live actor holds the name. */
  check(name: string, addr: Addr<unknown>): void {
    const holder = this.get(name);
    if (holder !== undefined && holder !== addr) throw new NameTakenError(name, holder.path);
  }

  /** Gives the name to `addr` (checked beforehand with {@link check}); wakes its waiters. */
  set(name: string, addr: Addr<unknown>): void {
    this.holders.set(name, addr);
    const waiting = this.waiters.get(name);
    if (waiting === undefined) return;
    this.waiters.delete(name);
    for (const wake of waiting) wake(addr);
  }

  /** Frees a name; with `addr`, only when that actor holds it. True when it was removed. */
  delete(name: string, addr?: Addr<unknown>): boolean {
    const holder = this.holders.get(name);
    if (holder === undefined || (addr !== undefined && holder !== addr)) return false;
    this.holders.delete(name);
    return true;
  }

  /** The names held by live actors, in the order they were registered. */
  names(): string[] {
    const names: string[] = [];
    for (const [name, holder] of this.holders) if (holder.isAlive) names.push(name);
    return names;
  }

  /** Resolves with the holder as soon as the name is taken; rejects with `TimeoutError` or the signal's reason. */
  waitFor(name: string, timeoutMs: number, signal: AbortSignal | undefined, where: string): Promise<Addr<unknown>> {
    const holder = this.get(name);
    if (holder !== undefined) return Promise.resolve(holder);
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<Addr<unknown>>((resolve, reject) => {
      let timer: TimerId | undefined;
      const set = this.waitersOf(name);
      const finish = (): void => {
        if (timer !== undefined) this.clock.clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        set.delete(wake);
        if (set.size === 0 && this.waiters.get(name) === set) this.waiters.delete(name);
      };
      const wake: Waiter = (addr) => {
        finish();
        resolve(addr);
      };
      const onAbort = (): void => {
        finish();
        reject(signal!.reason);
      };
      set.add(wake);
      signal?.addEventListener('abort', onAbort, { once: true });
      if (timeoutMs !== Infinity) {
        timer = this.clock.setTimeout(() => {
          finish();
          reject(new TimeoutError(where, timeoutMs, `registration of "${name}"`));
        }, timeoutMs);
      }
    });
  }

  private waitersOf(name: string): Set<Waiter> {
    let set = this.waiters.get(name);
    if (set === undefined) {
      set = new Set();
      this.waiters.set(name, set);
    }
    return set;
  }
}
