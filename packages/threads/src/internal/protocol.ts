/**
 * What crosses between the calling thread and the worker threads. Tasks go out through piscina's
 * `run`; results come back as its resolved value (a handler's error is a result, not a rejection,
 * so that a rejection always means the thread itself failed); notices come back out of band on the
 * worker's `parentPort`, which piscina re-emits as the pool's `message` event.
 */
import type { NestedMessage } from './clone-scan';

/** What every worker thread is given at start (`workerData`): how to build its instance. */
export interface WorkerSetup {
  /** The actor module, resolved to a file. */
  readonly module: string;
  readonly exportName: string;
  readonly args: readonly unknown[];
  /** The threaded actor's path in the calling thread, for error messages and the worker's actor path. */
  readonly path: string;
}

export const TASK_PING = 1;
export const TASK_STOP = 2;

/**
 * A message for the actor: the message itself (its own fields; the prototype is rebuilt from
 * `w`). Fields that would be empty are left out: every byte here is cloned on every message.
 */
export interface MessageTask {
  readonly k?: undefined;
  /** The wire name of the message's class. */
  readonly w: string;
  readonly m: object;
  readonly n?: readonly NestedMessage[];
  /** The threaded actor's generation (0 when absent): bumped by each restart, after which each thread rebuilds its instance. */
  readonly g?: number;
  /** The cause of the last restart, while some thread has not rebuilt its instance yet; the answer then says which thread it was. */
  readonly c?: SerializedError;
}

/** Answers once the thread has loaded the actor module (or with why it could not). */
export interface PingTask {
  readonly k: typeof TASK_PING;
}

/** Stops the thread's instance (its `stopped` runs), notices `stopped`, then holds the thread until it is terminated. */
export interface StopTask {
  readonly k: typeof TASK_STOP;
}

export type Task = MessageTask | PingTask | StopTask;

/** Which thread answered, at which generation: sent while the calling thread waits for threads to catch up with a restart. */
export interface Answerer {
  readonly t?: number;
  readonly g?: number;
}

export interface OkResult extends Answerer {
  readonly v: unknown;
  /** Wire names of the reply's class chain, when the reply is a message. */
  readonly w?: readonly string[];
  readonly n?: readonly NestedMessage[];
  readonly e?: undefined;
}

export interface ErrorResult extends Answerer {
  readonly e: SerializedError;
  /** The actor module could not be loaded in the thread: a configuration error, not a failure to restart. */
  readonly load?: true;
}

export type Result = OkResult | ErrorResult;

/** Marks a notice among the messages a worker posts on its `parentPort`. */
export const NOTICE = '@troupe/threads:notice';

export interface Notice {
  readonly [NOTICE]: 'failure' | 'stopped';
  readonly t: number;
  /** For `failure`: what failed outside any message (a timer, a restarted instance's `started`). */
  readonly e?: SerializedError;
}

export function isNotice(value: unknown): value is Notice {
  return typeof value === 'object' && value !== null && NOTICE in value;
}

/**
 * An error as it crosses: structured clone would keep only the message and stack of the built-in
 * error classes, so the name, the class chain, own fields and the cause travel explicitly.
 * A thrown value that is not an `Error` travels as `thrown`.
 */
export interface SerializedError {
  readonly name: string;
  readonly message: string;
  readonly stack: string | undefined;
  readonly chain: readonly string[];
  readonly props: Readonly<Record<string, unknown>> | undefined;
  readonly cause: SerializedError | undefined;
  readonly thrown?: unknown;
}
