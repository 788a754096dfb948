import type { ActorRef, Addr } from './address';
import { ActorConfigError, InvalidMessageError } from './errors';
import { Message } from './message';
import type { TimerHandle } from './timers';
import type { ActorClass, HandledBy, SpawnOptions } from './types';
import { ActorCell } from './internal/cell/cell';
import { spawnCell } from './internal/spawn';
import { checkCapacity } from './internal/checks';

/**
 * The types behind `ctx.system`. `system.ts` fills this in by declaration merging, so that this
 * face need not import the system that makes it (the import graph stays one-way).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface ContextTypes {}

/** The type of `ctx.system`: the `ActorSystem`. */
export type ContextSystem = ContextTypes extends { system: infer S } ? S : never;

/**
 * What an actor's handlers and hooks receive as `ctx`: the actor's own address, its place in
 * the tree, its timers, children and watches. Every timer is cancelled when the actor stops or
 * restarts, and runs on the system's clock (the global timer functions by default, so jest's fake
 * timers drive them).
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
    return this.cell.addr as Addr<A>;
  }

  /** The system this actor belongs to. */
  get system(): ContextSystem {
    return this.cell.system as unknown as ContextSystem;
  }

  /** The parent's address, or undefined for an actor spawned by the system. */
  get parent(): ActorRef | undefined {
    const parent = this.cell.parent;
    return parent instanceof ActorCell ? (parent.addr as ActorRef) : undefined;
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
    return this.cell.children.map((c) => c.addr as ActorRef);
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
  notify<M extends HandledBy<A>>(message: M): void {
    if (!(message instanceof Message)) throw new InvalidMessageError(message, this.cell.path);
    this.cell.doSend(message);
  }

  /** Sends a message to this actor after `ms` milliseconds. */
  notifyLater<M extends HandledBy<A>>(message: M, ms: number): TimerHandle {
    if (!(message instanceof Message)) throw new InvalidMessageError(message, this.cell.path);
    return this.cell.notifyLater(message, ms);
  }

  /** Runs `fn` inside the actor (between messages) after `ms` milliseconds. A throw is a failure. */
  runLater(ms: number, fn: (ctx: Context<A>) => unknown): TimerHandle {
    return this.cell.runLater(ms, fn as (ctx: unknown) => unknown);
  }

  /** Runs `fn` inside the actor every `ms` milliseconds until cancelled, stopped or restarted. */
  runInterval(ms: number, fn: (ctx: Context<A>) => unknown): TimerHandle {
    return this.cell.runInterval(ms, fn as (ctx: unknown) => unknown);
  }

  /** Spawns a child: supervised by this actor, stopped before it. */
  spawn<C extends ActorClass>(actorClass: C, options?: SpawnOptions<C>): Addr<InstanceType<C>> {
    return spawnCell(this.cell.system, this.cell, actorClass, options).addr as Addr<InstanceType<C>>;
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

  // ---- behaviours, stash, receive timeout ----------------------------------------------------

  /**
   * The current behaviour: which `@Handler(C, { in: name })` methods are active (handlers without
   * `in` always are). Undefined for a class that declares no behaviour.
   */
  get behaviour(): string | undefined {
    return this.cell.behaviour;
  }

  /**
   * Switches behaviour from the next message on (Akka's `become`, Erlang's `gen_statem` states).
   * Throws `ActorConfigError` for a name no handler of the class declares. A restart returns to
   * the initial behaviour (`@Actor({ initial })`, else the first one declared).
   */
  become(behaviour: string): void {
    this.cell.become(behaviour);
  }

  /**
   * Sets the message being handled aside, unanswered: a request keeps its reply promise and its
   * timeout. Call it in the handler, before its first `await` (not in a reentrant handler). The
   * stash holds at most the mailbox capacity; one more is a failure (`StashOverflowError`).
   */
  stash(): void {
    this.cell.askStash();
  }

  /** Puts every stashed message back before the rest of the mailbox, in the order they arrived. */
  unstashAll(): void {
    this.cell.unstashAll();
  }

  /** Messages in the stash now. */
  get stashed(): number {
    return this.cell.stashed;
  }

  /**
   * Delivers `message` to this actor once `ms` pass without any other message (Akka's
   * `setReceiveTimeout`); it is armed again after each message. Replaces an earlier one; cancelled
   * by `cancelReceiveTimeout`, a stop or a restart.
   */
  setReceiveTimeout<M extends HandledBy<A>>(ms: number, message: M): void {
    if (!(message instanceof Message)) throw new InvalidMessageError(message, this.cell.path);
    this.cell.setReceiveTimeout(ms, message);
  }

  cancelReceiveTimeout(): void {
    this.cell.cancelReceiveTimeout();
  }

  /** Changes this actor's mailbox capacity; waiting senders are admitted if there is now room. */
  setMailboxCapacity(capacity: number): void {
    this.cell.setCapacity(checkCapacity(capacity, this.cell.path));
  }
}
