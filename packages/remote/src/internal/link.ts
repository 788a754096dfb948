import { ActorStoppedError, InvalidMessageError, type Addr, type Logger } from '@troupe/core';
import type { Request } from '@troupe/core/internal';
import { DisconnectedError } from '../errors';
import { messageClassNamed, wireNameOfClass } from './classes';
import { codecOfId, type Codec } from './codec';
import { headerBytes, Kind, MalformedFrame, NO_TIMEOUT, readHeader, writeFrame, type Header } from './frame';
import type { Exports } from './exports';
import { TellWait, type Peer, type Pending } from './peers';
import type { Outbound, RemoteCell } from './proxy';
import { Refusal, type TreeReader, type TreeWriter } from './tree';

/** What the link needs of its node. */
export interface LinkHost {
  readonly name: string;
  readonly incarnation: number;
  readonly maxPayload: number;
  readonly codec: Codec;
  readonly writer: TreeWriter;
  readonly reader: TreeReader;
  readonly exports: Exports<Peer<RemoteCell>>;
  readonly logger: Logger;
  /** Connected to NATS and not stopped. */
  readonly connected: boolean;
  /** The largest frame the NATS server takes. */
  readonly serverMaxPayload: number;
  publish(subject: string, frame: Uint8Array): void;
  /** The subject a node (any incarnation of it) listens on. */
  subjectOf(node: string): string;
  /** The peer of a node incarnation, made (suspect) when unknown. */
  peerFor(name: string, incarnation: number): Peer<RemoteCell>;
  /** The peer if known and not down. */
  peer(name: string, incarnation: number): Peer<RemoteCell> | undefined;
  /** The full path of an actor of this node. */
  pathOf(localPath: string): string;
  /** The error for a verb while disconnected. */
  disconnected(actor: string): DisconnectedError;
  /** The peer answered that it is another incarnation: it restarted. */
  restarted(peer: Peer<RemoteCell>): void;
  /** The proxy's actor has stopped (its node said so). */
  proxyEnded(cell: RemoteCell, cause: unknown): void;
}

const RESOLVED = Promise.resolve();
const EMPTY = new Uint8Array(0);

/**
 * Frames in and out. Out: a proxy's verbs become request frames on the actor's node subject, with
 * a correlation id under which the caller waits for the answer (`Ack` once the remote mailbox took
 * a `tell`, `Ok` with a reply, `Err` with an error, `Gone` when the actor has stopped). In: request
 * frames are checked before anything is decoded (the header, the size, the wire name, the actor),
 * then decoded and handed to the local actor with the same verb; the outcome goes back as an
 * answer. Nothing a frame holds can throw out of here: a bad frame is refused, answered where it
 * can be, and logged.
 */
export class Link implements Outbound {
  private nextId = 1;
  private readonly ids = new Map<Request, number>();
  private readonly wireBytes = new WeakMap<object, Uint8Array>();
  private readonly nameBytes: Uint8Array;

  constructor(private readonly host: LinkHost) {
    this.nameBytes = headerBytes(host.name);
  }

  // ---- out ----------------------------------------------------------------------------------

  prepare(cell: RemoteCell, message: unknown, kind: 1 | 3 | 4): Uint8Array {
    return this.frameOf(cell, message, kind, 0, NO_TIMEOUT);
  }

  await(cell: RemoteCell, message: unknown, frame: Uint8Array): Promise<void> {
    if (!cell.isAlive) {
      cell.deadLetter(message, 'stopped');
      return RESOLVED;
    }
    if (!this.host.connected) return Promise.reject(this.host.disconnected(cell.path));
    const id = this.id();
    setId(frame, id);
    return new Promise<void>((resolve, reject) => {
      cell.peer.pending.set(id, new TellWait(cell, message, resolve, reject));
      cell.unanswered++;
      this.send(cell, frame, id);
    });
  }

  fire(cell: RemoteCell, message: unknown, frame: Uint8Array): void {
    if (!cell.isAlive) return cell.deadLetter(message, 'stopped');
    if (!this.host.connected) {
      this.host.logger.warn(`doSend to ${cell.path} dropped: ${this.host.disconnected(cell.path).message}`);
      return;
    }
    this.host.publish(cell.peer.subject, frame);
  }

  request(cell: RemoteCell, request: Request): void {
    if (!cell.isAlive) return request.fail(new ActorStoppedError(cell.path, request.message));
    if (!this.host.connected) return request.fail(this.host.disconnected(cell.path));
    const timeoutMs = request.list?.timeoutMs ?? Infinity;
    let frame: Uint8Array;
    try {
      frame = this.frameOf(cell, request.message, Kind.Send, 0, timeoutMs === Infinity ? NO_TIMEOUT : Math.min(Math.ceil(timeoutMs), NO_TIMEOUT - 1));
    } catch (error) {
      return request.fail(error);
    }
    const id = this.id();
    setId(frame, id);
    cell.peer.pending.set(id, request);
    this.ids.set(request, id);
    cell.unanswered++;
    this.send(cell, frame, id);
  }

  left(cell: RemoteCell, request: Request): void {
    const id = this.ids.get(request);
    if (id === undefined) return;
    this.ids.delete(request);
    cell.peer.pending.delete(id);
    cell.unanswered--;
  }

  control(cell: RemoteCell, kind: 'stop' | 'kill'): Promise<void> {
    if (cell.isAlive) {
      if (!this.host.connected) return Promise.reject(this.host.disconnected(cell.path));
      this.host.publish(cell.peer.subject, this.bare(kind === 'stop' ? Kind.Stop : Kind.Kill, cell.peer, 0, cell.handle));
    }
    return cell.stopped;
  }

  report(cell: RemoteCell, what: string, error: unknown): void {
    this.host.logger.error(`${what} to ${cell.path} failed and no caller can see it`, error);
  }

  /** Asks the actor's node to tell this one when the actor stops. */
  watch(cell: RemoteCell): void {
    if (this.host.connected) this.host.publish(cell.peer.subject, this.bare(Kind.Watch, cell.peer, 0, cell.handle));
  }

  /** Tells a watching peer that the actor behind `handle` has stopped, with its encoded cause. */
  terminated(peer: Peer<RemoteCell>, handle: number, cause: Uint8Array | undefined): void {
    this.host.publish(peer.subject, this.bare(Kind.Terminated, peer, 0, handle, cause));
  }

  /** Everything waiting on the peer fails with `error` (it is down, or the connection dropped). */
  failPending(peer: Peer<RemoteCell>, error: (cell: RemoteCell) => unknown): void {
    const pending = [...peer.pending.values()];
    peer.pending.clear();
    for (const entry of pending) {
      if (entry instanceof TellWait) {
        entry.proxy.unanswered--;
        entry.reject(error(entry.proxy));
      } else {
        const cell = entry.target as RemoteCell;
        this.ids.delete(entry);
        cell.unanswered--;
        entry.fail(error(cell));
      }
    }
  }

  private send(cell: RemoteCell, frame: Uint8Array, id: number): void {
    try {
      this.host.publish(cell.peer.subject, frame);
    } catch (error) {
      this.settle(cell.peer, id, (entry) => fail(entry, error));
    }
  }

  private id(): number {
    const id = this.nextId;
    this.nextId = id === 0xfffffffe ? 1 : id + 1;
    return id;
  }

  /** A request frame for the message, its id to be set; throws `InvalidMessageError` for what cannot cross. */
  private frameOf(cell: RemoteCell, message: unknown, kind: Kind, id: number, timeoutMs: number): Uint8Array {
    const ctor = (message as { constructor: object }).constructor;
    const name = wireNameOfClass(ctor);
    const className = (ctor as { name?: string }).name || 'the message';
    if (name === undefined) {
      throw new InvalidMessageError(
        message,
        cell.path,
        `${className} has no @Wire name, so no other node can rebuild it: decorate it with @Wire('a.unique.name') on every node`,
      );
    }
    let wire = this.wireBytes.get(ctor);
    if (wire === undefined) this.wireBytes.set(ctor, (wire = headerBytes(name)));
    const host = this.host;
    let payload: Uint8Array;
    try {
      host.writer.sent = undefined;
      payload = host.codec.encode(host.writer.fields(message as object, 0, []));
    } catch (error) {
      const why = error instanceof Refusal ? error.describe() : `it could not be encoded (${String(error)})`;
      throw new InvalidMessageError(message, cell.path, `${className} cannot cross to node ${cell.peer.name}: ${why}`);
    }
    const limit = Math.min(host.maxPayload, cell.peer.maxPayload);
    if (payload.length > limit) {
      throw new InvalidMessageError(message, cell.path, `${className} is ${payload.length} bytes encoded, over the limit of ${limit} bytes (maxPayload)`);
    }
    const frame = writeFrame(
      {
        kind,
        codec: host.codec.id,
        id,
        handle: cell.handle,
        targetIncarnation: cell.peer.incarnation,
        senderIncarnation: host.incarnation,
        timeoutMs,
        sender: this.nameBytes,
        wireName: wire,
      },
      payload,
    );
    if (frame.length > host.serverMaxPayload) {
      throw new InvalidMessageError(message, cell.path, `${className} is ${frame.length} bytes framed, over the NATS server's max_payload of ${host.serverMaxPayload} bytes`);
    }
    return frame;
  }

  private bare(kind: Kind, peer: { name: string; incarnation: number }, id: number, handle: number, payload: Uint8Array = EMPTY): Uint8Array {
    return writeFrame(
      {
        kind,
        codec: this.host.codec.id,
        id,
        handle,
        targetIncarnation: peer.incarnation,
        senderIncarnation: this.host.incarnation,
        timeoutMs: NO_TIMEOUT,
        sender: this.nameBytes,
        wireName: EMPTY,
      },
      payload,
    );
  }

  // ---- in -----------------------------------------------------------------------------------

  /** Handles one frame from the node's subject. Never throws. */
  receive(data: Uint8Array): void {
    let h: Header;
    try {
      h = readHeader(data);
    } catch (error) {
      const why = error instanceof MalformedFrame ? error.message : String(error);
      this.host.logger.warn(`node ${this.host.name}: refused a malformed frame of ${data.length} bytes (${why})`);
      return;
    }
    try {
      this.dispatch(h, data);
    } catch (error) {
      this.host.logger.error(`node ${this.host.name}: a frame from node ${h.sender} could not be handled`, error);
    }
  }

  private dispatch(h: Header, data: Uint8Array): void {
    const host = this.host;
    const forMe = h.targetIncarnation === 0 || h.targetIncarnation === host.incarnation;
    switch (h.kind) {
      case Kind.Tell:
      case Kind.Send:
      case Kind.Try:
      case Kind.Do:
        if (!forMe) return this.answerStale(h);
        return this.deliver(h, data);
      case Kind.Watch: {
        if (!forMe) return this.answerStale(h);
        const peer = host.peerFor(h.sender, h.senderIncarnation);
        if (!host.exports.watch(h.handle, peer)) this.answer(h, Kind.Terminated);
        return;
      }
      case Kind.Stop:
      case Kind.Kill: {
        const addr = forMe ? host.exports.get(h.handle) : undefined;
        if (addr !== undefined) void (h.kind === Kind.Stop ? addr.stop() : addr.kill());
        return;
      }
      case Kind.Terminated: {
        if (!forMe) return;
        const cell = host.peer(h.sender, h.senderIncarnation)?.proxies.get(h.handle);
        if (cell === undefined) return;
        let cause: unknown;
        if (data.length > h.payloadAt) cause = this.decodeAnswer(h, data, cell, undefined).value;
        return host.proxyEnded(cell, cause);
      }
      default:
        if (forMe) this.answered(h, data);
    }
  }

  /** A request frame for a local actor: checked, decoded, handed over; its outcome answered. */
  private deliver(h: Header, data: Uint8Array): void {
    const host = this.host;
    const addr = host.exports.get(h.handle);
    const path = addr !== undefined ? host.pathOf(addr.path) : host.pathOf(`/#${h.handle}`);
    const size = data.length - h.payloadAt;
    if (size > host.maxPayload) {
      return this.refuse(h, path, `a payload of ${size} bytes is over the limit of ${host.maxPayload} bytes (maxPayload of node ${host.name}); it was not decoded`);
    }
    const cls = messageClassNamed(h.wireName);
    if (cls === undefined) {
      return this.refuse(
        h,
        path,
        `the wire name "${h.wireName}" names no message class on node ${host.name} (give the class @Wire('${h.wireName}') and load it there); it was not decoded`,
      );
    }
    if (addr === undefined) return this.answer(h, Kind.Gone);
    const codec = codecOfId(h.codec);
    if (codec === undefined) return this.refuse(h, path, `unknown codec ${h.codec}; it was not decoded`);
    let message: object;
    try {
      const tree = codec.decode(data.subarray(h.payloadAt));
      if (!Array.isArray(tree)) throw new Refusal('is not in the wire format');
      message = host.reader.fieldsInto(Object.create(cls.prototype as object) as object, tree, 0, 0, true);
    } catch (error) {
      const why = error instanceof Refusal ? error.describe() : `it is not valid ${codec.json ? 'JSON' : 'MessagePack'} (${String(error)})`;
      return this.refuse(h, path, `a ${h.wireName} from node ${h.sender} could not be decoded: ${why}`);
    }
    this.hand(h, addr as Addr<never>, message as never);
  }

  private hand(h: Header, addr: Addr<never>, message: never): void {
    switch (h.kind) {
      case Kind.Tell:
        addr.tell(message).then(
          () => this.answer(h, Kind.Ack),
          (error: unknown) => this.answerError(h, error, message),
        );
        return;
      case Kind.Send:
        addr.send(message, { timeoutMs: h.timeoutMs === NO_TIMEOUT ? Infinity : Math.max(1, h.timeoutMs) }).then(
          (value: unknown) => this.answerValue(h, value, message),
          (error: unknown) => this.answerError(h, error, message),
        );
        return;
      case Kind.Try:
        try {
          addr.trySend(message);
        } catch (error) {
          return this.answerError(h, error, message);
        }
        return this.answer(h, Kind.Ack);
      default:
        try {
          addr.doSend(message);
        } catch (error) {
          this.host.logger.warn(`doSend from node ${h.sender} to ${addr.path} refused`, error);
        }
    }
  }

  private refuse(h: Header, path: string, detail: string): void {
    const error = new InvalidMessageError(undefined, path, detail);
    if (h.kind === Kind.Do) {
      this.host.logger.warn(`node ${this.host.name}: refused a doSend from node ${h.sender}: ${error.message}`);
      return;
    }
    this.answerError(h, error, undefined);
  }

  /** An answer without payload (`Ack`, `Gone`, `Stale`, `Terminated`) to the frame's sender. */
  private answer(h: Header, kind: Kind, payload?: Uint8Array): void {
    if (!this.host.connected) return;
    const peer = { name: h.sender, incarnation: h.senderIncarnation };
    this.host.publish(this.host.subjectOf(h.sender), this.bare(kind, peer, h.id, h.handle, payload));
  }

  /**
   * The frame was for an earlier incarnation of this node: answered in that incarnation's name, so
   * that the sender finds the peer it meant and knows it is gone.
   */
  private answerStale(h: Header): void {
    if (!this.host.connected) return;
    const frame = this.bare(Kind.Stale, { name: h.sender, incarnation: h.senderIncarnation }, h.id, h.handle);
    frame[16] = h.targetIncarnation >>> 24;
    frame[17] = (h.targetIncarnation >>> 16) & 0xff;
    frame[18] = (h.targetIncarnation >>> 8) & 0xff;
    frame[19] = h.targetIncarnation & 0xff;
    this.host.publish(this.host.subjectOf(h.sender), frame);
  }

  private answerValue(h: Header, value: unknown, message: unknown): void {
    const writer = this.host.writer;
    let payload: Uint8Array;
    try {
      writer.sent = message;
      payload = this.host.codec.encode(writer.value(value, 0));
    } catch (error) {
      const why = error instanceof Refusal ? error.describe() : String(error);
      const refusal = new InvalidMessageError(value, undefined, `the reply to a ${h.wireName} cannot cross back to node ${h.sender}: ${why}`);
      return this.answerError(h, refusal, message);
    } finally {
      writer.sent = undefined;
    }
    this.answer(h, Kind.Ok, payload);
  }

  private answerError(h: Header, error: unknown, message: unknown): void {
    const writer = this.host.writer;
    let payload: Uint8Array;
    try {
      writer.sent = message;
      payload = this.host.codec.encode(error instanceof Error ? writer.error(error, 0) : writer.value(error, 0));
    } catch {
      payload = this.host.codec.encode(writer.error(new Error(`a ${typeof error} was thrown and could not cross back: ${String(error)}`), 0));
    } finally {
      writer.sent = undefined;
    }
    this.answer(h, Kind.Err, payload);
  }

  /** An answer to one of this node's requests. */
  private answered(h: Header, data: Uint8Array): void {
    const peer = this.host.peer(h.sender, h.senderIncarnation);
    if (peer === undefined) return;
    if (h.kind === Kind.Stale) return this.host.restarted(peer);
    const entry = peer.pending.get(h.id);
    if (entry === undefined) return; // settled already (timed out, aborted), or never ours
    const cell = entry instanceof TellWait ? entry.proxy : (entry.target as RemoteCell);
    switch (h.kind) {
      case Kind.Ack:
        return this.settle(peer, h.id, (e) => (e instanceof TellWait ? e.resolve() : e.succeed(undefined)));
      case Kind.Ok: {
        const { value, error } = this.decodeAnswer(h, data, cell, entry.message);
        return this.settle(peer, h.id, (e) => (error !== undefined ? fail(e, error) : e instanceof TellWait ? e.resolve() : e.succeed(value)));
      }
      case Kind.Err: {
        const { value, error } = this.decodeAnswer(h, data, cell, entry.message);
        return this.settle(peer, h.id, (e) => fail(e, localized(error ?? value, cell, entry.message)));
      }
      case Kind.Gone:
        return this.settle(peer, h.id, (e) => {
          if (e instanceof TellWait) {
            cell.deadLetter(e.message, 'stopped');
            e.resolve();
          } else {
            e.fail(new ActorStoppedError(cell.path, e.message));
          }
        });
    }
  }

  private settle(peer: Peer<RemoteCell>, id: number, how: (entry: Pending<RemoteCell>) => void): void {
    const entry = peer.pending.get(id);
    if (entry === undefined) return;
    if (entry instanceof TellWait) {
      peer.pending.delete(id);
      entry.proxy.unanswered--;
    }
    how(entry); // a request leaves through `left` as it settles
  }

  /** Decodes an answer's payload (a reply, an error, a cause). A payload that cannot be read becomes the error. */
  private decodeAnswer(h: Header, data: Uint8Array, cell: RemoteCell, sent: unknown): { value?: unknown; error?: unknown } {
    const host = this.host;
    const size = data.length - h.payloadAt;
    if (size > host.maxPayload) {
      return { error: new InvalidMessageError(undefined, cell.path, `an answer of ${size} bytes is over the limit of ${host.maxPayload} bytes (maxPayload); it was not decoded`) };
    }
    const codec = codecOfId(h.codec);
    if (codec === undefined) return { error: new InvalidMessageError(undefined, cell.path, `an answer in unknown codec ${h.codec}`) };
    const reader = host.reader;
    try {
      reader.sent = sent;
      reader.actor = cell.path;
      return { value: reader.value(codec.decode(data.subarray(h.payloadAt)), 0) };
    } catch (error) {
      const why = error instanceof Refusal ? error.describe() : String(error);
      return { error: new InvalidMessageError(undefined, cell.path, `the answer from node ${h.sender} could not be decoded: ${why}`) };
    } finally {
      reader.sent = undefined;
      reader.actor = undefined;
    }
  }
}

function fail(entry: Pending<RemoteCell>, error: unknown): void {
  if (entry instanceof TellWait) entry.reject(error);
  else entry.fail(error);
}

/** Errors that name the remote actor by its local path name it by its full remote path here; a refusal gets back the message sent. */
function localized(error: unknown, cell: RemoteCell, message: unknown): unknown {
  if (error instanceof InvalidMessageError && error.value === undefined && message !== undefined) {
    Object.defineProperty(error, 'value', { value: message, writable: true, enumerable: true, configurable: true });
  }
  const actor = (error as { actor?: unknown } | null)?.actor;
  if (typeof actor === 'string' && actor.startsWith('/') && cell.path.endsWith(actor)) {
    Object.defineProperty(error, 'actor', { value: cell.path, writable: true, enumerable: true, configurable: true });
  }
  return error;
}

function setId(frame: Uint8Array, id: number): void {
  frame[4] = id >>> 24;
  frame[5] = (id >>> 16) & 0xff;
  frame[6] = (id >>> 8) & 0xff;
  frame[7] = id & 0xff;
}
