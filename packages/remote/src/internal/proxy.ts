import { Actor } from '@troupe/core';
import { ProxyCell, type ActorCell, type Request } from '@troupe/core/internal';
import type { Peer } from './peers';

/** The actor class of every proxy (core needs one; its handlers are never called). */
@Actor()
export class RemoteActor {}

/** The actor that proxies live under (`/user/troupe:remote`): when it stops, the node leaves. */
@Actor()
export class RemoteHost {
  constructor(private readonly onStop: () => Promise<void>) {}

  stopped(): Promise<void> {
    return this.onStop();
  }
}

/** What a proxy's verbs turn into: frames to the actor's node (see link.ts). */
export interface Outbound {
  /** The frame of a `tell`/`trySend`/`doSend` (kind), ready to publish; throws `InvalidMessageError` when the message cannot cross. */
  prepare(cell: RemoteCell, message: unknown, kind: 1 | 3 | 4): Uint8Array;
  /** Publishes a prepared `tell` or `trySend` and waits for the remote mailbox's answer. */
  await(cell: RemoteCell, message: unknown, frame: Uint8Array): Promise<void>;
  /** Publishes a prepared `doSend`. */
  fire(cell: RemoteCell, message: unknown, frame: Uint8Array): void;
  /** A `send`: its request settles with the reply. */
  request(cell: RemoteCell, request: Request): void;
  /** A request has settled: forget it. */
  left(cell: RemoteCell, request: Request): void;
  /** Asks the actor's node to stop or kill it; resolves when it has stopped (or its node is lost). */
  control(cell: RemoteCell, kind: 'stop' | 'kill'): Promise<void>;
  /** Reports a failure no caller can see (a `trySend` made through a `Recipient`). */
  report(cell: RemoteCell, what: string, error: unknown): void;
}

const TELL = 1;
const TRY = 3;
const DO = 4;

/**
 * The proxy of one actor on another node (one per actor and incarnation of its node, so that `===`
 * compares remote actors too). Its verbs become frames; `queued` counts this node's messages in
 * flight to the actor (what a least-loaded router compares). It ends when the actor stops (its
 * node says so), when the node is lost (`cause`: `NodeDownError`), or when this node leaves.
 */
export class RemoteCell extends ProxyCell {
  /** Messages from this node not yet answered by the remote mailbox. */
  unanswered = 0;

  constructor(
    parent: ActorCell,
    readonly out: Outbound,
    readonly peer: Peer<RemoteCell>,
    readonly handle: number,
    /** The actor's path on its own node (`/user/...`). */
    readonly localPath: string,
    /** The full path, `troupe://<cluster>@<node>/user/...`. */
    path: string,
    capacity: number,
  ) {
    super(parent, RemoteActor, path, localPath.slice(localPath.lastIndexOf('/') + 1), capacity);
  }

  override tell(message: unknown): Promise<void> {
    let frame: Uint8Array;
    try {
      frame = this.out.prepare(this, message, TELL);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.out.await(this, message, frame);
  }

  /** `trySend` reached through core (a `Recipient`, a router): the verdict is reported, not returned. `RemoteAddr.trySend` returns it. */
  override trySend(message: unknown): void {
    const frame = this.out.prepare(this, message, TRY);
    this.out.await(this, message, frame).catch((error: unknown) => this.out.report(this, 'trySend', error));
  }

  override doSend(message: unknown): void {
    this.out.fire(this, message, this.out.prepare(this, message, DO));
  }

  override admit(request: Request): void {
    this.out.request(this, request);
  }

  override requestLeft(request: Request): void {
    this.out.left(this, request);
  }

  override get queued(): number {
    return this.unanswered;
  }
}
