import 'reflect-metadata';
import { ActorSystem } from '@troupe/core';
import { spawnThreaded } from '@troupe/threads';
import { HashPassword, VerifyPassword, type PasswordHasher } from './hasher';
import { GetPulse, Heartbeat } from './heartbeat';

/** What a run did and how the main thread fared meanwhile. */
export interface Report {
  readonly hashed: number;
  readonly elapsedMs: number;
  readonly ticks: number;
  readonly worstLagMs: number;
  readonly verified: boolean;
  readonly rejected: boolean;
}

export interface Options {
  /** Passwords to hash. Default 200. */
  readonly jobs?: number;
  /** scrypt's N. Default 2^14 (about 50 ms of one core per hash here). */
  readonly cost?: number;
  /** Worker threads. Default 2. */
  readonly threads?: number;
  /** Node options for the worker threads; by default they inherit this process's (its TypeScript loader). */
  readonly execArgv?: readonly string[];
  readonly log?: (line: string) => void;
}

/**
 * A burst of sign-ups: 200 passwords hashed with scrypt by a threaded actor on 2 worker threads,
 * while a heartbeat actor on the main thread ticks every 10 ms. Its worst lag shows that the
 * event loop stayed free; then two logins check passwords against the stored records.
 */
export async function main(options: Options = {}): Promise<Report> {
  const { jobs = 200, cost = 2 ** 14, threads = 2, log = console.log } = options;
  const system = new ActorSystem({ name: 'password-hashing' });
  const hasher = spawnThreaded<PasswordHasher>(system, {
    module: require.resolve('./hasher'),
    export: 'PasswordHasher',
    threads,
    name: 'hasher',
    mailbox: 1000,
    execArgv: options.execArgv,
  });

  // One hash per thread first, so that starting the threads (and, under ts-node, compiling the
  // module in each) is over before the heartbeat starts: what it measures is the burst alone.
  await Promise.all(Array.from({ length: threads }, () => hasher.send(new HashPassword('warm-up', cost), { timeoutMs: 60_000 })));
  const heartbeat = system.spawn(Heartbeat, { args: [10], name: 'heartbeat' });

  const started = performance.now();
  const records = await Promise.all(
    Array.from({ length: jobs }, (_, i) => hasher.send(new HashPassword(`correct horse ${i}`, cost), { timeoutMs: 120_000 })),
  );
  const elapsedMs = performance.now() - started;
  const pulse = await heartbeat.send(new GetPulse());
  log(`hashed ${records.length} passwords (scrypt N=${cost}) on ${threads} threads in ${elapsedMs.toFixed(0)} ms`);
  log(`meanwhile the heartbeat on the main thread ticked ${pulse.ticks} times every 10 ms; worst lag ${pulse.worstLagMs.toFixed(1)} ms`);

  const verified = await hasher.send(new VerifyPassword('correct horse 7', records[7]));
  const rejected = !(await hasher.send(new VerifyPassword('battery staple', records[7])));
  log(`login with the right password: ${verified ? 'accepted' : 'REFUSED'}; with a wrong one: ${rejected ? 'refused' : 'ACCEPTED'}`);

  await system.shutdown();
  return { hashed: records.length, elapsedMs, ticks: pulse.ticks, worstLagMs: pulse.worstLagMs, verified, rejected };
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
