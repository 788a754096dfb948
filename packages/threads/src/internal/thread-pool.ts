import * as path from 'node:path';
import { existsSync } from 'node:fs';
import type { ResourceLimits, TransferListItem, Worker } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { ActorConfigError } from '@troupe/core';
import { enlist } from './census';
import { isNotice, NOTICE, TASK_STOP, type Notice, type Result, type Task, type WorkerSetup } from './protocol';

/**
 * The module each worker thread runs: always the built JavaScript (`dist/worker/entry.js`), from
 * `src/internal` under jest as from `dist/internal` in a build.
 */
const ENTRY = path.resolve(__dirname, '..', '..', 'dist', 'worker', 'entry.js');

/** How the threads are made. */
export interface PoolOptions {
  readonly threads: number;
  readonly resourceLimits: ResourceLimits | undefined;
  readonly execArgv: readonly string[] | undefined;
  /** Keep each thread's event loop running between tasks (piscina `atomics: 'disabled'`). */
  readonly idleEventLoop: boolean;
}

/** What the pool reports to its threaded actor. */
export interface PoolEvents {
  /** A thread reported a failure outside any message (a timer, a `started`). */
  notice(notice: Notice): void;
  /** A thread died while it handled nothing: piscina replaced it. */
  idleCrash(error: unknown): void;
  /** A thread exited, for whatever reason. */
  threadExited(id: number): void;
}

/**
 * A piscina pool of exactly `threads` threads, never shrunk when idle, that knows its threads by
 * id (from their `exit` events, not from piscina's bookkeeping) so that a graceful stop can reach
 * each of them once. Piscina does the queueing, the dispatch to an idle thread, and the
 * replacement of threads that die.
 *
 * Idle threads wait in `Atomics.wait` (piscina's default, its fastest hand-off), which also
 * freezes their event loops between tasks: timers an instance starts run only while its thread
 * handles a message. `idleEventLoop` trades some latency per message for a live event loop.
 * Nothing of ours needs it: restarts and stops travel as tasks.
 */
export class ThreadPool {
  private readonly piscina: Piscina<Task, Result>;
  private readonly threads = new Map<number, Worker>();
  private stopping: { readonly pending: Set<number>; readonly done: () => void } | undefined = undefined;
  private destroyed: Promise<void> | undefined = undefined;

  constructor(setup: WorkerSetup, options: PoolOptions, private readonly events: PoolEvents) {
    if (!existsSync(ENTRY)) {
      throw new ActorConfigError(
        `spawnThreaded: ${ENTRY} is missing: build @troupe/threads first (npm run build); worker threads run its JavaScript.`,
      );
    }
    this.piscina = new Piscina<Task, Result>({
      filename: ENTRY,
      minThreads: options.threads,
      maxThreads: options.threads,
      idleTimeout: Infinity,
      atomics: options.idleEventLoop ? 'disabled' : 'sync',
      recordTiming: false,
      workerData: setup,
      resourceLimits: options.resourceLimits,
      ...(options.execArgv !== undefined && { execArgv: [...options.execArgv] }),
    });
    this.piscina.on('workerCreate', () => this.census());
    this.piscina.on('message', (message: unknown) => this.received(message));
    this.piscina.on('error', (error: unknown) => {
      if (this.destroyed === undefined) this.events.idleCrash(error);
    });
    this.census();
  }

  /**
   * Runs a task on an idle thread, or queues it in piscina until one is. When `signal` aborts
   * first, the task rejects at once with piscina's `AbortError`: a queued task leaves the queue, a
   * running one has its thread terminated, and piscina starts a replacement at once (until the
   * pool is destroyed), so the pool is soon back to `threads` threads.
   */
  run(task: Task, transferList?: readonly TransferListItem[], signal?: AbortSignal): Promise<Result> {
    if (transferList === undefined && signal === undefined) return this.piscina.run(task);
    return this.piscina.run(task, {
      transferList: transferList === undefined ? undefined : [...transferList],
      signal: signal === undefined ? undefined : new TaskSignal(signal),
    });
  }

  /** Ids of the threads alive now. */
  get threadIds(): number[] {
    this.census();
    return [...this.threads.keys()];
  }

  get isDestroyed(): boolean {
    return this.destroyed !== undefined;
  }

  /**
   * Stops each thread's instance (its `stopped` runs) and resolves when every thread has said so
   * or exited. Call it when no message is in flight: each thread then takes exactly one stop task,
   * which holds the thread until it is terminated.
   */
  stopInstances(): Promise<void> {
    const pending = new Set(this.threadIds);
    if (pending.size === 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.stopping = { pending, done: resolve };
      for (let i = 0; i < pending.size; i++) this.piscina.run({ k: TASK_STOP }).catch(noop);
    });
  }

  /** Terminates every thread; tasks in flight or queued reject. Resolves when all have exited. */
  destroy(): Promise<void> {
    return (this.destroyed ??= this.piscina.destroy());
  }

  /** Learns of threads piscina started (initial ones and replacements). */
  private census(): void {
    for (const worker of this.piscina.threads) {
      const id = worker.threadId;
      if (id < 0 || this.threads.has(id)) continue;
      this.threads.set(id, worker);
      enlist(worker, () => this.exited(id));
    }
  }

  private exited(id: number): void {
    this.threads.delete(id);
    this.acknowledged(id);
    this.events.threadExited(id);
  }

  private received(message: unknown): void {
    if (!isNotice(message)) return;
    if (message[NOTICE] === 'stopped') this.acknowledged(message.t);
    else this.events.notice(message);
  }

  private acknowledged(id: number): void {
    const stopping = this.stopping;
    if (stopping === undefined || !stopping.pending.delete(id) || stopping.pending.size > 0) return;
    this.stopping = undefined;
    stopping.done();
  }
}

/**
 * The signal piscina is given for a task: the small emitter form that piscina also accepts (`once`
 * and `removeListener` of `'abort'`), relaying the request's `AbortSignal`. Given the `AbortSignal`
 * itself, piscina takes its abortable path with an `EventTarget` listener added and removed per
 * task, which Node 20 makes slow: a tiny message's round trip on one thread took 20-40% longer than
 * without a signal; with this relay, 10-20% (about 3 µs, nearly all of it core building the
 * `AbortSignal`). It listens to the request's signal as a listener object, so no closure either.
 */
class TaskSignal {
  private listener: (() => void) | undefined = undefined;

  constructor(private readonly request: AbortSignal) {
    request.addEventListener('abort', this);
  }

  /** Read by piscina before it queues the task. */
  get aborted(): boolean {
    return this.request.aborted;
  }

  get reason(): unknown {
    return this.request.reason;
  }

  once(_event: 'abort', listener: () => void): void {
    this.listener = listener;
  }

  off(_event: 'abort', listener: () => void): void {
    if (this.listener === listener) this.listener = undefined;
  }

  /** Piscina removes its listener with this once the task is done. */
  removeListener(event: 'abort', listener: () => void): void {
    this.off(event, listener);
  }

  /** The request's signal aborted. */
  handleEvent(): void {
    const listener = this.listener;
    this.listener = undefined;
    listener?.();
  }
}

function noop(): void {}
