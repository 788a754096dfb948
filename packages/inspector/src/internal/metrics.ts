import type { ActorSystem } from '@troupe/core';
import type { Retired } from './tail';
import { walkTree } from './walk';

/** The label value under which series past `maxSeries` are summed. */
export const OTHER = '_other';

interface Series {
  actors: number;
  mailbox: number;
  handled: number;
  restarts: number;
}

const series = (): Series => ({ actors: 0, mailbox: 0, handled: 0, restarts: 0 });

/** A label value in the text format: backslash, double quote and newline escaped. */
function label(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** Sums `from` into `to` under `key`, or under `_other` once `to` holds `max` keys. */
function bucket(to: Map<string, Series>, key: string, max: number): Series {
  let s = to.get(key);
  if (s !== undefined) return s;
  if (to.size >= max) key = OTHER;
  s = to.get(key);
  if (s === undefined) to.set(key, (s = series()));
  return s;
}

/**
 * The Prometheus text exposition (format 0.0.4) of a system, read at scrape time by one walk of
 * the tree: `troupe_actors` by class, `troupe_mailbox_length`, `troupe_messages_total` and
 * `troupe_restarts_total` by class or by path, and `troupe_dead_letters_total`. At most
 * `maxSeries` label values per metric; the rest are summed under `_other`.
 *
 * By class, the counters include the actors of that class that stopped while the inspector ran
 * (`retired`), so that they never go down. By path, a stopped actor's series simply ends.
 */
export function renderMetrics(system: ActorSystem, by: 'class' | 'path', maxSeries: number, retired: Retired): string {
  const byClass = new Map<string, Series>();
  const byPath = by === 'path' ? new Map<string, Series>() : undefined;
  walkTree(system, (cell) => {
    const cls = cell.definition.name;
    const c = bucket(byClass, cls, maxSeries);
    c.actors++;
    const p = byPath === undefined ? c : bucket(byPath, cell.path, maxSeries);
    p.mailbox += cell.queued;
    p.handled += cell.handled;
    p.restarts += cell.restarts;
  });
  if (byPath === undefined) {
    for (const [cls, n] of retired.handled) bucket(byClass, cls, maxSeries).handled += n;
    for (const [cls, n] of retired.restarts) bucket(byClass, cls, maxSeries).restarts += n;
  }
  const sys = `system="${label(system.name)}"`;
  const name = by === 'path' ? 'path' : 'class';
  const perActor = byPath ?? byClass;
  const lines: string[] = [];
  const metric = (metric: string, type: 'gauge' | 'counter', help: string, rows: Map<string, Series>, key: string, pick: (s: Series) => number): void => {
    lines.push(`# HELP ${metric} ${help}`, `# TYPE ${metric} ${type}`);
    for (const [value, s] of rows) lines.push(`${metric}{${sys},${key}="${label(value)}"} ${pick(s)}`);
  };
  metric('troupe_actors', 'gauge', 'Live actors, by class.', byClass, 'class', (s) => s.actors);
  metric('troupe_mailbox_length', 'gauge', `Messages queued in mailboxes, by actor ${name}.`, perActor, name, (s) => s.mailbox);
  metric('troupe_messages_total', 'counter', `Messages taken from mailboxes, by actor ${name}.`, perActor, name, (s) => s.handled);
  metric('troupe_restarts_total', 'counter', `Actor restarts, by actor ${name}.`, perActor, name, (s) => s.restarts);
  lines.push(
    '# HELP troupe_dead_letters_total Messages that reached no actor, since the system started.',
    '# TYPE troupe_dead_letters_total counter',
    `troupe_dead_letters_total{${sys}} ${system.deadLetters.count}`,
  );
  return `${lines.join('\n')}\n`;
}
