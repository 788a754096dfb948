import { MessagePort, type TransferListItem } from 'node:worker_threads';
import {
  ActorStoppedError,
  InvalidMessageError,
  Message,
  UnhandledMessageError,
  type ActorRef,
} from '@troupe/core';
import { cellOf, transferListOf as sentTransferListOf, type ActorCell } from '@troupe/core/internal';
import { WorkerCrashedError } from '../errors';
import { transferListOf as markedTransferListOf, type Transferable } from '../transfer';
import type { ClassDirectory } from './class-directory';
import { describeRefusal, isFlat, scan, type NestedMessage } from './clone-scan';
import { deserializeError, rebuild, serializeError } from './codec';
import type { LoadedActor } from './load';
import { TASK_PING, type MessageTask, type Notice, type Result, type SerializedError } from './protocol';
import { ThreadPool, type PoolOptions } from './thread-pool';

/** A message checked and ready to cross: under which wire name, with which nested messages and transfers. */
interface Prepared {
  readonly wire: string;
  readonly nested: readonly NestedMessage[] | undefined;
  readonly transfer: readonly TransferListItem[] | undefined;
}

/**
 * Everything one threaded actor needs beyond its forwarder instance, which restarts replace: the
 * pool, the class directory, the generation. Checks messages at the call (for the address), sends
 * them to a thread and rebuilds what comes back (for the forwarder's handler), and runs the pool's
 * part of start, restart and stop (for the forwarder's hooks).
 */
export class ThreadedRuntime {
  private cell: ActorCell | undefined = undefined;
  private pool: ThreadPool | undefined = undefined;
  private generation = 0;
  private restartCause: SerializedError | undefined = undefined;
  /** Threads that have not rebuilt their instance since the last restart. */
  private behind: Set<number> | undefined = undefined;
  private inFlight = 0;
  private whenIdle: (() => void) | undefined = undefined;
  private closing = false;
  /** Set by a kill, which also cuts a graceful stop short. */
  private isKilled = false;
  private onKill: () => void = noop;
  private readonly killSignal = new Promise<void>((resolve) => (this.onKill = resolve));
  private ready: Promise<void> | undefined = undefined;
  /** Messages checked at the call, so that the handler need not walk them again. */
  private readonly checked = new WeakMap<object, Prepared>();
  /** Per class, for messages of plain fields: nothing to walk, nothing to allocate. */
  private readonly flat = new Map<Function, Prepared>();

  constructor(
    private readonly loaded: LoadedActor,
    private readonly directory: ClassDirectory,
    private readonly args: readonly unknown[],
    private readonly poolOptions: PoolOptions,
  ) {}

  /** Binds the runtime to its forwarder's cell and starts the threads. */
  attach(addr: ActorRef): void {
    const cell = cellOf(addr);
    this.cell = cell;
    const setup = { module: this.loaded.file, exportName: this.loaded.exportName, args: this.args, path: cell.path };
    this.pool = new ThreadPool(setup, this.poolOptions, {
      notice: (notice) => this.workerFailed(notice),
      idleCrash: (error) => this.fail(new WorkerCrashedError(cell.path, undefined, error)),
      threadExited: (id) => this.caughtUp(id),
    });
  }

  get path(): string {
    return this.cell!.path;
  }

  // ---- at the call ----------------------------------------------------------------------

  /**
   * Checks a message before it enters the mailbox: some handler takes its class, and structured
   * clone can copy it. Returns the error to refuse it with, or undefined (and remembers the check).
   */
  admit(message: Message<unknown>): InvalidMessageError | UnhandledMessageError | undefined {
    const prepared = this.prepare(message);
    if (!(prepared instanceof Error)) {
      if (prepared.nested !== undefined || prepared.transfer !== undefined) this.checked.set(message, prepared);
      return undefined;
    }
    return prepared;
  }

  private prepare(message: Message<unknown>): Prepared | InvalidMessageError | UnhandledMessageError {
    const cls = message.constructor;
    const flat = this.flat.get(cls);
    const list = markedTransferListOf(message);
    if (flat !== undefined && list === undefined && isFlat(message)) return flat;
    if (!this.directory.handles(cls)) return new UnhandledMessageError(this.path, cls.name, message);
    const wire = this.directory.wireFor(cls) ?? 'Message';
    const transfer = list === undefined ? undefined : checkTransfer(list, message, this.path);
    if (transfer instanceof Error) return transfer;
    const found = scan(message, (c) => this.directory.wireFor(c));
    if (found?.refusal !== undefined) {
      return new InvalidMessageError(
        message,
        this.path,
        `${cls.name} cannot cross to a worker thread: ${describeRefusal(found.refusal)}; ` +
          'messages to a threaded actor must be data that structured clone can copy',
      );
    }
    if (found === undefined && transfer === undefined) {
      const prepared: Prepared = { wire, nested: undefined, transfer: undefined };
      this.flat.set(cls, prepared);
      return prepared;
    }
    return { wire, nested: found?.nested, transfer };
  }

  // ---- in the forwarder's handler -------------------------------------------------------

  /**
   * Sends a message to a thread; resolves with the rebuilt reply or rejects with the rebuilt error.
   * `signal` is the request's (core's `currentRequestSignal`, undefined for a command): when the
   * request settles without this reply (a timeout, the caller's abort, a kill), the task is
   * abandoned and the thread running it is terminated and replaced, since a job cannot be stopped
   * any other way; see {@link abandoned}.
   */
  forward(message: Message<unknown>, signal?: AbortSignal): Promise<unknown> {
    let prepared: Prepared | Error | undefined = this.checked.get(message);
    if (prepared !== undefined) this.checked.delete(message);
    else prepared = this.prepare(message);
    if (prepared instanceof Error) return Promise.reject(prepared);
    const task: Mutable<MessageTask> = { w: prepared.wire, m: message };
    if (prepared.nested !== undefined) task.n = prepared.nested;
    if (this.generation !== 0) task.g = this.generation;
    if (this.behind !== undefined) task.c = this.restartCause;
    const sent = sentTransferListOf(message); // `send(message, { transfer })`
    const transfer = sent === undefined ? prepared.transfer : prepared.transfer === undefined ? sent : [...prepared.transfer, ...sent];
    this.inFlight++;
    return this.pool!.run(task, transfer, signal).then(this.settle, (error: unknown) => this.lost(error, message, signal));
  }

  /** Bound once: no closure per message. */
  private readonly settle = (result: Result): unknown => {
    this.done();
    if (result.t !== undefined && result.g === this.generation) this.caughtUp(result.t);
    if (result.e !== undefined) throw deserializeError(result.e, this.directory);
    const value = result.v;
    if (typeof value !== 'object' || value === null) return value;
    return rebuild(value, this.directory.resolve(result.w), result.n, this.directory);
  };

  /**
   * The task rejected: the thread died under it, or the pool was destroyed, or it could not be
   * posted, or its request settled first and the task was abandoned.
   */
  private lost(error: unknown, message: Message<unknown>, signal: AbortSignal | undefined): unknown {
    this.done();
    if (this.closing) throw new ActorStoppedError(this.path, message, 'was stopped before it replied');
    if (signal?.aborted === true) return this.abandoned(message, signal.reason);
    if ((error as Error | undefined)?.name === 'DataCloneError') {
      throw new InvalidMessageError(message, this.path, `${message.constructor.name} cannot cross to a worker thread: ${(error as Error).message}`);
    }
    throw new WorkerCrashedError(this.path, message, error);
  }

  /**
   * The request settled without the reply (its caller already has the error), so the task was
   * abandoned: dropped from piscina's queue, or its thread terminated and replaced, with a new
   * instance of the class. Not a failure of the threaded actor, which has nothing to mend; the
   * handler resolves, so that core frees its slot and hears of no error (the request stays as it
   * settled). Logged, since a thread and its instance's state are lost.
   */
  private abandoned(message: Message<unknown>, reason: unknown): undefined {
    const why = reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason);
    try {
      this.cell!.system.logger.warn(
        `${this.path}: the request for ${message.constructor.name} ended before the reply (${why}); ` +
          'a worker thread still running it is terminated and replaced by a new thread with a new instance',
      );
    } catch {
      // A logger that throws must not turn this into a failure of the actor.
    }
    return undefined;
  }

  private done(): void {
    if (--this.inFlight > 0 || this.whenIdle === undefined) return;
    const resolve = this.whenIdle;
    this.whenIdle = undefined;
    resolve();
  }

  private caughtUp(threadId: number): void {
    const behind = this.behind;
    if (behind === undefined || !behind.delete(threadId) || behind.size > 0) return;
    this.behind = undefined;
    this.restartCause = undefined;
  }

  // ---- lifecycle, from the forwarder's hooks ----------------------------------------------

  /** `started`: the first time, waits until a thread has loaded the actor module. */
  start(): Promise<void> {
    return (this.ready ??= this.ping().catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    }));
  }

  private async ping(): Promise<void> {
    const cell = this.cell!;
    let result: Result;
    try {
      result = await this.pool!.run({ k: TASK_PING });
    } catch (error) {
      throw new WorkerCrashedError(cell.path, undefined, error);
    }
    if (result.e === undefined) return;
    // The module loads here but not in a worker thread: a configuration error, not something a restart mends.
    const error = deserializeError(result.e, this.directory);
    cell.system.logger.error(`${cell.path}: its worker threads cannot load ${this.loaded.file}; stopping it`, error);
    cell.terminate(error);
  }

  /** `restarting`: every thread rebuilds its instance before its next message. The pool stays. */
  restarting(cause: unknown): void {
    this.generation++;
    this.restartCause = serializeError(cause, this.directory);
    const ids = this.pool!.threadIds;
    this.behind = ids.length === 0 ? undefined : new Set(ids);
  }

  /**
   * `stopped`, which core calls at the end of a graceful stop and on a kill: after a graceful stop,
   * waits for the messages in flight, stops each thread's instance, then terminates the threads;
   * after a kill, or once a kill cuts a graceful stop short, terminates them at once. Resolves when
   * every thread has exited.
   */
  async stopped(): Promise<void> {
    if (!this.isKilled) await Promise.race([this.drain(), this.killSignal]);
    this.closing = true;
    await this.pool!.destroy();
  }

  /**
   * The actor is being killed (core's `killed` extension hook), maybe during a graceful stop:
   * terminates the threads now, before core rejects the requests in flight, so that their aborted
   * tasks do not make piscina start replacement threads. `stopped` then waits for the exits.
   */
  killed(): void {
    this.isKilled = true;
    this.closing = true;
    void this.pool?.destroy();
    this.onKill();
  }

  private async drain(): Promise<void> {
    if (this.inFlight > 0) await new Promise<void>((resolve) => (this.whenIdle = resolve));
    await this.pool!.stopInstances();
  }

  // ---- failures outside any message -------------------------------------------------------

  private workerFailed(notice: Notice): void {
    if (notice.e !== undefined) this.fail(deserializeError(notice.e, this.directory));
  }

  /** The threaded actor fails, as if a handler had thrown; its parent decides. */
  private fail(error: unknown): void {
    const cell = this.cell;
    if (this.closing || cell === undefined || !cell.isAlive) return;
    cell.fail(error);
  }
}

function noop(): void {}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function checkTransfer(list: readonly Transferable[], message: Message<unknown>, path: string): TransferListItem[] | InvalidMessageError {
  for (const item of list) {
    if (!(item instanceof ArrayBuffer) && !(item instanceof MessagePort)) {
      return new InvalidMessageError(
        message,
        path,
        `${message.constructor.name}: transfer() takes ArrayBuffers and MessagePorts, got ${String(item)}`,
      );
    }
  }
  return [...list] as TransferListItem[];
}
