/** The instructions section of `docs/benchmarks.md` (see marked-section.ts), and its rendering. */
import type { Machine } from '../machine';
import { markedSection } from '../marked-section';
import { largest, type Profile } from './profile';
import type { PairInstructions } from './measure';

export const instructionsSection = markedSection('instructions', 'bench:instructions', 'bench/src/instructions/main.ts');

/** How many pieces of code each pair's breakdown names before "everything else". */
const SHOWN = 8;

const int = (n: number): string => Math.round(n).toLocaleString('en-US');

function breakdown(byCode: Profile): string[] {
  const { top, other } = largest(byCode, SHOWN);
  return [...top.map(([name, n]) => `${int(n)} ${name}`), `${int(other)} everything else`];
}

export interface InstructionsRun {
  readonly pairs: readonly PairInstructions[];
  readonly small: number;
  readonly large: number;
  readonly machine: Machine;
  readonly date: string;
  readonly commit: string;
}

/** The section, markers included: per scenario, Troupe's count beside raw's, then where each goes. */
export function renderInstructionsSection(run: InstructionsRun): string {
  const scenarios = [...new Set(run.pairs.map((p) => p.scenario))];
  const find = (scenario: string, lib: string): PairInstructions | undefined => run.pairs.find((p) => p.scenario === scenario && p.lib === lib);
  const lines = [
    instructionsSection.begin,
    '',
    '## Instructions per operation',
    '',
    'Machine instructions executed per message or request, counted by valgrind (callgrind) over a whole',
    'run: all code, the garbage collector included. Each pair runs at two sizes and the count is the',
    'difference over the difference in operations, so that starting node and compiling the code cancel',
    'out. Counts do not move when other processes share the machine, so they show a change of a few',
    'percent that timings hide; they are not time (a cache miss costs more than an add): the tables',
    'above are. In brackets, raw\'s count over Troupe\'s, which is what the throughput ratio would be if',
    'every instruction took the same time.',
    '',
    '| scenario | raw | troupe | raw ÷ troupe |',
    '|---|---:|---:|---:|',
  ];
  for (const scenario of scenarios) {
    const raw = find(scenario, 'raw');
    const troupe = find(scenario, 'troupe');
    const ratio = raw !== undefined && troupe !== undefined ? `${(raw.perOp / troupe.perOp).toFixed(2)}×` : '–';
    lines.push(`| \`${scenario}\` | ${raw === undefined ? '–' : int(raw.perOp)} | ${troupe === undefined ? '–' : int(troupe.perOp)} | ${ratio} |`);
  }
  lines.push('', 'Where the instructions go, per operation (JavaScript functions with every tier together, V8 builtins, C++):', '');
  for (const scenario of scenarios) {
    for (const lib of ['troupe', 'raw']) {
      const pair = find(scenario, lib);
      if (pair === undefined) continue;
      lines.push(`- \`${scenario}\`, ${lib}: ${breakdown(pair.byCode).join('; ')}`);
    }
  }
  lines.push(
    '',
    `Run: \`npm run -w bench bench:instructions\` from the repository root (valgrind needed; \`-- --only=${scenarios.join(',')} --scales=${run.small},${run.large}\`), ${run.date}, ${run.commit}.`,
    `Machine: ${run.machine.cpu}; Node ${run.machine.node} with \`--single-threaded\` (compilation and gc on the main thread, so that every instruction is counted).`,
    '',
    instructionsSection.end,
  );
  return lines.join('\n');
}
