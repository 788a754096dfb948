import type { ActorRef, Addr } from './address';
import { ActorConfigError, InvalidMessageError } from './errors';
import { Message } from './message';
import type { ActorSystem, SpawnOptions } from './system';
import type { TimerHandle } from './timers';
import type { ActorClass, HandledBy } from './types';
import type { ActorCell } from './internal/cell';
import { spawnCell } from './internal/spawn';
import { TimerTask } from './internal/timer-task';

/**
 * What an actor's handlers and hooks receive as `ctx`: the actor's own address, its place in
 * the tree, its timers, children and watches. Every timer is cancelled when the actor stops or
 * restarts, and uses the global timer functions, so jest's fake timers drive them.
 *
 * @example
 * ```ts
 * started(ctx: Context<Heartbeat>) {
 *   ctx.runInterval(1000, () => this.beat());
 * }
 * ```
 */
export class Context<A = unknown> {
  /** @internal */
  constructor(private readonly cell: ActorCell) {}

  /** This actor's own address. */
  get self(): Addr<A> {
    return this.cell.addr as unknown as Addr<A>;
  }

  get system(): ActorSystem {
    return this.cell.system;
  }

  /** The parent's address, or undefined for an actor spawned by the system. */
  get parent(): ActorRef | undefined {
    const parent = this.cell.parent as Partial<ActorCell>;
    return parent.addr;
  }

  get name(): string {
    return this.cell.name;
  }

  get path(): string {
    return this.cell.path;
  }

  /** How many times this actor has been restarted. */
  get restarts(): number {
    return this.cell.restarts;
  }

  /** The live children, in the order they were started. */
  get children(): ActorRef[] {
    return this.cell.children.map((c) => c.addr);
  }

  /** Stop gracefully after the current message (the `stopping` hook may veto). */
  stop(): Promise<void> {
    return this.cell.requestStop();
  }

  /** Stop now, without veto or draining. */
  terminate(): void {
    this.cell.terminate();
  }

  /** Sends a message to this actor, ignoring mailbox capacity. */
  notify(message: HandledBy<A>): void {
    if (!(message instanceof Message)) throw new InvalidMessageError(message, this.cell.path);
    this.cell.doSend(message);
  }

  /** Sends a message to this actor after `ms` milliseconds. */
  notifyLater(message: HandledBy<A>, ms: number): TimerHandle {
    if (!(message instanceof Message)) throw new InvalidMessageError(message, this.cell.path);
    return this.runLater(ms, () => this.cell.doSend(message));
  }

  /** Runs `fn` inside the actor (between messages) after `ms` milliseconds. A throw is a failure. */
  runLater(ms: number, fn: (ctx: Context<A>) => unknown): TimerHandle {
    checkDelay(ms, 'runLater', this.cell.path);
    const cell = this.cell;
    const task = new TimerTask(cell, fn as (ctx: Context<unknown>) => unknown, false);
    const id = setTimeout(() => {
      cell.removeTimer(task);
      cell.doSend(task);
    }, ms);
    task.clear = () => clearTimeout(id);
    cell.addTimer(task);
    return task;
  }

  /** Runs `fn` inside the actor every `ms` milliseconds until cancelled, stopped or restarted. */
  runInterval(ms: number, fn: (ctx: Context<A>) => unknown): TimerHandle {
    checkDelay(ms, 'runInterval', this.cell.path);
    if (ms === 0) throw new ActorConfigError(`runInterval on ${this.cell.path}: the interval must be above 0 ms`, this.cell.path);
    const cell = this.cell;
    const task = new TimerTask(cell, fn as (ctx: Context<unknown>) => unknown, true);
    const id = setInterval(() => {
      // Skip a tick while the previous one still waits in the mailbox: ticks never pile up.
      if (task.queued) return;
      task.queued = true;
      cell.doSend(task);
    }, ms);
    task.clear = () => clearInterval(id);
    cell.addTimer(task);
    return task;
  }

  /** Spawns a child: supervised by this actor, stopped before it. */
  spawn<C extends ActorClass>(actorClass: C, options?: SpawnOptions<C>): Addr<InstanceType<C>> {
    return spawnCell(this.cell.system, this.cell, actorClass, options).addr as unknown as Addr<InstanceType<C>>;
  }

  /**
   * Restarts one of this actor's children now, as if it had failed with `cause`: `restarting` on
   * its instance, a new instance, `started`; its address and queued messages survive. This is how
   * a watchdog revives a child that is stuck in a handler that never returns.
   */
  restartChild(child: ActorRef, cause: unknown = new Error(`restarted by its parent ${this.cell.path}`)): void {
    if (child.cell.parent !== this.cell) {
      throw new ActorConfigError(`restartChild: ${child.path} is not a child of ${this.cell.path}`, this.cell.path);
    }
    child.cell.restart(cause);
  }

  /** Delivers a `Terminated` message to this actor when `addr`'s actor stops (at once if it has). */
  watch(addr: ActorRef): void {
    addr.cell.addWatcher(this.cell);
  }

  unwatch(addr: ActorRef): void {
    addr.cell.removeWatcher(this.cell);
  }

  /** Changes this actor's mailbox capacity; waiting senders are admitted if there is now room. */
  setMailboxCapacity(capacity: number): void {
    this.cell.setCapacity(checkCapacity(capacity, this.cell.path));
  }
}

/** Throws a clear error for a capacity that is not a positive integer or Infinity. */
export function checkCapacity(capacity: unknown, where: string): number {
  if (capacity === Infinity) return capacity;
  if (typeof capacity !== 'number' || !Number.isInteger(capacity) || capacity < 1) {
    throw new ActorConfigError(
      `mailbox capacity for ${where} must be a positive integer or Infinity, got ${String(capacity)}`,
      where,
    );
  }
  return capacity;
}

function checkDelay(ms: unknown, what: string, path: string): void {
  if (typeof ms !== 'number' || Number.isNaN(ms) || ms < 0 || ms === Infinity) {
    throw new ActorConfigError(`${what} on ${path}: the delay must be a finite number of ms >= 0, got ${String(ms)}`, path);
  }
}

