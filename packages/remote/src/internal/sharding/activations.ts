import type { ActorSystem, Addr, Message } from '@troupe/core';
import { addrOf, envOf, spawnCell, type ActorCell, type Request } from '@troupe/core/internal';
import { Verb, type AnyAddr, type Delivery } from './delivery';

const ACTIVE = 0;
const STOPPING = 1;

/** One live instance of an entity on this node. */
export class Activation {
  state = ACTIVE;
  /** A message came since the last passivation sweep. */
  touched = true;
  /** How long it has been idle, in sweeps' time. */
  idleMs = 0;
  /** Messages handed to it that wait for room in its full mailbox: it is not stopped before they are in. */
  waitingForRoom = 0;
  /** Messages that came while it stopped: they go their way again (to a new activation) once it has. */
  readonly waiting: Delivery[] = [];
  /** Called when the last message waiting for room is in (a stop waits for it). */
  onRoom: (() => void) | undefined = undefined;

  constructor(
    readonly id: string,
    readonly shard: number,
    readonly addr: Addr<unknown>,
  ) {}

  get active(): boolean {
    return this.state === ACTIVE && this.addr.isAlive;
  }
}

/** A shard this node owns. */
export class LocalShard {
  /** Its entities are stopping because it moves (or was lost): messages for it wait in `waiting`. */
  handingOff = false;
  readonly ids = new Set<string>();
  readonly waiting: Delivery[] = [];
}

/**
 * The entities of one type on this node and the shards they belong to: activation on the first
 * message (the id is the constructor's argument; they are children of the type's region actor,
 * which supervises them as any parent does), handing messages to them with the caller's verb,
 * passivation of idle ones, and stopping a shard's entities before the shard moves. A message that
 * cannot be handed over now waits here, in order, behind the others for its entity or shard.
 */
export class Activations {
  readonly shards = new Map<number, LocalShard>();
  readonly byId = new Map<string, Activation>();

  constructor(
    private readonly system: ActorSystem,
    /** The region actor: the entities' parent. */
    private readonly parent: ActorCell,
    private readonly entityClass: new (id: string) => object,
    /** A message that waited here goes its way again. */
    private readonly reroute: (delivery: Delivery) => void,
  ) {}

  /**
   * The activation to hand a message for `id` to now: the live one, or a new one when its shard is
   * here and not moving. Undefined when the message must wait or go elsewhere. Throws what the
   * entity's constructor throws.
   */
  ready(id: string, shard: number): Activation | undefined {
    const a = this.byId.get(id);
    if (a !== undefined) return a.active ? a : undefined;
    const local = this.shards.get(shard);
    if (local === undefined || local.handingOff) return undefined;
    return this.activate(id, shard, local);
  }

  private activate(id: string, shard: number, local: LocalShard): Activation {
    const cell = spawnCell(envOf(this.system), this.parent, this.entityClass, { name: nameOf(id), args: [id] });
    const a = new Activation(id, shard, addrOf(cell));
    this.byId.set(id, a);
    local.ids.add(id);
    void a.addr.stopped.then(() => this.ended(a));
    return a;
  }

  /**
   * Keeps a message that cannot be handed over now: behind its entity while the entity stops, or
   * behind its shard while the shard moves. False when neither holds it (its shard is not here).
   */
  park(delivery: Delivery): boolean {
    const a = this.byId.get(delivery.id);
    if (a !== undefined) {
      a.state = STOPPING; // not active (ready said so): stopping, by passivation or on its own
      a.waiting.push(delivery);
      return true;
    }
    const local = this.shards.get(delivery.shard);
    if (local === undefined) return false;
    local.waiting.push(delivery);
    return true;
  }

  // ---- handing messages over (the caller's verb, to the entity's own Addr) -------------------

  tell(a: Activation, message: Message<unknown>): Promise<void> {
    a.touched = true;
    const addr = a.addr as unknown as AnyAddr;
    if (addr.queued < addr.capacity) return addr.tell(message); // in the mailbox at once
    a.waitingForRoom++;
    const done = (): void => this.roomed(a);
    const wait = addr.tell(message);
    wait.then(done, done);
    return wait;
  }

  /** Hands a request's message to the entity and settles the request with the outcome. */
  send(a: Activation, message: Message<unknown>, request: Request, timeoutMs: number): void {
    a.touched = true;
    const addr = a.addr as unknown as AnyAddr;
    const full = addr.queued >= addr.capacity;
    if (full) a.waitingForRoom++;
    addr.send(message, { timeoutMs }).then(
      (value) => {
        if (full) this.roomed(a);
        request.succeed(value);
      },
      (error: unknown) => {
        if (full) this.roomed(a);
        request.fail(error);
      },
    );
  }

  trySend(a: Activation, message: Message<unknown>): void {
    (a.addr as unknown as AnyAddr).trySend(message);
    a.touched = true;
  }

  doSend(a: Activation, message: Message<unknown>): void {
    a.touched = true;
    (a.addr as unknown as AnyAddr).doSend(message);
  }

  /** Hands over a message that waited. */
  deliver(a: Activation, d: Delivery, now: number): void {
    switch (d.verb) {
      case Verb.Tell:
        return void this.tell(a, d.message).then(d.resolve, d.reject);
      case Verb.Send:
        return this.send(a, d.message, d.request!, d.remaining(now));
      case Verb.Try:
        try {
          this.trySend(a, d.message);
        } catch (error) {
          return d.reject(error);
        }
        return d.resolve();
      default:
        this.doSend(a, d.message);
    }
  }

  private roomed(a: Activation): void {
    if (--a.waitingForRoom > 0 || a.onRoom === undefined) return;
    const go = a.onRoom;
    a.onRoom = undefined;
    go();
  }

  // ---- ends ---------------------------------------------------------------------------------

  /**
   * Stops an activation: messages that come meanwhile wait for its end, then activate it again
   * (or follow its shard). A graceful stop first lets the messages waiting for room in its mailbox
   * in, then drains the mailbox and runs `stopped`; `kill` does not wait. Resolves when it has stopped.
   */
  passivate(a: Activation, kill = false): Promise<void> {
    if (a.state === STOPPING && !kill) return a.addr.stopped;
    a.state = STOPPING;
    if (kill) {
      a.onRoom = undefined;
      return a.addr.kill();
    }
    if (a.waitingForRoom === 0) void a.addr.stop();
    else a.onRoom = () => void a.addr.stop();
    return a.addr.stopped;
  }

  /** Passivates the activations idle for `afterMs`; called every `everyMs`. */
  sweep(everyMs: number, afterMs: number): void {
    for (const a of this.byId.values()) {
      if (a.state !== ACTIVE) continue;
      if (a.touched) {
        a.touched = false;
        a.idleMs = 0;
      } else if ((a.idleMs += everyMs) >= afterMs) {
        void this.passivate(a);
      }
    }
  }

  /** The shard is about to move: its entities stop (gracefully); messages for it wait. */
  async drain(shard: number): Promise<void> {
    const local = this.shards.get(shard);
    if (local === undefined) return;
    local.handingOff = true;
    const stops: Promise<void>[] = [];
    for (const id of local.ids) {
      const a = this.byId.get(id);
      if (a !== undefined) stops.push(this.passivate(a));
    }
    await Promise.all(stops);
  }

  /**
   * The shard is no longer this node's (it moved, or another node took it while this one was
   * considered down): forgets it and gives back what waits for it, in order. Its entities must have
   * stopped; with `kill`, any still running are killed now, and what waits for them follows when
   * they end.
   */
  release(shard: number, kill: boolean): Delivery[] {
    const local = this.shards.get(shard);
    if (local === undefined) return [];
    this.shards.delete(shard);
    if (kill) {
      for (const id of local.ids) {
        const a = this.byId.get(id);
        if (a !== undefined) void this.passivate(a, true);
      }
    }
    return local.waiting.splice(0);
  }

  private ended(a: Activation): void {
    a.state = STOPPING;
    if (this.byId.get(a.id) === a) this.byId.delete(a.id);
    this.shards.get(a.shard)?.ids.delete(a.id);
    for (const d of a.waiting.splice(0)) this.reroute(d);
  }

  /** The ids of the live activations. */
  ids(): string[] {
    return [...this.byId.keys()];
  }
}

/** An id as an actor name: `/` (and `%`, to keep it reversible) escaped. */
function nameOf(id: string): string {
  return id.includes('/') || id.includes('%') ? id.replace(/%/g, '%25').replace(/\//g, '%2F') : id;
}
