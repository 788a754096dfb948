import { availableParallelism } from 'node:os';
import type { ResourceLimits } from 'node:worker_threads';
import { ActorConfigError, type SpawnOptions } from '@troupe/core';

/** Options of {@link spawnThreaded}. Only `module` is required. */
export interface ThreadedOptions {
  /**
   * Absolute path to the JavaScript module that defines the actor class, such as
   * `require.resolve('./hasher')`. It is loaded once in the calling thread, at spawn (to check
   * the class and learn its message classes) and once in every worker thread.
   */
  module: string;
  /** The export that is the `@Actor` class. Default: the default export, else the module's only `@Actor` class. */
  export?: string;
  /** Constructor arguments, structured-cloned to every thread; also used on restarts. */
  args?: readonly unknown[];
  /**
   * Worker threads, each with its own instance of the class; also how many messages are in
   * flight at most (the rest wait in the mailbox). Default: the number of CPU cores
   * (`os.availableParallelism()`).
   */
  threads?: number;
  /** Unique among siblings; default a generated `$<n>`. */
  name?: SpawnOptions['name'];
  /** Mailbox capacity of the threaded actor; default the class's `@Actor({ mailbox })`, else the system's. */
  mailbox?: SpawnOptions['mailbox'];
  /** How long its parent waits for a graceful stop (in-flight messages included) before it kills it. */
  shutdownMs?: SpawnOptions['shutdownMs'];
  /** For supervisor strategies: `permanent`, `transient` or `temporary`. */
  restart?: SpawnOptions['restart'];
  /**
   * Extra classes to rebuild replies and errors as, in the calling thread, where the actor module
   * does not export them (or exports other copies, as under jest). Matched by wire name.
   */
  classes?: readonly (abstract new (...args: never[]) => unknown)[];
  /** Memory limits of each thread (Node's `Worker` option); a thread beyond them dies and is replaced. */
  resourceLimits?: ResourceLimits;
  /**
   * Node options of the threads. Default: the calling process's own (`process.execArgv`), so
   * that a loader given with `-r ts-node/register` or `--import tsx` reaches the threads too.
   */
  execArgv?: readonly string[];
  /**
   * Keep each thread's event loop running while it has no message to handle. By default an idle
   * thread sleeps in `Atomics.wait` (piscina's fastest hand-off), so timers and other async work
   * that an instance starts make progress only while its thread handles a message. Costs a few
   * microseconds per message.
   */
  idleEventLoop?: boolean;
}

/** The options, checked, with defaults. */
export interface ResolvedOptions {
  readonly threads: number;
  readonly args: readonly unknown[];
  readonly spawn: SpawnOptions;
}

/** Checks what core does not check itself. */
export function resolveOptions(options: ThreadedOptions, where: string): ResolvedOptions {
  if (options === null || typeof options !== 'object') throw new ActorConfigError(`${where}: options are required, at least { module }`);
  const threads = options.threads ?? availableParallelism();
  if (!Number.isInteger(threads) || threads < 1) {
    throw new ActorConfigError(`${where}: threads must be a positive integer, got ${String(options.threads)}`);
  }
  const args = options.args ?? [];
  if (!Array.isArray(args)) throw new ActorConfigError(`${where}: args must be an array of constructor arguments`);
  const spawn: SpawnOptions = {};
  if (options.name !== undefined) spawn.name = options.name;
  if (options.mailbox !== undefined) spawn.mailbox = options.mailbox;
  if (options.shutdownMs !== undefined) spawn.shutdownMs = options.shutdownMs;
  if (options.restart !== undefined) spawn.restart = options.restart;
  return { threads, args, spawn };
}
