import type { Request } from '@troupe/core/internal';

/** A `tell` or `trySend` waiting for the remote mailbox's answer; `P` is the proxy cell's type. */
export class TellWait<P> {
  constructor(
    readonly proxy: P,
    readonly message: unknown,
    readonly resolve: () => void,
    readonly reject: (error: unknown) => void,
  ) {}
}

/** What waits for an answer from a peer: a `send`'s request, or a `tell`/`trySend`. */
export type Pending<P> = Request | TellWait<P>;

export type PeerState = 'suspect' | 'up' | 'down';

/**
 * Another node as this one knows it: one incarnation of a node name (a node that restarts is a new
 * peer). It is `suspect` from the moment something refers to it until its first heartbeat (it must
 * be heard within three heartbeats like any node), `up` while heard, and `down` for good once
 * unheard for three of its heartbeats, once it said goodbye, or once another incarnation of its
 * name is heard. `P` is the type of the proxy cells of its actors (generic, so that this module
 * need not import them).
 */
export class Peer<P> {
  state: PeerState = 'suspect';
  /** When it was first heard (its own clock's reading, from its heartbeat). */
  since = 0;
  lastHeard: number;
  heartbeatMs: number;
  /** The largest payload it accepts, from its heartbeat. */
  maxPayload = Infinity;
  /** What waits for its answers, by correlation id. */
  readonly pending = new Map<number, Pending<P>>();
  /** Proxies of its actors, by handle. */
  readonly proxies = new Map<number, P>();

  constructor(
    readonly name: string,
    readonly incarnation: number,
    readonly subject: string,
    now: number,
    heartbeatMs: number,
  ) {
    this.lastHeard = now;
    this.heartbeatMs = heartbeatMs;
  }

  get key(): string {
    return peerKey(this.name, this.incarnation);
  }

  /** Unheard for three of its heartbeats. */
  overdue(now: number): boolean {
    return now - this.lastHeard > 3 * this.heartbeatMs;
  }
}

export function peerKey(name: string, incarnation: number): string {
  return `${name}#${incarnation}`;
}
