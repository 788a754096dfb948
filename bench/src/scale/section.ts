/**
 * The scale section lives between two markers at the end of `docs/benchmarks.md`: the scale
 * benchmark replaces it, and `npm run bench`, which rewrites the rest of the file, keeps it.
 */
export const SECTION_BEGIN = '<!-- scale:begin (written by `npm run -w bench bench:scale`, bench/src/scale/main.ts; `npm run bench` keeps it) -->';
export const SECTION_END = '<!-- scale:end -->';

const BEGIN_PREFIX = '<!-- scale:begin';

/** The scale section of a report, markers included, if it has one. */
export function sectionOf(report: string): string | undefined {
  const begin = report.indexOf(BEGIN_PREFIX);
  const end = report.indexOf(SECTION_END, begin);
  if (begin < 0 || end < 0) return undefined;
  return report.slice(begin, end + SECTION_END.length);
}

/** `report` with its scale section replaced by `section`, or with `section` appended at the end. */
export function withSection(report: string, section: string | undefined): string {
  const old = sectionOf(report);
  if (section === undefined) return report;
  if (old !== undefined) return report.replace(old, () => section);
  return `${report.trimEnd()}\n\n${section}\n`;
}
