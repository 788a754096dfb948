/**
 * `@troupe/threads` against the event loop and against piscina. From the repository root:
 * `npm run build && npm run -w bench bench:threads` (options after `--`: `--runs=5`, `--jobs=60`, `--roundtrips=3000` per round).
 * Prints a markdown table:
 *
 * 1. Event-loop lag: the worst delay of a 1 ms interval on the main thread while 2 threads of a
 *    threaded actor hash passwords (PBKDF2), against the same jobs run by an ordinary actor on the
 *    main thread, which holds the loop for each whole job. Target: under 20 ms.
 * 2. Speed-up of the same CPU-bound jobs on 2 threads against 1. Target: at least 1.8x on 2 cores.
 *    Shown next to it: the same jobs on piscina alone, which is as far as the machine (and its
 *    other load) lets two threads go.
 * 3. Round trip of a tiny message through a worker thread (`send`, one at a time), against
 *    piscina's own `run` with the same payload. Target: within 20%. Also shown: the threaded actor
 *    with `idleEventLoop`, piscina as that option configures it (no Atomics), and two hand-managed
 *    `Worker`s: one with task ids and a table of pending replies (the least a pool needs, which is
 *    what piscina is held against: hand-manage if piscina costs more than 20% per message), and a
 *    bare `postMessage` ping-pong. Costs are wall-clock µs per round trip and CPU µs of the whole
 *    process per round trip. The contenders take turns in a new random order each round, so that
 *    changes in the machine's load hit them alike; overheads are medians of per-round ratios.
 *
 * This file is also the actor module the threads load (and piscina's task module): its bench
 * runs only when it is the process's entry point. Worker threads load it through the TypeScript
 * loader that `node -r ../examples/register.js` gives the process, which they inherit.
 */
import 'reflect-metadata';
import { pbkdf2Sync } from 'node:crypto';
import * as os from 'node:os';
import { Worker } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { Actor, ActorSystem, Handler, Message, silentLogger, type Addr } from '@troupe/core';
import { spawnThreaded } from '@troupe/threads';
import { option } from './options';

/**
 * One CPU-bound job: a password hash (PBKDF2-SHA256, 30 000 iterations: about 15 ms of one core
 * here). PBKDF2 rather than scrypt: it needs no memory to speak of, so two threads do not compete
 * for memory bandwidth and the speed-up measures the threads, not the memory bus.
 */
export class Crunch extends Message<number> {
  constructor(readonly seed: number) {
    super();
  }
}

/** A tiny message: one number there, one number back. */
export class Ping extends Message<number> {
  constructor(readonly n: number) {
    super();
  }
}

@Actor()
export class Cruncher {
  @Handler(Crunch) crunch(m: Crunch): number {
    return crunch(m.seed);
  }

  @Handler(Ping) ping(m: Ping): number {
    return m.n + 1;
  }
}

function crunch(seed: number): number {
  return pbkdf2Sync(`password ${seed}`, 'salt', 30_000, 16, 'sha256')[0];
}

/** piscina's task function for the speed-up baseline: the same work as `Cruncher.crunch`. */
export function crunchTask(seed: number): number {
  return crunch(seed);
}

/** piscina's task function for the round-trip baseline: the same work as `Cruncher.ping`. */
export function echo(task: { n: number }): number {
  return task.n + 1;
}

// ---- measurement helpers -----------------------------------------------------------------


function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function shuffled<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

/** Runs `work` while a 1 ms interval measures how late it fires; returns the worst lag in ms. */
async function worstLag(work: () => Promise<unknown>): Promise<number> {
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last - 1);
    last = now;
  }, 1);
  await new Promise((resolve) => setTimeout(resolve, 20)); // the interval is running
  last = performance.now();
  try {
    await work();
    await new Promise((resolve) => setTimeout(resolve, 5)); // a loop held to the end shows in the next tick
  } finally {
    clearInterval(timer);
  }
  return worst;
}

function crunchAll(addr: Addr<Cruncher>, jobs: number): Promise<number[]> {
  return Promise.all(Array.from({ length: jobs }, (_, i) => addr.send(new Crunch(i), { timeoutMs: 600_000 })));
}

function threaded(system: ActorSystem, threads: number): Addr<Cruncher> {
  return spawnThreaded<Cruncher>(system, { module: __filename, export: 'Cruncher', threads });
}

async function ready(addr: Addr<Cruncher>, threads: number): Promise<void> {
  await Promise.all(Array.from({ length: threads * 4 }, (_, i) => addr.send(new Ping(i)))); // threads up and warm
}

// ---- the three measurements ----------------------------------------------------------------

async function lag(jobs: number): Promise<{ threaded: number; ordinary: number }> {
  const system = new ActorSystem({ name: 'bench-threads', logger: silentLogger });
  const onThreads = threaded(system, 2);
  await ready(onThreads, 2);
  const threadedLag = await worstLag(() => crunchAll(onThreads, jobs));
  const ordinary = system.spawn(Cruncher);
  const ordinaryLag = await worstLag(() => crunchAll(ordinary, jobs));
  await system.shutdown();
  return { threaded: threadedLag, ordinary: ordinaryLag };
}

/** Wall time of one batch of jobs on each of four pools: the threaded actor and piscina alone, 1 and 2 threads. */
interface SpeedRound {
  readonly one: number;
  readonly two: number;
  readonly poolOne: number;
  readonly poolTwo: number;
}

/**
 * `rounds` rounds of `jobs` jobs on each of the four pools, started once and warmed up, in a new
 * random order each round; the speed-up is then taken within a round.
 */
async function speedRounds(jobs: number, rounds: number): Promise<SpeedRound[]> {
  const system = new ActorSystem({ name: 'bench-threads', logger: silentLogger });
  const one = threaded(system, 1);
  const two = threaded(system, 2);
  const poolOne = new Piscina({ filename: __filename, name: 'crunchTask', minThreads: 1, maxThreads: 1 });
  const poolTwo = new Piscina({ filename: __filename, name: 'crunchTask', minThreads: 2, maxThreads: 2 });
  await Promise.all([ready(one, 1), ready(two, 2)]);
  await Promise.all(Array.from({ length: 8 }, (_, i) => Promise.all([poolOne.run(i), poolTwo.run(i)])));
  const batches: Array<() => Promise<unknown>> = [
    () => crunchAll(one, jobs),
    () => crunchAll(two, jobs),
    () => Promise.all(Array.from({ length: jobs }, (_, i) => poolOne.run(i))),
    () => Promise.all(Array.from({ length: jobs }, (_, i) => poolTwo.run(i))),
  ];
  const result: SpeedRound[] = [];
  for (let round = 0; round < rounds; round++) {
    const ms = [0, 0, 0, 0];
    for (const b of shuffled([0, 1, 2, 3])) {
      const started = performance.now();
      await batches[b]();
      ms[b] = performance.now() - started;
    }
    result.push({ one: ms[0], two: ms[1], poolOne: ms[2], poolTwo: ms[3] });
  }
  await system.shutdown();
  await poolOne.destroy();
  await poolTwo.destroy();
  return result;
}

/** Per sequential round trip of `roundTrip`, over `count` round trips after a few untimed ones: wall and CPU time. */
async function perRoundTrip(roundTrip: (n: number) => Promise<number>, count: number): Promise<Cost> {
  for (let i = 0; i < 200; i++) await roundTrip(i); // the thread was idle while the others ran: wake it up
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    if ((await roundTrip(i)) !== i + 1) throw new Error('wrong reply');
  }
  const wall = ((performance.now() - started) * 1000) / count;
  const used = process.cpuUsage(cpu);
  return { wall, cpu: (used.user + used.system) / count };
}

/** Microseconds per round trip: wall-clock, and CPU time of the whole process (every thread). */
interface Cost {
  readonly wall: number;
  readonly cpu: number;
}

/** The round trips' contenders, in this order. */
const CONTENDERS = ['troupe', 'piscina', 'troupeIdleLoop', 'piscinaNoAtomics', 'bareWorker', 'handPool'] as const;
type Contender = (typeof CONTENDERS)[number];

/** One round: the cost per round trip of each contender, measured back to back. */
type Round = Record<Contender, Cost>;

/**
 * The contenders, each on one warm thread, measured in turns: `rounds` rounds of `count` round
 * trips each, in a new random order each round, so that a change in the machine's load hits them
 * all alike. Ratios are taken within a round, then the median over the rounds.
 */
async function roundTrips(count: number, rounds: number): Promise<Round[]> {
  const system = new ActorSystem({ name: 'bench-threads', logger: silentLogger });
  const addr = threaded(system, 1);
  const idleLoop = spawnThreaded<Cruncher>(system, { module: __filename, export: 'Cruncher', threads: 1, idleEventLoop: true });
  const pool = new Piscina({ filename: __filename, name: 'echo', minThreads: 1, maxThreads: 1 }); // piscina's defaults
  const poolNoAtomics = new Piscina({ filename: __filename, name: 'echo', minThreads: 1, maxThreads: 1, atomics: 'disabled' });
  const worker = new Worker(
    "const { parentPort } = require('node:worker_threads'); parentPort.on('message', (m) => parentPort.postMessage(m.n + 1));",
    { eval: true },
  );
  let resolveReply: (n: number) => void = () => undefined;
  worker.on('message', (n: number) => resolveReply(n));
  // What a hand-written pool needs at the least to have several tasks in flight: ids and a table.
  const pooled = new Worker(
    "const { parentPort } = require('node:worker_threads'); parentPort.on('message', (m) => parentPort.postMessage({ id: m.id, v: m.task.n + 1 }));",
    { eval: true },
  );
  const pending = new Map<number, (n: number) => void>();
  let nextId = 0;
  pooled.on('message', (m: { id: number; v: number }) => {
    const resolve = pending.get(m.id)!;
    pending.delete(m.id);
    resolve(m.v);
  });

  const contenders: Array<(n: number) => Promise<number>> = [
    (n) => addr.send(new Ping(n)),
    (n) => pool.run({ n }) as Promise<number>,
    (n) => idleLoop.send(new Ping(n)),
    (n) => poolNoAtomics.run({ n }) as Promise<number>,
    (n) => new Promise<number>((resolve) => ((resolveReply = resolve), worker.postMessage({ n }))),
    (n) =>
      new Promise<number>((resolve) => {
        const id = nextId++;
        pending.set(id, resolve);
        pooled.postMessage({ id, task: { n } });
      }),
  ];
  for (const c of contenders) await perRoundTrip(c, 3000); // warm-up
  const times: Cost[][] = contenders.map(() => []);
  for (let round = 0; round < rounds; round++) {
    // A new order each round: which contender runs after which skews a fixed order by 10-20%.
    for (const c of shuffled(contenders.map((_, i) => i))) times[c].push(await perRoundTrip(contenders[c], count));
  }
  await system.shutdown();
  await pool.destroy();
  await poolNoAtomics.destroy();
  await worker.terminate();
  await pooled.terminate();
  return Array.from({ length: rounds }, (_, r) => Object.fromEntries(CONTENDERS.map((name, c) => [name, times[c][r]])) as Round);
}

async function bench(): Promise<void> {
  const runs = Number(option('runs', '5'));
  const jobs = Number(option('jobs', '60'));
  const count = Number(option('roundtrips', '3000'));
  const loadStart = os.loadavg()[0];
  const lags: Array<{ threaded: number; ordinary: number }> = [];
  const speedups: SpeedRound[] = [];
  const rounds: Round[] = [];
  for (let run = 0; run < runs; run++) {
    lags.push(await lag(jobs));
    speedups.push(...(await speedRounds(jobs, 3)));
    rounds.push(...(await roundTrips(count, 8)));
    process.stderr.write(`run ${run + 1}/${runs} done\n`);
  }
  const m = (pick: (i: number) => number): number => median(Array.from({ length: runs }, (_, i) => pick(i)));
  const lagThreaded = m((i) => lags[i].threaded);
  const lagOrdinary = m((i) => lags[i].ordinary);
  const one = median(speedups.map((r) => r.one));
  const two = median(speedups.map((r) => r.two));
  const speedup = median(speedups.map((r) => r.one / r.two));
  const poolSpeedup = median(speedups.map((r) => r.poolOne / r.poolTwo));
  // Round trips: every round of every run pooled; ratios within a round, then their median.
  const all = (name: Contender): number => median(rounds.map((r) => r[name].wall));
  const within = (a: Contender, b: Contender, of: keyof Cost = 'wall'): number => median(rounds.map((r) => r[a][of] / r[b][of]));
  const cpuOf = (name: Contender): number => median(rounds.map((r) => r[name].cpu));
  const troupe = all('troupe');
  const piscina = all('piscina');
  const piscinaNoAtomics = all('piscinaNoAtomics');
  const troupeIdleLoop = all('troupeIdleLoop');
  const handPool = all('handPool');
  const worker = all('bareWorker');
  const overhead = within('troupe', 'piscina') - 1;
  const cpuOverhead = within('troupe', 'piscina', 'cpu') - 1;
  const piscinaOverhead = within('piscina', 'handPool') - 1;
  const piscinaCpuOverhead = within('piscina', 'handPool', 'cpu') - 1;
  const pct = (x: number): string => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(0)}%`;

  const lines = [
    `### @troupe/threads (medians over ${runs} runs: ${speedups.length} rounds of jobs, ${rounds.length} of round trips; ${os.cpus().length} cores, ${os.cpus()[0]?.model.trim()}, Node ${process.version}; load average ${loadStart.toFixed(1)} → ${os.loadavg()[0].toFixed(1)})`,
    '',
    '| measure | result | target |',
    '| --- | --- | --- |',
    `| worst lag of a 1 ms interval, ${jobs} PBKDF2 jobs on a threaded actor (2 threads) | **${lagThreaded.toFixed(1)} ms** | < 20 ms |`,
    `| the same, the same jobs on an ordinary actor (main thread) | ${lagOrdinary.toFixed(1)} ms | (stalls for each job) |`,
    `| ${jobs} PBKDF2 jobs on a threaded actor, 1 thread → 2 threads | ${one.toFixed(0)} ms → ${two.toFixed(0)} ms: **${speedup.toFixed(2)}×** | ≥ 1.8× |`,
    `| the same jobs on piscina alone, 1 thread → 2 threads (what the machine allows) | ${poolSpeedup.toFixed(2)}× | |`,
    `| round trip of a tiny message: threaded actor \`send\` | **${troupe.toFixed(1)} µs** (${pct(overhead)} vs piscina; CPU ${cpuOf('troupe').toFixed(1)} µs, ${pct(cpuOverhead)}) | within 20% |`,
    `| the same payload: piscina \`run\` (default, Atomics) | ${piscina.toFixed(1)} µs (${pct(piscinaOverhead)} vs hand-managed; CPU ${cpuOf('piscina').toFixed(1)} µs, ${pct(piscinaCpuOverhead)}) | piscina unless > 20% |`,
    `| the same, threaded actor with \`idleEventLoop: true\` | ${troupeIdleLoop.toFixed(1)} µs | |`,
    `| the same payload: piscina \`run\` without Atomics (as \`idleEventLoop\` configures it) | ${piscinaNoAtomics.toFixed(1)} µs | |`,
    `| the same payload: a hand-managed \`Worker\` with task ids (no queue, no replacement) | ${handPool.toFixed(1)} µs (CPU ${cpuOf('handPool').toFixed(1)} µs) | |`,
    `| the same payload: a bare \`Worker\` \`postMessage\` ping-pong (the floor) | ${worker.toFixed(1)} µs | |`,
  ];
  console.log(lines.join('\n'));
}

if (require.main === module) {
  bench().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
