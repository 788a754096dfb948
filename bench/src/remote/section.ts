/**
 * The remote section of `docs/benchmarks.md`, between its own two markers: `bench:remote` replaces
 * it, and `npm run bench`, which rewrites the rest of the file, keeps it.
 */
export const REMOTE_BEGIN = '<!-- remote:begin (written by `npm run -w bench bench:remote`, bench/src/remote/main.ts; `npm run bench` keeps it) -->';
export const REMOTE_END = '<!-- remote:end -->';

const BEGIN_PREFIX = '<!-- remote:begin';

/** The remote section of a report, markers included, if it has one. */
export function remoteSectionOf(report: string): string | undefined {
  const begin = report.indexOf(BEGIN_PREFIX);
  const end = report.indexOf(REMOTE_END, begin);
  if (begin < 0 || end < 0) return undefined;
  return report.slice(begin, end + REMOTE_END.length);
}

/** `report` with its remote section replaced by `section`, or with `section` appended at the end. */
export function withRemoteSection(report: string, section: string | undefined): string {
  if (section === undefined) return report;
  const old = remoteSectionOf(report);
  if (old !== undefined) return report.replace(old, () => section);
  return `${report.trimEnd()}\n\n${section}\n`;
}
