import 'reflect-metadata';
import { Actor, Handler, Message, type ActorClass, type ActorOptions } from '@troupe/core';
import { ACTOR_OPTIONS, currentRequestSignal, EXTENSIONS, HANDLERS, STRATEGY, WIRE_NAME, type ActorExtension } from '@troupe/core/internal';
import type { ThreadedRuntime } from './runtime';

/**
 * The threaded actor as the calling thread sees it: an ordinary actor whose one handler, a
 * reentrant catch-all, hands each message to its {@link ThreadedRuntime}, with the signal of its
 * request (aborted when the request times out, is aborted or is killed: the runtime then
 * terminates the thread that runs it). `@Actor({ concurrency:
 * threads })` keeps at most `threads` messages in flight, so the rest wait in its mailbox under
 * its capacity, as backpressure. Its lifecycle hooks drive the pool: `started` waits until a
 * thread has loaded the actor module, `restarting` moves the threads to a new generation,
 * `stopped` drains and terminates them. It has no `stopping`: like actix's sync actors, a
 * threaded actor cannot veto its stop.
 *
 * The runtime is the one constructor argument, so a restart (a new instance, same arguments)
 * keeps the pool and its threads.
 */
export class Forwarder {
  constructor(private readonly runtime: ThreadedRuntime) {}

  /** Read in the handler's synchronous part: the signal of the request it handles (none for a command). */
  @Handler({ message: Message, reentrant: true })
  forward(message: Message<unknown>): Promise<unknown> {
    return this.runtime.forward(message, currentRequestSignal());
  }

  started(): Promise<void> {
    return this.runtime.start();
  }

  restarting(_ctx: unknown, cause: unknown): void {
    this.runtime.restarting(cause);
  }

  stopped(): Promise<void> {
    return this.runtime.stopped();
  }
}

/** Core's own keys, which describe the actor class itself, not the threaded actor (extensions are copied, then ours added). */
const CORE_KEYS = new Set([ACTOR_OPTIONS, HANDLERS, STRATEGY, WIRE_NAME]);

/**
 * A forwarder class for one threaded actor: its own class, so that its `@Actor` options are its
 * own (concurrency = threads; the mailbox and `onFailure` of the actor class), with the metadata
 * that sibling packages' class decorators left on the actor class (`@Registered`, ...), and named
 * after the actor class for logs and dead letters. Its own extension checks each message at the
 * call (`admit`: the mailbox never sees one that cannot cross) and tells the runtime of kills.
 */
export function forwarderFor(actorClass: ActorClass, options: ActorOptions | undefined, runtime: ThreadedRuntime, threads: number): ActorClass {
  const Threaded = class extends Forwarder {};
  Object.defineProperty(Threaded, 'name', { value: `Threaded(${actorClass.name})` });
  Actor({ mailbox: options?.mailbox, onFailure: options?.onFailure, concurrency: threads })(Threaded);
  for (const key of Reflect.getMetadataKeys(actorClass) as unknown[]) {
    if (typeof key !== 'string' || !key.startsWith('troupe:') || CORE_KEYS.has(key)) continue;
    Reflect.defineMetadata(key, Reflect.getMetadata(key, actorClass), Threaded);
  }
  const threadsExtension: ActorExtension = {
    tracksRequests: true, // the handler passes `currentRequestSignal()` to the worker's task
    admit: (cell, message) => (cell.isAlive ? runtime.admit(message) : undefined),
    killed: () => runtime.killed(),
  };
  const extensions = (Reflect.getMetadata(EXTENSIONS, Threaded) as ActorExtension[] | undefined) ?? [];
  Reflect.defineMetadata(EXTENSIONS, [...extensions, threadsExtension], Threaded);
  return Threaded;
}
