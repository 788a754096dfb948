import type { ActorSystem, DeadLetter } from '@troupe/core';

/** An actor failure the kit saw on `system.events`. */
export interface FailureRecord {
  readonly actor: string;
  readonly error: unknown;
  /** The system clock's time. */
  readonly at: number;
}

/**
 * What probes and spies need of their kit: its system, its time, and what it saw. The kit
 * implements it; probe.ts and spy.ts depend on this, not on the kit's module (imports stay one-way).
 */
export interface KitPort {
  readonly system: ActorSystem;
  readonly virtualTime: boolean;
  readonly failures: readonly FailureRecord[];
  readonly deadLetters: readonly DeadLetter[];
  now(): number;
  /** Runs `fn` as the one owner of virtual time (nested calls reuse the ownership). */
  owningTime<R>(fn: () => Promise<R>): Promise<R>;
  /** Advances virtual time timer by timer until `done()` holds or `target` is reached; whether `done()` held. */
  advanceUntil(done: (() => boolean) | undefined, target: number): Promise<boolean>;
  /** The failures and dead letters seen since the given counts, for an expectation's report. */
  meanwhile(sinceFailures: number, sinceLetters: number): string;
}
