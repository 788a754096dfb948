import type { ActorSystem, DeadLetter } from '@troupe/core';
import { cellOf } from '@troupe/core/internal';
import { describeError, describePayload, type ErrorView } from './describe';
import { clockNow } from './system';

/** One entry of the live tail. */
export interface TailEntry {
  /** Increases by one per entry, from 1. */
  readonly seq: number;
  /** When it happened (the system clock's time, ms since the epoch). */
  readonly at: number;
  readonly kind: 'failure' | 'restart' | 'deadletter' | 'gave-up' | 'system-failure';
  /** The actor's path (a dead letter's target). */
  readonly path: string;
  /** The failure, for failures, restarts (their cause), gave-up and system failures. */
  readonly error?: ErrorView;
  /** A restart's attempt number. */
  readonly attempt?: number;
  /** A dead letter's message class and reason. */
  readonly message?: string;
  readonly reason?: string;
  /** A dead letter's payload: only with `showPayloads: true`. */
  readonly payload?: string;
}

/** Retired counters of the actors that stopped, by class (their counts leave the tree with them). */
export interface Retired {
  readonly handled: Map<string, number>;
  readonly restarts: Map<string, number>;
}

type Listener = (payload: never) => void;

/**
 * The inspector's subscription to `system.events`, held only while it is started: it keeps the
 * last `size` failures, restarts and dead letters, collects the new ones for the next update
 * (at most `size`; the rest are counted as skipped), and adds up the counters of stopped actors by
 * class so that the per-class metrics never go down. Every listener does a few field writes.
 */
export class EventTail {
  private readonly ring: (TailEntry | undefined)[];
  private head = 0;
  private seq = 0;
  private pending: TailEntry[] = [];
  /** Entries that happened while `size` others were already waiting for the next update. */
  private skipped = 0;
  readonly retired: Retired = { handled: new Map(), restarts: new Map() };
  /** Failures seen since the inspector started. */
  failures = 0;
  private readonly listeners: [string, Listener][] = [];

  constructor(
    private readonly system: ActorSystem,
    private readonly size: number,
    private readonly showPayloads: boolean,
  ) {
    this.ring = new Array(size);
  }

  start(): void {
    const show = this.showPayloads;
    this.on('actor:failed', (e: { path: string; error: unknown }) => {
      this.failures++;
      this.add({ kind: 'failure', path: e.path, error: describeError(e.error, show) });
    });
    this.on('actor:restarted', (e: { path: string; attempt: number; cause: unknown }) =>
      this.add({ kind: 'restart', path: e.path, attempt: e.attempt, error: describeError(e.cause, show) }),
    );
    this.on('deadletter', (letter: DeadLetter) =>
      this.add(
        show
          ? { kind: 'deadletter', path: letter.path, message: letter.messageClass, reason: letter.reason, payload: describePayload(letter.message) }
          : { kind: 'deadletter', path: letter.path, message: letter.messageClass, reason: letter.reason },
      ),
    );
    // From @troupe/supervisor, when it is in use; a plain event name, so no import of it.
    this.on('supervisor:gave-up', (e: { path: string; error: unknown }) => this.add({ kind: 'gave-up', path: e.path, error: describeError(e.error, show) }));
    this.on('system:failure', (e: { cause: unknown }) => this.add({ kind: 'system-failure', path: '/user', error: describeError(e.cause, show) }));
    this.on('actor:stopped', (e: { actor: Parameters<typeof cellOf>[0] }) => {
      const cell = cellOf(e.actor);
      const cls = cell.definition.name;
      const { handled, restarts } = this.retired;
      if (cell.handled > 0) handled.set(cls, (handled.get(cls) ?? 0) + cell.handled);
      if (cell.restarts > 0) restarts.set(cls, (restarts.get(cls) ?? 0) + cell.restarts);
    });
  }

  private on(event: string, listener: Listener): void {
    (this.system.events as unknown as { on(event: string, fn: Listener): void }).on(event, listener);
    this.listeners.push([event, listener]);
  }

  stop(): void {
    const events = this.system.events as unknown as { off(event: string, fn: Listener): void };
    for (const [event, listener] of this.listeners) events.off(event, listener);
    this.listeners.length = 0;
  }

  private add(entry: Omit<TailEntry, 'seq' | 'at'>): void {
    const full: TailEntry = { seq: ++this.seq, at: clockNow(this.system), ...entry };
    this.ring[this.head] = full;
    this.head = (this.head + 1) % this.ring.length;
    if (this.pending.length < this.size) this.pending.push(full);
    else this.skipped++;
  }

  /** The entries kept, oldest first. */
  recent(): TailEntry[] {
    const out: TailEntry[] = [];
    const n = this.ring.length;
    for (let i = 0; i < n; i++) {
      const entry = this.ring[(this.head + i) % n];
      if (entry !== undefined) out.push(entry);
    }
    return out;
  }

  /** The entries since the last call (oldest first), and how many more there were. */
  take(): { entries: TailEntry[]; skipped: number } {
    const taken = { entries: this.pending, skipped: this.skipped };
    this.pending = [];
    this.skipped = 0;
    return taken;
  }
}
