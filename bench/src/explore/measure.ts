/**
 * What a schedule of `explore` costs: schedules per second for the 3-actor scenario under each
 * strategy, against the same scenario run once per fresh `TestKit` and per fresh `ActorSystem`
 * (no exploring), and one traced replay. Each figure is the median of `runs` timed batches after
 * a warm-up batch, in this process.
 */
import { ActorSystem, silentLogger } from '@troupe/core';
import { explore, TestKit, type ExploreOptions } from '@troupe/testkit';
import { lastCpuMs, now, since } from '../measure';
import { summarize, type Summary } from '../stats';
import { threeActors } from './scenario';

/** One way of running the scenario, and its rate. */
export interface ExploreRow {
  readonly label: string;
  /** Runs (schedules) per second of wall time: median, min and max over the timed batches. */
  readonly perSecond: Summary;
  /** Runs per CPU second of the main thread (barely moved by other processes on the machine). */
  readonly perCpuSecond: Summary;
}

export interface ExploreResult {
  readonly schedules: number;
  readonly runs: number;
  /** Actor runs (scheduler steps) in one schedule, and promise-continuation points. */
  readonly steps: number;
  readonly rows: readonly ExploreRow[];
}

async function rate(batch: number, runs: number, once: () => Promise<void>): Promise<Pick<ExploreRow, 'perSecond' | 'perCpuSecond'>> {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r <= runs; r++) {
    const t = now();
    await once();
    const ms = since(t);
    if (r === 0) continue; // the first batch warms up
    wall.push((batch * 1000) / ms);
    cpu.push((batch * 1000) / lastCpuMs());
  }
  return { perSecond: summarize(wall), perCpuSecond: summarize(cpu) };
}

async function exploring(schedules: number, options: ExploreOptions): Promise<void> {
  const report = await explore((tk) => threeActors(tk.system), { schedules, seed: 1, ...options });
  if (!report.ok) throw report.failures[0];
}

export async function measureExplore(schedules: number, runs: number): Promise<ExploreResult> {
  const rows: ExploreRow[] = [];
  const row = async (label: string, batch: number, once: () => Promise<void>): Promise<void> => {
    rows.push({ label, ...(await rate(batch, runs, once)) });
  };
  await row('`explore`, random strategy (the default)', schedules, () => exploring(schedules, {}));
  await row('`explore`, `strategy: { preemptions: 2 }`', schedules, () => exploring(schedules, { strategy: { preemptions: 2 } }));
  await row('the scenario on a fresh `TestKit` (virtual time), no exploring', schedules, async () => {
    for (let i = 0; i < schedules; i++) {
      const tk = TestKit.create({ virtualTime: true });
      await threeActors(tk.system);
      await tk.shutdown();
    }
  });
  await row('the scenario on a fresh `ActorSystem`, no kit', schedules, async () => {
    for (let i = 0; i < schedules; i++) {
      const system = new ActorSystem({ logger: silentLogger });
      await threeActors(system);
      await system.shutdown();
    }
  });
  const replays = Math.max(1, Math.round(schedules / 10));
  let steps = 0;
  await row('`explore(…, { replay: seed })`, with its trace', replays, async () => {
    for (let i = 0; i < replays; i++) {
      const report = await explore((tk) => threeActors(tk.system), { replay: 12345 });
      if (!report.ok) throw report.failures[0];
      steps = report.trace.filter((e) => e.kind === 'deliver').length;
    }
  });
  return { schedules, runs, steps, rows };
}
