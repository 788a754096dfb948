import 'reflect-metadata';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Actor, ActorStoppedError, Handler, Message, type Addr } from '@troupe/core';
import { Supervisor, type ChildSpec, type RestartStrategy, type SupervisorSpec } from '@troupe/supervisor';
import { newSystem, settle, stopSystems } from './helpers';

afterEach(stopSystems);

const MESSAGES = 100_000;
const WORKERS_PER_SUPERVISOR = 50;
const STRATEGIES: RestartStrategy[] = ['one-for-one', 'one-for-all', 'rest-for-one', 'one-for-one'];

/** A small seeded PRNG (mulberry32), so that a failing run can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What happened to each message, by id: shared by every worker instance, old and new. */
const entered = new Uint8Array(MESSAGES);
const completed = new Uint8Array(MESSAGES);
const fails = new Uint8Array(MESSAGES);

class Job extends Message<number> {
  constructor(readonly id: number) {
    super();
  }
}
class Ping extends Message<string> {}
class Injected extends Error {}

function handle(job: Job): number {
  entered[job.id]++;
  if (fails[job.id]) throw new Injected(`job ${job.id}`);
  completed[job.id]++;
  return job.id;
}

@Actor({ mailbox: 64 })
class SyncWorker {
  @Handler(Job) job(m: Job): number {
    return handle(m);
  }
  @Handler(Ping) ping(_: Ping): string {
    return 'pong';
  }
}

/** Awaits before its work, so that restarts of its siblings often find it in the middle of a message. */
@Actor({ mailbox: 64 })
class AsyncWorker {
  @Handler(Job) async job(m: Job): Promise<number> {
    await Promise.resolve();
    return handle(m);
  }
  @Handler(Ping) ping(_: Ping): string {
    return 'pong';
  }
}

/** `global.gc` if node runs with --expose-gc; otherwise the same function, exposed at run time. */
function collector(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

async function heapAfterGc(gc: () => void): Promise<number> {
  for (let i = 0; i < 3; i++) {
    await settle(2);
    gc();
  }
  return process.memoryUsage().heapUsed;
}

test('chaos: 200 workers under a three-level tree, 100 000 messages, 1% failing: every other message handled exactly once', async () => {
  const rng = random(0xc4a05);
  for (let id = 0; id < MESSAGES; id++) fails[id] = rng() < 0.01 ? 1 : 0;
  const system = newSystem({ askTimeoutMs: 60_000 });
  const restarts = { count: 0 };
  system.events.on('actor:restarted', () => restarts.count++);
  const gaveUp: string[] = [];
  system.events.on('supervisor:gave-up', (e) => gaveUp.push(e.path));

  const mid = STRATEGIES.map(
    (strategy, s): SupervisorSpec => ({
      strategy,
      maxRestarts: 10_000,
      withinMs: 60_000,
      backoff: s === 3 ? { minMs: 1, maxMs: 4, jitter: 0.5 } : undefined,
      children: Array.from({ length: WORKERS_PER_SUPERVISOR }, (_, i) => ({
        actor: s === 1 ? AsyncWorker : SyncWorker,
        name: `w${i}`,
      })),
    }),
  );
  const root = Supervisor.start(system, {
    name: 'root',
    strategy: 'one-for-one',
    children: mid.map((spec, s): ChildSpec<typeof Supervisor> => ({ actor: Supervisor, name: `mid${s}`, args: [spec] })),
  });
  await settle();
  const workers = Supervisor.children(root).flatMap((m) => Supervisor.children(m.actor).map((w) => w.actor as Addr<SyncWorker>));
  expect(workers).toHaveLength(200);

  const gc = collector();
  const heapBefore = await heapAfterGc(gc);

  // Every fifth message is a request (send); the others are commands (tell, with backpressure).
  const requests: Array<Promise<unknown>> = [];
  const started = Date.now();
  for (let id = 0; id < MESSAGES; id++) {
    const worker = workers[id % workers.length];
    if (id % 5 === 0) requests.push(worker.send(new Job(id)).catch((e: unknown) => e));
    else await worker.tell(new Job(id));
  }
  let watchdog: ReturnType<typeof setTimeout> | undefined;
  const hung = new Promise<'hung'>((resolve) => (watchdog = setTimeout(() => resolve('hung'), 20_000)));
  const outcomes = await Promise.race([Promise.all(requests), hung]);
  clearTimeout(watchdog);
  expect(outcomes).not.toBe('hung'); // no promise hangs
  const settled = outcomes as unknown[];

  // Every command is handled too: wait until each id has been entered once.
  for (let i = 0; i < 2000 && entered.reduce((n, v) => n + v, 0) < MESSAGES; i++) await settle(1);
  const elapsed = Date.now() - started;

  let twice = 0;
  let lost = 0;
  let failed = 0;
  for (let id = 0; id < MESSAGES; id++) {
    if (entered[id] > 1 || completed[id] > 1) twice++;
    if (entered[id] === 0) lost++;
    if (fails[id]) failed++;
    else if (completed[id] !== 1) lost++;
  }
  expect({ twice, lost }).toEqual({ twice: 0, lost: 0 });
  expect(failed).toBeGreaterThan(800); // about 1%
  expect(restarts.count).toBeGreaterThan(failed); // one-for-all and rest-for-one restart siblings too
  expect(gaveUp).toEqual([]);

  // A request settles with its reply, with the injected error, or (for an async handler in the
  // middle of its work when a sibling's failure restarted it) with ActorStoppedError.
  const kinds = { replied: 0, injected: 0, stoppedMidway: 0, other: 0 };
  settled.forEach((o, i) => {
    if (typeof o === 'number' && o === i * 5) kinds.replied++;
    else if (o instanceof Injected) kinds.injected++;
    else if (o instanceof ActorStoppedError) kinds.stoppedMidway++;
    else kinds.other++;
  });
  expect(kinds.other).toBe(0);
  expect(kinds.replied + kinds.injected + kinds.stoppedMidway).toBe(MESSAGES / 5);

  // The tree still answers.
  const pongs = await Promise.all(workers.map((w) => w.send(new Ping(), { timeoutMs: 2000 })));
  expect(pongs.every((p) => p === 'pong')).toBe(true);
  expect(root.isAlive).toBe(true);

  requests.length = 0;
  settled.length = 0;
  const heapAfter = await heapAfterGc(gc);
  const growth = (heapAfter - heapBefore) / heapBefore;
  console.info(
    `chaos: ${MESSAGES} messages in ${elapsed} ms, ${failed} injected failures, ${restarts.count} restarts, ` +
      `${kinds.stoppedMidway} requests cut short by a sibling's restart; heap ${(heapBefore / 1e6).toFixed(1)} MB -> ${(heapAfter / 1e6).toFixed(1)} MB (${(growth * 100).toFixed(1)}%)`,
  );
  expect(growth).toBeLessThan(0.1);
}, 30_000);
