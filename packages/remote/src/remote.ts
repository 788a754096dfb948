import { ActorConfigError, ActorSystem, TimeoutError, type Addr } from '@troupe/core';
import type { EventEmitter } from 'eventemitter3';
import { NodeRuntime, type Member, type RemoteEvents } from './internal/node';
import { resolveOptions, type RemoteOptions } from './options';
import { RemoteAddr } from './remote-addr';

const runtimes = new WeakMap<Remote, NodeRuntime>();

/** @internal The machinery of a node, for the package's other modules (sharding); undefined for anything else. */
export function runtimeOf(node: unknown): NodeRuntime | undefined {
  return runtimes.get(node as Remote);
}

/** Options of {@link Remote.waitFor}. */
export interface RemoteWaitOptions {
  /** Reject with `TimeoutError` after this many ms. Default: the system's `askTimeoutMs`. */
  timeoutMs?: number;
  /** Give up early: the promise rejects with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * A node of a Troupe cluster: one actor system, joined to the others over NATS, so that actors talk
 * across processes and machines through the same typed `Addr` they use locally.
 *
 * **Lifecycle.** `Remote.start` connects to NATS, opens the cluster's name store (a JetStream
 * key-value bucket), announces the node and resolves once it has joined. While it runs it sends a
 * heartbeat every `heartbeatMs`; a node unheard for three of its heartbeats is down. It reconnects
 * by itself when the connection drops, and then claims its names again. `stop()` (or the system's
 * `shutdown()`) says goodbye, so that the others see it down at once, releases its names, ends every
 * remote address it holds, and closes the connection.
 *
 * @example
 * ```ts
 * const node = await Remote.start(system, { servers: 'nats://127.0.0.1:4222', cluster: 'bank', node: 'a' });
 * await node.expose('accounts', accounts);
 * const acct = await node.waitFor<Account>('accounts', { timeoutMs: 2000 });
 * const balance = await acct.send(new Deposit(5), { timeoutMs: 1000 });
 * await node.stop();
 * ```
 */
export class Remote {
  private constructor(private readonly runtime: NodeRuntime) {
    runtimes.set(this, runtime);
  }

  /**
   * Connects `system` to the cluster and resolves with its node. Rejects with what `nats` rejects
   * with when the servers cannot be reached or refuse the credentials, and with `ActorConfigError`
   * for bad options or a system that already runs a node.
   */
  static async start(system: ActorSystem, options: RemoteOptions = {}): Promise<Remote> {
    if (!(system instanceof ActorSystem)) throw new ActorConfigError('Remote.start: expected an ActorSystem');
    const resolved = resolveOptions(options);
    return new Remote(await NodeRuntime.start(system, resolved));
  }

  /** This node's name. */
  get node(): string {
    return this.runtime.name;
  }

  /** The cluster's name. */
  get cluster(): string {
    return this.runtime.cluster;
  }

  /** `node:up`, `node:down`, `disconnected`, `reconnected`, `name:lost`. */
  get events(): EventEmitter<RemoteEvents> {
    return this.runtime.events;
  }

  /**
   * Gives a local actor a cluster-wide name: every node's `lookup` and `waitFor` (and registry)
   * find it. Resolves once the name is the actor's. Rejects with `NameTakenError` when any actor
   * of the cluster holds it (one atomic store decides, so of two nodes racing for a name exactly
   * one wins). The name is released when the actor stops, when this node stops, or when this node
   * is lost; after a reconnection the node claims it again.
   */
  expose<A>(name: string, addr: Addr<A>): Promise<void> {
    return this.runtime.expose(name, addr as Addr<unknown>);
  }

  /** Releases a name this node holds. Returns whether it held it. */
  unexpose(name: string): boolean {
    const held = this.runtime.store.known(name);
    if (held === undefined || held instanceof RemoteAddr) return false;
    this.runtime.store.release(name);
    return true;
  }

  /**
   * The actor holding a cluster name now, read from the store: a local `Addr` when it is on this
   * node, a remote one otherwise; undefined when nobody holds it.
   */
  async lookup<A = unknown>(name: string): Promise<Addr<A> | undefined> {
    return (await this.runtime.lookup(name)) as Addr<A> | undefined;
  }

  /** Resolves with the actor holding a cluster name as soon as there is one; `TimeoutError` after `timeoutMs`. */
  async waitFor<A = unknown>(name: string, options: RemoteWaitOptions = {}): Promise<Addr<A>> {
    const timeoutMs = options.timeoutMs ?? this.runtime.system.askTimeoutMs;
    const signal = options.signal;
    if (signal?.aborted) throw signal.reason;
    const store = this.runtime.store;
    return new Promise<Addr<A>>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const done = (): void => {
        if (timer !== undefined) clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        stopWaiting();
      };
      const stopWaiting = store.onHeld(name, (addr) => {
        done();
        resolve(addr as Addr<A>);
      });
      const onAbort = (): void => {
        done();
        reject(signal!.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      if (timeoutMs !== Infinity) {
        timer = setTimeout(() => {
          done();
          reject(new TimeoutError(`cluster "${this.cluster}"`, timeoutMs, `registration of "${name}"`));
        }, timeoutMs);
      }
      const known = store.known(name);
      if (known !== undefined) {
        done();
        return resolve(known as Addr<A>);
      }
      this.runtime.lookup(name).then(
        (addr) => {
          if (addr === undefined) return;
          done();
          resolve(addr as Addr<A>);
        },
        () => undefined, // disconnected: the mirror wakes us when the name shows up
      );
    });
  }

  /** The live nodes of the cluster, this one first: `{ node, since }`. */
  members(): Member[] {
    return this.runtime.members();
  }

  /** Leaves the cluster (see the class's lifecycle). Idempotent. */
  stop(): Promise<void> {
    return this.runtime.stop();
  }
}
