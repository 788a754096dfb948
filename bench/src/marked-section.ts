import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

/**
 * A section of `docs/benchmarks.md` between two markers, written by its own benchmark script:
 * the script replaces it, and `npm run bench`, which rewrites the rest of the file, keeps it.
 */
export interface MarkedSection {
  /** The opening marker, naming the script that writes the section. */
  readonly begin: string;
  readonly end: string;
  /** The section of a report, markers included, if it has one. */
  of(report: string): string | undefined;
  /** `report` with the section replaced by `section`, or with `section` appended at the end. */
  within(report: string, section: string | undefined): string;
  /** Writes `section` into the report `file` (made if missing) and says so on the console. */
  write(file: string, section: string): void;
}

/** The section named `name` (`scale`, `remote`…), written by `npm run -w bench <script>` from `source`. */
export function markedSection(name: string, script: string, source: string): MarkedSection {
  const prefix = `<!-- ${name}:begin`;
  const begin = `${prefix} (written by \`npm run -w bench ${script}\`, ${source}; \`npm run bench\` keeps it) -->`;
  const end = `<!-- ${name}:end -->`;
  const of = (report: string): string | undefined => {
    const at = report.indexOf(prefix);
    const to = report.indexOf(end, at);
    if (at < 0 || to < 0) return undefined;
    return report.slice(at, to + end.length);
  };
  const within = (report: string, section: string | undefined): string => {
    if (section === undefined) return report;
    const old = of(report);
    if (old !== undefined) return report.replace(old, () => section);
    return `${report.trimEnd()}\n\n${section}\n`;
  };
  const write = (file: string, section: string): void => {
    const report = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
    writeFileSync(file, within(report, section));
    console.log(`wrote the ${name} section of ${path.relative(process.cwd(), file)}`);
  };
  return { begin, end, of, within, write };
}
