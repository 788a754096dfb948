import type { Addr } from '../../address';
import type { ActorClass } from '../../types';
import { ActorDefinition } from '../actor-definition';
import type { Request } from '../request';
import { ActorCell } from './cell';

/**
 * The cell of an actor that lives somewhere else (another process, another machine): a proxy whose
 * delivery verbs a sibling package takes over by overriding them (how `@troupe/remote` makes a
 * remote actor's address an ordinary `Addr`). Nothing is added to an ordinary actor's path: an
 * `Addr` calls the same four cell methods for every actor, after the same checks at the call (a
 * `Message` whose class can be told, the extensions' `admit`), and a proxy simply has its own:
 *
 * - `Addr.tell` → {@link tell}; the promise it returns is the caller's.
 * - `Addr.send` → {@link admit} with a request whose deadline is already running in the system's
 *   deadline queues (so `timeoutMs` and `signal` work as for any actor, and the request keeps the
 *   process alive). Settle it with `request.succeed(reply)` or `request.fail(error)`. However it
 *   settles (so, by timeout or abort too), core then calls {@link requestLeft} with it, once: the
 *   one place for the proxy to forget it.
 * - `Addr.trySend` → {@link trySend}, `Addr.doSend` → {@link doSend}: synchronous, throw to refuse.
 *
 * Everything else is an ordinary cell's: the proxy sits in the tree under the actor that made it
 * (a generated name, so it claims no name among its siblings), its address can be watched,
 * registered and routed to, `isAlive` and `stopped` are the proxy's own, and it ends as any actor
 * does: `terminate(cause)` ends it at once and its watchers get `Terminated` with that cause, which
 * is how a proxy reports that the actor it stands for has gone. Its mailbox stays empty; `path` and
 * `name` are those of the actor it stands for, so that errors and dead letters name that actor.
 */
export abstract class ProxyCell extends ActorCell {
  private readonly proxyPath: string;
  private readonly proxyName: string;

  /**
   * @param parent - the actor the proxy is a child of (it stops the proxy when it stops).
   * @param actorClass - an `@Actor` class for the proxy (its handlers are never called; its
   *   extensions, if any, run as for any actor).
   * @param path - the path of the actor it stands for, as errors should show it.
   * @param capacity - what `addr.capacity` reports (the remote mailbox's capacity, if known).
   */
  constructor(parent: ActorCell, actorClass: ActorClass, path: string, name: string, capacity: number) {
    super(parent.system, parent, ActorDefinition.of(actorClass), [], parent.system.nextSerial(), capacity);
    this.proxyPath = path;
    this.proxyName = name;
  }

  override get path(): string {
    return this.proxyPath;
  }

  override get name(): string {
    return this.proxyName;
  }

  /** `Addr.tell`, after the checks at the call. */
  abstract override tell(message: unknown): Promise<void>;
  /** `Addr.trySend`, after the checks at the call; throw to refuse. */
  abstract override trySend(message: unknown): void;
  /** `Addr.doSend`, after the checks at the call; throw to refuse. */
  abstract override doSend(message: unknown): void;
  /** `Addr.send`, after the checks at the call: `request` has its deadline running; settle it. */
  abstract override admit(request: Request): void;
  /** A request given to {@link admit} has settled (a reply, an error, a timeout, an abort): forget it. */
  abstract override requestLeft(request: Request): void;

  /** A proxy's requests always go to the far side: never handled here. */
  override requestNow(): undefined {
    return undefined;
  }
}

/**
 * Links a proxy cell into the tree under its parent and gives it its address, an instance of
 * `face` (`Addr` or a subclass whose methods add to it, such as a `trySend` that returns the remote
 * verdict); returns that address. The proxy starts like any actor (it has no `started` to wait for).
 */
export function spawnProxy<F extends Addr<unknown>>(cell: ProxyCell, face: new (cell: ActorCell) => F): F {
  const addr = new face(cell);
  cell.addr = addr;
  cell.init();
  return addr;
}
