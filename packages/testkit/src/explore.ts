import type { SystemOptions } from '@troupe/core';
import { TestKit } from './test-kit';
import { formatTrace, type TraceEntry } from './trace';
import { awaitingOf } from './internal/actors';
import { describeError } from './internal/describe';
import type { SchedulePolicy } from './internal/kit-scheduler';
import { PreemptionPolicy, RandomPolicy } from './internal/policies';
import { scheduleSeed, seededRandom } from './internal/random';
import { macrotask } from './internal/turns';

/** A test of a protocol: run once per schedule, each time on a fresh kit (virtual time). Throws to fail. */
export type Scenario = (tk: TestKit) => void | Promise<void>;

/** Options of {@link explore}. */
export interface ExploreOptions {
  /** How many schedules to try (each with its own seed). Default 100. */
  schedules?: number;
  /** The seed the schedules' seeds derive from: the same seed, the same schedules. Default 1. */
  seed?: number;
  /** Run only the schedule of this seed (a failure's `seed`), recording its trace. */
  replay?: number;
  /**
   * Which orders to try. `'random'` (default): any ready actor may run next, and continuations
   * run early half of the time. `{ preemptions: k }`: the runtime's own order, except at most `k`
   * decision points where another actor runs or continuations run early, chosen among the first
   * `horizon` (default: as many as the scenario meets in the runtime's own order, counted by
   * one extra run first). Give the same strategy to replay a seed.
   */
  strategy?: 'random' | { preemptions: number; horizon?: number };
  /** Actor runs allowed per schedule before it counts as a failure (a livelock). Default 100 000. */
  maxSteps?: number;
  /** Options of each schedule's `ActorSystem` (as `TestKit.create`'s `systemOptions`). */
  systemOptions?: SystemOptions;
}

/** The first schedule that failed: its seed (to replay), the error, and the order that led there. */
export class ExploreFailure extends Error {
  override readonly name = 'ExploreFailure';

  /** @internal */
  constructor(
    /** Replay exactly this schedule with `explore(scenario, { replay: seed })`. */
    readonly seed: number,
    /** Which schedule it was, from 0. */
    readonly schedule: number,
    /** What the scenario threw (or why the schedule could not finish). */
    override readonly cause: unknown,
    /** Every delivery, start, timer and resumption of the schedule, in order. */
    readonly trace: readonly TraceEntry[],
    /** Actor runs in the schedule. */
    readonly steps: number,
    note: string,
  ) {
    super(
      `schedule ${schedule} (seed ${seed}) failed after ${steps} actor runs: ${describeError(cause)}${note}\n` +
        `Replay it with explore(scenario, { replay: ${seed} }). The trace of deliveries (last 40):\n${formatTrace(trace, 40)}`,
    );
  }
}

/** What {@link explore} found. */
export interface ExploreReport {
  /** True when every schedule passed. */
  readonly ok: boolean;
  /** Schedules run (up to and including the first failing one). */
  readonly schedules: number;
  /** The first failing schedule, if any (explore stops there): at most one entry. */
  readonly failures: readonly ExploreFailure[];
  /** The trace of the schedule, for a `replay` (whether it failed or not); otherwise empty. */
  readonly trace: readonly TraceEntry[];
}

/** Timers fired in a row without any actor running before a waiting scenario counts as stuck. */
const IDLE_FIRES = 1_000;

interface Outcome {
  failed: boolean;
  error: unknown;
  steps: number;
  trace: readonly TraceEntry[];
}

/**
 * Runs `scenario` under many schedules: each time on a fresh `TestKit` with virtual time, whose
 * scheduler picks, from a seeded random source, which ready actor runs next and when promise
 * continuations run (where reentrant handlers interleave, and when callers resume). Stops at
 * the first schedule in which the scenario throws (or cannot finish: no actor can run and no
 * timer is pending while it waits; more than `maxSteps` runs) and reports its seed and the trace
 * of deliveries that led there. `{ replay: seed }` runs that one schedule again, in the same order.
 *
 * When no actor can run, virtual time moves to the next timer by itself (a timeout fires rather
 * than the schedule hanging), unless the scenario is moving it (`tk.advance`, a probe's wait).
 *
 * A scenario must be deterministic apart from the order of actor runs: no real I/O, real timers,
 * `Math.random()` or `Date.now()` in it or in its actors; otherwise a replay may differ.
 *
 * @example
 * ```ts
 * const report = await explore(async (tk) => {
 *   const account = tk.system.spawn(Account);
 *   await Promise.all([account.send(new Deposit(1)), account.send(new Deposit(2))]);
 *   if ((await account.send(new Balance())) !== 3) throw new Error('lost update');
 * }, { schedules: 200, seed: 1 });
 * if (!report.ok) throw report.failures[0];
 * ```
 */
export async function explore(scenario: Scenario, options: ExploreOptions = {}): Promise<ExploreReport> {
  const schedules = options.schedules ?? 100;
  const base = options.seed ?? 1;
  const maxSteps = options.maxSteps ?? 100_000;
  if (!Number.isInteger(schedules) || schedules < 1) throw new TypeError(`explore: schedules must be a positive integer, got ${String(options.schedules)}`);
  if (!Number.isInteger(maxSteps) || maxSteps < 1) throw new TypeError(`explore: maxSteps must be a positive integer, got ${String(options.maxSteps)}`);
  checkSeed(base, 'seed');
  const strategy = options.strategy ?? 'random';
  checkStrategy(strategy);
  const horizon = strategy === 'random' ? 0 : (strategy.horizon ?? (await decisionsOf(scenario, options.systemOptions, maxSteps)));
  const policyOf = (seed: number): SchedulePolicy =>
    strategy === 'random' ? new RandomPolicy(seededRandom(seed)) : new PreemptionPolicy(seededRandom(seed), strategy.preemptions, horizon);
  const run = (seed: number, trace: boolean): Promise<Outcome> => runSchedule(scenario, policyOf(seed), options.systemOptions, maxSteps, trace);

  if (options.replay !== undefined) {
    checkSeed(options.replay, 'replay');
    const outcome = await run(options.replay, true);
    const failures = outcome.failed ? [new ExploreFailure(options.replay, 0, outcome.error, outcome.trace, outcome.steps, '')] : [];
    return { ok: !outcome.failed, schedules: 1, failures, trace: outcome.trace };
  }
  for (let i = 0; i < schedules; i++) {
    const seed = scheduleSeed(base, i);
    const outcome = await run(seed, false);
    if (!outcome.failed) continue;
    // Run it again to record its trace (tracing costs; passing schedules need none). A
    // deterministic scenario fails the same way again.
    const traced = await run(seed, true);
    const note = traced.failed
      ? ''
      : '\n(The same schedule run again with tracing passed: the scenario is not deterministic; look for real I/O, real timers, Math.random or Date.now. The trace is of that passing run.)';
    return { ok: false, schedules: i + 1, failures: [new ExploreFailure(seed, i, outcome.error, traced.trace, outcome.steps, note)], trace: [] };
  }
  return { ok: true, schedules, failures: [], trace: [] };
}

/** The decision points of the scenario in the runtime's own order (at least 1). */
async function decisionsOf(scenario: Scenario, systemOptions: SystemOptions | undefined, maxSteps: number): Promise<number> {
  const natural = new PreemptionPolicy(seededRandom(0), 0, 1);
  await runSchedule(scenario, natural, systemOptions, maxSteps, false);
  return Math.max(1, natural.decisionsMade);
}

/** One schedule: the scenario on a fresh kit, driven until it settles. */
async function runSchedule(scenario: Scenario, policy: SchedulePolicy, systemOptions: SystemOptions | undefined, maxSteps: number, trace: boolean): Promise<Outcome> {
  const tk = new TestKit({ virtualTime: true, systemOptions }, { policy, closed: true, trace });
  let done = false;
  let failed = false;
  let error: unknown;
  void Promise.resolve()
    .then(() => scenario(tk))
    .then(
      () => {
        done = true;
      },
      (e: unknown) => {
        done = true;
        failed = true;
        error = e;
      },
    );
  let idleFires = 0;
  let runs = 0;
  while (!done) {
    await macrotask();
    if (done) break;
    const scheduler = tk.scheduler;
    if (scheduler.runs > maxSteps) {
      [failed, error] = [true, new Error(`the schedule did not finish within ${maxSteps} actor runs (a livelock? raise maxSteps if the scenario is long)`)];
      break;
    }
    if (scheduler.runs !== runs || tk.timeOwners > 0) {
      // Actors ran, or the scenario moves the clock itself (advance, a probe's wait): let it.
      runs = scheduler.runs;
      idleFires = 0;
      continue;
    }
    if (!scheduler.isEmpty) continue;
    // Nothing can run: let time move to the next timer, as long as timers lead somewhere.
    if (idleFires < IDLE_FIRES && tk.fireNext()) {
      idleFires++;
      continue;
    }
    [failed, error] = [true, new Error(`stuck: the scenario waits, but no actor can run and no timer is pending (${awaitingOf(tk.system)} handler promises pending). A deadlock?`)];
    break;
  }
  const steps = tk.scheduler.runs;
  if (failed) {
    tk.halt();
  } else {
    try {
      await tk.shutdown();
    } catch {
      tk.halt(); // the scenario passed; a stop that cannot finish is not its failure
    }
  }
  return { failed, error, steps, trace: tk.tracer?.entries ?? [] };
}

function checkSeed(seed: unknown, name: string): void {
  if (typeof seed !== 'number' || !Number.isInteger(seed)) throw new TypeError(`explore: ${name} must be an integer, got ${String(seed)}`);
}

function checkStrategy(strategy: unknown): void {
  if (strategy === 'random') return;
  const s = strategy as { preemptions?: unknown; horizon?: unknown } | null;
  if (typeof s !== 'object' || s === null || !Number.isInteger(s.preemptions) || (s.preemptions as number) < 0) {
    throw new TypeError(`explore: strategy must be 'random' or { preemptions: <integer >= 0>, horizon? }, got ${String(strategy)}`);
  }
  if (s.horizon !== undefined && (!Number.isInteger(s.horizon) || (s.horizon as number) < 1)) {
    throw new TypeError(`explore: strategy.horizon must be a positive integer, got ${String(s.horizon)}`);
  }
}
