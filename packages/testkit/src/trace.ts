/**
 * One event of a schedule, in the order it happened: what an actor took from its mailbox in a run,
 * an actor's start, a timer that fired (virtual time moved), or a point where the scheduler let
 * promise continuations run (handlers resuming after `await`, callers resuming after `send`)
 * while actors were still ready.
 */
export type TraceEntry =
  | {
      readonly kind: 'deliver';
      /** The actor run (scheduler step) it happened in, from 1. */
      readonly step: number;
      /** Virtual time, in ms. */
      readonly at: number;
      readonly actor: string;
      /** The message, as `Class { field: value }`. */
      readonly message: string;
    }
  | { readonly kind: 'start'; readonly step: number; readonly at: number; readonly actor: string }
  | {
      /** Messages the actor sent itself during the same run and handled in it (not shown one by one). */
      readonly kind: 'more';
      readonly step: number;
      readonly at: number;
      readonly actor: string;
      readonly count: number;
    }
  | { readonly kind: 'timer'; readonly at: number }
  | { readonly kind: 'resume'; readonly step: number };

/** A trace as text, one line per entry, for test output. With `last`, only the last entries. */
export function formatTrace(trace: readonly TraceEntry[], last = Infinity): string {
  const shown = trace.length > last ? trace.slice(trace.length - last) : trace;
  const lines = shown.map((entry) => {
    switch (entry.kind) {
      case 'deliver':
        return `#${entry.step} @${entry.at}ms ${entry.actor} ← ${entry.message}`;
      case 'start':
        return `#${entry.step} @${entry.at}ms ${entry.actor} starts`;
      case 'more':
        return `#${entry.step} @${entry.at}ms ${entry.actor} ← ${entry.count} more it sent itself in this run`;
      case 'timer':
        return `@${entry.at}ms a timer fires`;
      case 'resume':
        return `   (awaiting handlers and callers resume)`;
    }
  });
  if (shown.length < trace.length) lines.unshift(`… ${trace.length - shown.length} earlier entries`);
  return lines.join('\n');
}
