/** The explore section of `docs/benchmarks.md` (see marked-section.ts), and its rendering. */
import type { Machine } from '../machine';
import type { ExploreResult } from './measure';
import { markedSection } from '../marked-section';

export const exploreSection = markedSection('explore', 'bench:explore', 'bench/src/explore/main.ts');
export const EXPLORE_BEGIN = exploreSection.begin;
export const EXPLORE_END = exploreSection.end;
export const exploreSectionOf = exploreSection.of;
export const withExploreSection = exploreSection.within;
export const writeExploreSection = exploreSection.write;

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
