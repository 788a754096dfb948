/**
 * The explore section lives between two markers of `docs/benchmarks.md`: `bench:explore` replaces
 * it, and `npm run bench`, which rewrites the rest of the file, keeps it.
 */
import type { Machine } from '../machine';
import type { ExploreResult } from './measure';

export const EXPLORE_BEGIN = '<!-- explore:begin (written by `npm run -w bench bench:explore`, bench/src/explore/main.ts; `npm run bench` keeps it) -->';
export const EXPLORE_END = '<!-- explore:end -->';

const BEGIN_PREFIX = '<!-- explore:begin';

/** The explore section of a report, markers included, if it has one. */
export function exploreSectionOf(report: string): string | undefined {
  const begin = report.indexOf(BEGIN_PREFIX);
  const end = report.indexOf(EXPLORE_END, begin);
  if (begin < 0 || end < 0) return undefined;
  return report.slice(begin, end + EXPLORE_END.length);
}

/** `report` with its explore section replaced by `section`, or with `section` appended at the end. */
export function withExploreSection(report: string, section: string | undefined): string {
  if (section === undefined) return report;
  const old = exploreSectionOf(report);
  if (old !== undefined) return report.replace(old, () => section);
  return `${report.trimEnd()}\n\n${section}\n`;
}

const int = (n: number): string => Math.round(n).toLocaleString('en-US');
const micros = (perSecond: number): string => (1e6 / perSecond).toLocaleString('en-US', { maximumFractionDigits: perSecond > 10_000 ? 1 : 0 });

/** The section, markers included. */
export function renderExploreSection(result: ExploreResult, machine: Machine, date: string, commit: string): string {
  const lines = [
    EXPLORE_BEGIN,
    '',
    '## Test kit: the cost of `explore`',
    '',
    'What one schedule of `explore` (`@troupe/testkit`) costs, for a scenario of 3 actors: a client sends a',
    'counter three `Add` requests at once; the counter (one add at a time) reads its total from a store actor,',
    'awaits it and writes it back; then the client asks for the total and checks it',
    `(${result.steps} deliveries per schedule). Each schedule builds a fresh system on virtual time, runs the`,
    'scenario in its seeded order and shuts the system down; the scenario holds in every order, so no',
    'schedule stops the exploration early. For comparison, the same scenario once per fresh `TestKit` and',
    `once per fresh \`ActorSystem\`. Medians of ${result.runs} batches of ${int(result.schedules)} (replays: a tenth of that)`,
    'after a warm-up batch, in one process; min–max in small print. Per CPU second counts the main',
    "thread's CPU time, which other processes on a shared machine barely move; wall time shows them.",
    '',
    '| how the scenario runs | per CPU second | µs of CPU each | per second (wall) |',
    '|---|---:|---:|---:|',
    ...result.rows.map(
      (r) =>
        `| ${r.label} | **${int(r.perCpuSecond.median)}** <sub>${int(r.perCpuSecond.min)}–${int(r.perCpuSecond.max)}</sub> | ${micros(r.perCpuSecond.median)} | ${int(r.perSecond.median)} <sub>${int(r.perSecond.min)}–${int(r.perSecond.max)}</sub> |`,
    ),
    '',
    `Run: \`npm run -w bench bench:explore\` from the repository root (it builds the packages first; \`-- --schedules=${result.schedules} --runs=${result.runs}\`), ${date}, ${commit}.`,
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB; ${machine.platform}; Node ${machine.node}; 1-minute load average ${machine.loadStart.toFixed(2)}.`,
    '',
    EXPLORE_END,
  ];
  return lines.join('\n');
}
