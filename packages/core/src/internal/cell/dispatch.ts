import { ActorStoppedError, MailboxFullError } from '../../errors';
import { Phase, Request, type RequestTarget } from '../request';
import { PairRing } from '../ring';
import { TimerTask } from '../timer-task';
import type { Runnable } from '../scheduler';
import { CellNode } from './node';
import { Flag, State } from './state';

type Resolve = () => void;

const RESOLVED: Promise<void> = Promise.resolve();

/**
 * The mailbox side of a cell: what `tell`, `send`, `trySend` and `doSend` do once a message has
 * passed the checks at the call. The mailbox is a ring of (message, request) pairs (the request is
 * undefined for commands, so a `tell` allocates nothing); senders waiting for room wait in a second
 * ring of (message, waiter) pairs, served strictly in the order they came. A request that settles
 * early (timeout, abort) leaves either ring at once.
 */
export abstract class DispatchCell<Self extends DispatchCell<Self>> extends CellNode<Self> implements RequestTarget, Runnable {
  readonly mailbox = new PairRing();
  capacity = 0;
  /** Messages taken from the mailbox so far (for an inspector's rates; one increment each). */
  handled = 0;
  /** The request whose non-reentrant async handler is in flight. */
  protected inflight: Request | undefined = undefined;
  protected waiters: PairRing | undefined = undefined;

  abstract run(): void;

  /** Queued messages that count against capacity. */
  get queued(): number {
    return this.mailbox.length;
  }

  /** True when a new message must wait (or fail, for trySend): full, or others already waiting. */
  isFull(): boolean {
    return this.mailbox.length >= this.capacity || (this.waiters !== undefined && this.waiters.length > 0);
  }

  schedule(): void {
    if ((this.flags & Flag.SCHEDULED) !== 0) return;
    this.flags |= Flag.SCHEDULED;
    this.system.scheduler.schedule(this);
  }

  /** Queues a message regardless of capacity. The caller checked that the actor accepts messages. */
  enqueue(message: unknown, request: Request | undefined): void {
    if (request !== undefined) request.phase = Phase.Queued;
    this.mailbox.push(message, request);
    if ((this.flags & (Flag.SCHEDULED | Flag.BUSY | Flag.SUSPENDED | Flag.SATURATED)) === 0) this.schedule();
  }

  tell(message: unknown): Promise<void> {
    if (this.state >= State.Stopping) {
      this.deadLetter(message, 'stopped');
      return RESOLVED;
    }
    if (!this.isFull()) {
      this.enqueue(message, undefined);
      return RESOLVED;
    }
    const waiters = (this.waiters ??= new PairRing());
    return new Promise<void>((resolve) => waiters.push(message, resolve));
  }

  doSend(message: unknown): void {
    if (this.state >= State.Stopping) this.deadLetter(message, 'stopped');
    else this.enqueue(message, undefined);
  }

  trySend(message: unknown): void {
    if (this.state >= State.Stopping) throw new ActorStoppedError(this.path, message);
    if (this.isFull()) throw new MailboxFullError(this.path, this.capacity, message);
    this.enqueue(message, undefined);
  }

  /** Admits a request made by `send`: queues it, or parks it until there is room. */
  admit(request: Request): void {
    if (this.state >= State.Stopping) {
      request.fail(new ActorStoppedError(this.path, request.message));
    } else if (!this.isFull()) {
      this.enqueue(request.message, request);
    } else {
      request.phase = Phase.Waiting;
      (this.waiters ??= new PairRing()).push(request.message, request);
    }
  }

  requestLeft(request: Request): void {
    this.mailbox.remove(request);
    this.cold?.stash?.remove(request); // a stashed request that times out leaves the stash
    if (this.waiters === undefined) return;
    this.waiters.remove(request);
    if (this.state < State.Stopping) this.admitWaiters(); // a stopping actor refuses its waiters instead
  }

  /**
   * Moves waiting senders into the mailbox while there is room. The queue of waiters goes once
   * empty, so that the run loop's test for waiters stays one load while none wait.
   */
  protected admitWaiters(): void {
    const waiters = this.waiters;
    if (waiters === undefined) return;
    while (waiters.length > 0 && this.mailbox.length < this.capacity) {
      const message = waiters.shift();
      const waiter = waiters.lastSecond as Request | Resolve;
      if (typeof waiter === 'function') {
        this.enqueue(message, undefined);
        waiter();
      } else {
        this.enqueue(message, waiter);
      }
    }
    if (waiters.length === 0 && this.waiters === waiters) this.waiters = undefined;
  }

  setCapacity(capacity: number): void {
    this.capacity = capacity;
    this.admitWaiters();
  }

  /** The actor will take nothing more: waiting requests reject, waiting tells settle as dead letters. */
  protected refuseWaiters(): void {
    const waiters = this.waiters;
    if (waiters === undefined) return;
    while (waiters.length > 0) {
      const message = waiters.shift();
      const waiter = waiters.lastSecond as Request | Resolve;
      if (typeof waiter === 'function') {
        this.deadLetter(message, 'stopped');
        waiter();
      } else {
        waiter.fail(new ActorStoppedError(this.path, message, 'stopped before it accepted the request'));
      }
    }
  }

  /** Empties the mailbox: queued requests reject, queued commands go to dead letters. */
  protected dropMailbox(): void {
    const mailbox = this.mailbox;
    while (mailbox.length > 0) {
      const message = mailbox.shift();
      const request = mailbox.lastSecond as Request | undefined;
      if (request === undefined) {
        if (!(message instanceof TimerTask)) this.deadLetter(message, 'stopped');
      } else request.fail(new ActorStoppedError(this.path, message, 'stopped before it handled the request'));
    }
  }

  // ---- system messages --------------------------------------------------------------------

  /**
   * Delivers a system message (a watch's `Terminated`): it goes before every message in the
   * mailbox, whatever the mailbox holds, and ignores its capacity.
   */
  deliverSystem(message: unknown): void {
    if (this.state >= State.Stopping) return this.deadLetter(message, 'stopped');
    (this.c.system ??= new PairRing()).push(message, undefined);
    this.flags |= Flag.SYSTEM_PENDING;
    if ((this.flags & (Flag.SCHEDULED | Flag.BUSY | Flag.SUSPENDED | Flag.SATURATED)) === 0) this.schedule();
  }

  /** The oldest waiting system message (the caller checked that one waits). */
  protected takeSystem(): unknown {
    const queue = this.cold!.system!;
    const message = queue.shift();
    if (queue.length === 0) this.flags &= ~Flag.SYSTEM_PENDING;
    return message;
  }

  /** The actor stops: system messages still waiting go to dead letters. */
  protected dropSystem(): void {
    const queue = this.cold?.system;
    if (queue === undefined) return;
    while (queue.length > 0) this.deadLetter(queue.shift(), 'stopped');
    this.flags &= ~Flag.SYSTEM_PENDING;
  }

  deadLetter(message: unknown, reason: 'stopped' | 'unhandled'): void {
    this.system.deadLetter(message, this.path, reason);
  }
}
