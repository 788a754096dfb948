import type { Measurement } from './measure';

/** Median and range of one figure over the measured runs. */
export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1] };
}

/** The median of some figures. */
export function median(values: readonly number[]): number {
  return summarize(values).median;
}

/** The result of one (scenario, library) pair. */
export interface PairResult {
  /** Operations per second (wall clock). */
  readonly rate: Summary;
  /** Operations per CPU second of the main thread (see measure.ts), when measured. */
  readonly cpuRate: Summary | undefined;
  /** Each extra figure (µs per request, bytes per actor, ...). */
  readonly extra: Readonly<Record<string, Summary>>;
  readonly runs: readonly Measurement[];
}

export function pairResult(runs: readonly Measurement[]): PairResult {
  const extra: Record<string, Summary> = {};
  for (const key of Object.keys(runs[0].extra ?? {})) extra[key] = summarize(runs.map((r) => r.extra![key]));
  const cpuRate = runs.every((r) => r.cpuMs !== undefined && r.cpuMs > 0) ? summarize(runs.map((r) => (r.ops * 1000) / r.cpuMs!)) : undefined;
  return { rate: summarize(runs.map((r) => (r.ops * 1000) / r.ms)), cpuRate, extra, runs };
}
