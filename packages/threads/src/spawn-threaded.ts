import { ActorConfigError, type ActorSystem, type Addr } from '@troupe/core';
import { ActorDefinition } from '@troupe/core/internal';
import { resolveOptions, type ThreadedOptions } from './options';
import type { ThreadSafe } from './thread-safe';
import { ClassDirectory } from './internal/class-directory';
import { describeRefusal, scan } from './internal/clone-scan';
import { forwarderFor } from './internal/forwarder';
import { loadActor } from './internal/load';
import { ThreadedRuntime } from './internal/runtime';

/**
 * Where a threaded actor is spawned: an `ActorSystem` (a top-level actor under `/user`) or an
 * actor's `Context` (a child of that actor, supervised by it). Both have this `spawn`.
 */
export type ThreadedParent = Pick<ActorSystem, 'spawn'>;

/**
 * Spawns an actor whose instances run on worker threads (actix's `SyncArbiter`), and returns its
 * address: the same typed `Addr<A>` as any actor's, so that a CPU-bound handler no longer stalls
 * every other actor of the process.
 *
 * The address belongs to an ordinary actor in the calling thread, with a bounded mailbox,
 * supervision, registry, watch and stop as usual. It forwards each message to one of `threads`
 * worker threads, each holding its own instance of the class `export` of `module`, built with
 * `args`; at most `threads` messages are in flight, the rest wait in its mailbox.
 *
 * - **Messages and replies** cross by structured clone and are rebuilt as instances of their
 *   classes, found by wire name (the class name, or `@Wire('name')`) among the actor's handler
 *   classes and the module's exports. Buffers are moved rather than copied with
 *   `send(message, { transfer: [buf] })`, or with {@link transfer} (for `tell`, and for replies).
 * - **At the call**, a message structured clone cannot copy (a function, a symbol, a socket) is
 *   refused with `InvalidMessageError` naming the class and the field; one that no handler of the
 *   class takes makes `send` reject with `UnhandledMessageError` and goes to dead letters from a
 *   `tell`, as for any actor; neither enters the mailbox.
 *   At compile time, `spawnThreaded<A>` refuses an actor whose message types hold functions in
 *   fields, where TypeScript can tell them from methods. Methods and getters of message classes
 *   are fine: they stay on the class, which is rebuilt on the other side.
 * - **Failure.** An error thrown in a thread reaches the `send` caller with its name, message, stack
 *   and (where known) class, and is a failure of the threaded actor, which its parent handles. A
 *   thread that dies is replaced: its request rejects with {@link WorkerCrashedError}, queued
 *   messages are delivered afterwards. A **restart** keeps the threads; each rebuilds its instance
 *   (`restarting` on the old one, `started` on the new) before its next message.
 * - **A request that ends before its reply** (a `send` timeout, the caller's abort, a kill) ends its
 *   job: the thread running it is terminated and replaced by a new thread with a new instance, so a
 *   handler stuck in a loop costs a thread, not the actor. It is not a failure of the actor.
 * - **Lifecycle.** Each thread's instance runs `started` before its first message. A graceful stop
 *   lets the messages in flight finish, runs each instance's `stopped` (`stopping` cannot veto, as
 *   with actix's sync actors), then terminates the threads; a kill terminates them at once (the
 *   requests in flight reject with `ActorStoppedError`). When `addr.stopped` resolves, the threads
 *   have exited, so `system.shutdown()` leaves none behind.
 *
 * @param parent - the system, or the context of the actor that will supervise it.
 * @param options - see {@link ThreadedOptions}; `module` must be JavaScript at run time.
 * @throws ActorConfigError at once when the module cannot be loaded, the export is not an `@Actor`
 *   class, two of its message classes share a wire name, `args` cannot be cloned, or the options are wrong.
 *
 * @example
 * ```ts
 * // hasher.ts: an ordinary actor module
 * @Actor() export class Hasher { @Handler(Hash) hash(m: Hash): string { return scryptSync(m.password, m.salt, 64).toString('hex'); } }
 *
 * // main.ts
 * import type { Hasher } from './hasher';
 * const hasher = spawnThreaded<Hasher>(system, { module: require.resolve('./hasher'), export: 'Hasher', threads: 2, name: 'hasher' });
 * const digest: string = await hasher.send(new Hash('hunter2', salt), { timeoutMs: 5000 });
 * ```
 */
export function spawnThreaded<A = unknown>(parent: ThreadedParent, options: ThreadedOptions & ThreadSafe<A>): Addr<A> {
  const where = `spawnThreaded(${typeof options?.module === 'string' ? options.module : '?'})`;
  const resolved = resolveOptions(options, where);
  const loaded = loadActor(options.module, options.export, where);
  const directory = new ClassDirectory(loaded.actorClass, loaded.exports, options.classes);
  const badArgument = scan(resolved.args, () => undefined)?.refusal;
  if (badArgument !== undefined) {
    throw new ActorConfigError(`${where}: args cannot be sent to worker threads: ${describeRefusal(badArgument).replace('its field ', 'args')}`);
  }
  const definition = ActorDefinition.of(loaded.actorClass);
  const runtime = new ThreadedRuntime(loaded, directory, resolved.args, {
    threads: resolved.threads,
    resourceLimits: options.resourceLimits,
    execArgv: options.execArgv,
    idleEventLoop: options.idleEventLoop === true,
  });
  const Threaded = forwarderFor(loaded.actorClass, definition.options, runtime, resolved.threads);
  const addr = parent.spawn(Threaded, { ...resolved.spawn, args: [runtime] }) as unknown as Addr<unknown>;
  try {
    runtime.attach(addr);
  } catch (error) {
    void addr.kill();
    throw error;
  }
  return addr as Addr<A>;
}
