/**
 * The sharding section of `docs/benchmarks.md`, between its own two markers: `bench:sharding`
 * replaces it, and `npm run bench`, which rewrites the rest of the file, keeps it.
 */
export const SHARDING_BEGIN = '<!-- sharding:begin (written by `npm run -w bench bench:sharding`, bench/src/sharding/main.ts; `npm run bench` keeps it) -->';
export const SHARDING_END = '<!-- sharding:end -->';

const BEGIN_PREFIX = '<!-- sharding:begin';

/** The sharding section of a report, markers included, if it has one. */
export function shardingSectionOf(report: string): string | undefined {
  const begin = report.indexOf(BEGIN_PREFIX);
  const end = report.indexOf(SHARDING_END, begin);
  if (begin < 0 || end < 0) return undefined;
  return report.slice(begin, end + SHARDING_END.length);
}

/** `report` with its sharding section replaced by `section`, or with `section` appended at the end. */
export function withShardingSection(report: string, section: string | undefined): string {
  if (section === undefined) return report;
  const old = shardingSectionOf(report);
  if (old !== undefined) return report.replace(old, () => section);
  return `${report.trimEnd()}\n\n${section}\n`;
}
