import { parentPort, threadId } from 'node:worker_threads';
import { move, transferableSymbol, valueSymbol } from 'piscina';
import { Actor, ActorSystem, InvalidMessageError, Message, consoleLogger, wireNameOf, type Addr } from '@troupe/core';
import { addrOf, cellOf, contextOf, createSystem, STRATEGY, type ActorCell, type StrategyFactory, type SupervisionStrategy } from '@troupe/core/internal';
import { ClassDirectory, type AnyClass } from '../internal/class-directory';
import { describeRefusal, scan } from '../internal/clone-scan';
import { deserializeError, rebuild, serializeError } from '../internal/codec';
import { loadActor, type LoadedActor } from '../internal/load';
import {
  NOTICE,
  TASK_PING,
  type Answerer,
  type MessageTask,
  type Notice,
  type Result,
  type SerializedError,
  type Task,
  type WorkerSetup,
} from '../internal/protocol';
import { transferListOf } from '../transfer';

const NO_TIMEOUT = { timeoutMs: Infinity };
const NO_ANSWERER: Answerer = {};
const NONE: unique symbol = Symbol('none');

/**
 * The actor in one worker thread: an ordinary actor in a small `ActorSystem` of the thread's own,
 * child of a host actor whose strategy hands every failure to the calling thread instead of
 * deciding itself. One message at a time (piscina gives a thread one task at a time), `started`
 * before the first, `restarting` and a fresh instance when the threaded actor restarts, `stopped`
 * on a graceful stop.
 */
export class WorkerHost {
  private readonly setup: WorkerSetup;
  private readonly loaded: LoadedActor | undefined;
  private readonly loadError: SerializedError | undefined;
  private readonly directory: ClassDirectory | undefined;
  private readonly system: ActorSystem | undefined;
  private readonly parent: Addr<ThreadHost> | undefined;
  private actor: ActorCell | undefined = undefined;
  private generation = 0;
  /** Whether the current instance has handled a message (a fresh one need not restart). */
  private used = false;
  private startFailure: unknown = NONE;
  /** Whether the current instance's `started` has completed. */
  private running = false;
  /** Settles when the current instance has started, or failed to. */
  private ready: Promise<void> = Promise.resolve();
  private waiting = false;
  private markReady: () => void = noop;
  /** The message being handled. */
  private current: object | undefined = undefined;
  /** Who answers the current task, when the calling thread asked (after a restart). */
  private answerer: Answerer = NO_ANSWERER;
  /** Errors that reached the caller of a message: failures that need no separate notice. */
  private readonly answered = new Set<unknown>();

  constructor(setup: WorkerSetup) {
    this.setup = setup;
    try {
      this.loaded = loadActor(setup.module, setup.exportName, `worker thread ${threadId} of ${setup.path}`);
      this.directory = new ClassDirectory(this.loaded.actorClass, this.loaded.exports);
    } catch (error) {
      this.loadError = serializeError(error, fallbackDirectory());
      return;
    }
    // The actor's failures reach the calling thread, where its forwarder reports them: not twice.
    this.system = createSystem({ name: `${setup.path}#${threadId}`, logger: consoleLogger }, { reportFailures: false });
    const strategy: SupervisionStrategy = { handleFailure: (child, cause) => this.failed(child, cause) };
    Reflect.defineMetadata(STRATEGY, ((() => strategy) satisfies StrategyFactory), ThreadHost);
    this.parent = this.system.spawn(ThreadHost, { name: `thread-${threadId}` });
    this.system.events.on('actor:started', (event) => {
      if (this.actor === undefined || event.actor !== addrOf(this.actor)) return;
      this.running = true;
      this.markReady();
    });
    this.spawnActor();
  }

  /** Handles one task from the calling thread. Never rejects: errors are results. */
  handle(task: Task): Result | object | Promise<Result | object> {
    if (task.k === undefined) {
      this.answerer = task.c === undefined ? NO_ANSWERER : { t: threadId, g: task.g ?? 0 };
      if (this.loadError !== undefined) return this.loadFailure();
      if ((task.g ?? 0) !== this.generation) this.catchUp(task.g ?? 0, task.c);
      // The common case, an instance that has started: no extra turn of the microtask queue.
      return this.waiting ? this.ready.then(() => this.deliver(task)) : this.deliver(task);
    }
    this.answerer = NO_ANSWERER;
    if (task.k === TASK_PING) return this.loadError !== undefined ? this.loadFailure() : this.ok(undefined);
    return this.stop().then(() => new Promise<never>(noop)); // hold this thread, so that no other stop task lands on it
  }

  private deliver(task: MessageTask): Result | Promise<Result | object> {
    if (this.startFailure !== NONE) return this.error(this.startFailure);
    const directory = this.directory!;
    const message = rebuild(task.m, directory.classFor(task.w), task.n, directory) as Message<unknown>;
    this.used = true;
    this.current = message;
    return addrOf(this.actor!).send(message, NO_TIMEOUT).then(this.replied, this.refused);
  }

  /** The current message's reply (one message at a time per thread). Bound once: no closure per message. */
  private readonly replied = (reply: unknown): Result | object => this.reply(reply, this.current!);

  private readonly refused = (error: unknown): Result => {
    this.answered.add(error); // a failure this caller hears of needs no notice (see `failed`)
    setImmediate(() => this.answered.delete(error));
    return this.error(error);
  };

  private loadFailure(): Result {
    return { e: this.loadError!, load: true };
  }

  private reply(value: unknown, message: object): Result | object {
    if (typeof value !== 'object' || value === null) {
      if (typeof value === 'function' || typeof value === 'symbol') return this.badReply(value, message, `a ${typeof value}`);
      return this.ok(value);
    }
    const found = scan(value, (cls) => wireNameOf(cls as AnyClass));
    if (found?.refusal !== undefined) return this.badReply(value, message, describeRefusal(found.refusal));
    const result: Result = {
      v: value,
      ...(value instanceof Message && { w: this.directory!.chainOf(value.constructor) }),
      ...(found?.nested !== undefined && { n: found.nested }),
      ...this.answerer,
    };
    const list = transferListOf(value);
    if (list === undefined) return result;
    return move({ [transferableSymbol]: list as object, [valueSymbol]: result as object });
  }

  private badReply(value: unknown, message: object, what: string): Result {
    const error = new InvalidMessageError(
      value,
      this.setup.path,
      `the reply of ${this.loaded!.actorClass.name} to ${message.constructor.name} cannot cross back to the calling thread: ${what}`,
    );
    return this.error(error);
  }

  private ok(value: unknown): Result {
    const answerer = this.answerer;
    return answerer === NO_ANSWERER ? { v: value } : { v: value, t: answerer.t, g: answerer.g };
  }

  private error(error: unknown): Result {
    return { e: serializeError(error, this.directory!), ...this.answerer };
  }

  /** The threaded actor restarted since this instance was built: rebuild it, unless it is fresh. */
  private catchUp(generation: number, cause: SerializedError | undefined): void {
    this.generation = generation;
    const actor = this.actor;
    if (!this.used && this.startFailure === NONE && actor?.isAlive) return;
    this.used = false;
    this.startFailure = NONE;
    this.armReady();
    const reason = cause === undefined ? new Error(`${this.setup.path} restarted`) : deserializeError(cause, this.directory!);
    if (actor?.isAlive) actor.restart(reason);
    else this.spawnActor();
  }

  private spawnActor(): void {
    const { actorClass } = this.loaded!;
    this.armReady();
    const parent = contextOf(cellOf(this.parent!));
    try {
      this.actor = cellOf(parent.spawn(actorClass, { name: lastSegment(this.setup.path), args: [...this.setup.args] }));
    } catch (error) {
      this.actor = undefined; // the constructor threw: a failure to start
      this.startFailure = error;
      this.markReady();
    }
  }

  private armReady(): void {
    this.running = false;
    this.waiting = true;
    this.ready = new Promise<void>((resolve) => {
      this.markReady = () => {
        this.waiting = false;
        resolve();
      };
    });
  }

  /**
   * The strategy of the host actor. A failure before the instance has started leaves it suspended
   * and answers every message with that failure, until the calling thread restarts the threaded
   * actor; any other is resumed here (the calling thread's supervision decides what happens next)
   * and, when no caller got it, reported as a notice.
   */
  private failed(child: ActorCell, cause: unknown): void {
    if (child !== this.actor) return child.terminate(cause);
    if (!this.running) {
      this.startFailure = cause;
      this.markReady();
      return;
    }
    child.resume();
    setImmediate(() => {
      if (!this.answered.delete(cause)) this.notify({ [NOTICE]: 'failure', t: threadId, e: serializeError(cause, this.directory!) });
    });
  }

  private notify(notice: Notice): void {
    parentPort?.postMessage(notice);
  }

  private async stop(): Promise<void> {
    const actor = this.actor;
    if (actor !== undefined) {
      actor.terminate(); // like actix's sync actors: no veto (`stopping` is not called); `stopped` runs
      await actor.stopped;
    }
    await this.system?.shutdown();
    this.notify({ [NOTICE]: 'stopped', t: threadId });
  }
}

/** The parent of the thread's actor; its strategy is set by the {@link WorkerHost}. */
@Actor()
class ThreadHost {}

let fallback: ClassDirectory | undefined;
function fallbackDirectory(): ClassDirectory {
  return (fallback ??= new ClassDirectory(ThreadHost, {}));
}

function lastSegment(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1) || 'actor';
}

function noop(): void {}
