/**
 * The frame every message between two nodes travels in, on the receiving node's subject. A fixed
 * binary header says what it is, for whom and from whom, and names the message's wire class, so
 * that a receiver can refuse a frame (too large, an unknown class) before it decodes a byte of the
 * payload:
 *
 * ```
 *  0  u8   magic 0x54 ('T')          12  u32  target incarnation (0: any)
 *  1  u8   version (1)               16  u32  sender incarnation
 *  2  u8   kind (see Kind)           20  u32  timeout in ms for a request (0xffffffff: none)
 *  3  u8   codec (1 msgpack, 2 json) 24  u8   n, then n bytes: the sender node's name (ASCII)
 *  4  u32  correlation id                u8   m, then m bytes: the wire name (UTF-8), or m = 0
 *  8  u32  actor handle                  ...  the payload
 * ```
 */

export const MAGIC = 0x54;
export const VERSION = 1;
export const FIXED = 25;
/** The header's timeout field for a request without one. */
export const NO_TIMEOUT = 0xffffffff;

/** What a frame is. Requests (1-4) go to an actor; the rest answer them or manage watches. */
export const Kind = {
  /** `tell`: answered by Ack (in the mailbox), Err (refused) or Gone. */
  Tell: 1,
  /** `send`: answered by Ok (the reply), Err or Gone. */
  Send: 2,
  /** `trySend`: answered by Ack, Err (`MailboxFullError`, ...) or Gone. */
  Try: 3,
  /** `doSend`: not answered. */
  Do: 4,
  Ack: 5,
  Ok: 6,
  Err: 7,
  /** The addressed actor has stopped (its handle is unknown). */
  Gone: 8,
  /** The frame was for another incarnation of the receiving node (it restarted). */
  Stale: 9,
  /** Watch the actor: answered by Terminated when it stops (at once if it has). */
  Watch: 10,
  /** The actor has stopped; the payload is its cause, if any. */
  Terminated: 11,
  /** Stop the actor gracefully. */
  Stop: 12,
  /** Kill the actor. */
  Kill: 13,
} as const;
export type Kind = (typeof Kind)[keyof typeof Kind];

export const CODEC_MSGPACK = 1;
export const CODEC_JSON = 2;

/** A frame's header, read without touching its payload. */
export interface Header {
  kind: Kind;
  codec: number;
  id: number;
  handle: number;
  targetIncarnation: number;
  senderIncarnation: number;
  timeoutMs: number;
  sender: string;
  wireName: string;
  /** Where the payload begins. */
  payloadAt: number;
}

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The frame is not one of ours: too short, a wrong magic or version, or lengths that do not add up. */
export class MalformedFrame extends Error {}

/** Encodes a string of ASCII or UTF-8 once, for a header field (at most 255 bytes). */
export function headerBytes(text: string): Uint8Array {
  const bytes = utf8.encode(text);
  if (bytes.length > 255) throw new RangeError(`"${text.slice(0, 40)}…" is longer than 255 bytes`);
  return bytes;
}

export interface FrameFields {
  kind: Kind;
  codec: number;
  id: number;
  handle: number;
  targetIncarnation: number;
  senderIncarnation: number;
  timeoutMs: number;
  /** The sender node's name, encoded (see {@link headerBytes}). */
  sender: Uint8Array;
  /** The wire name, encoded, or an empty array. */
  wireName: Uint8Array;
}

const EMPTY = new Uint8Array(0);

/** Writes a frame: the header, then `payload` (copied). */
export function writeFrame(f: FrameFields, payload: Uint8Array = EMPTY): Uint8Array {
  const at = FIXED + f.sender.length + 1 + f.wireName.length;
  const frame = new Uint8Array(at + payload.length);
  frame[0] = MAGIC;
  frame[1] = VERSION;
  frame[2] = f.kind;
  frame[3] = f.codec;
  writeU32(frame, 4, f.id);
  writeU32(frame, 8, f.handle);
  writeU32(frame, 12, f.targetIncarnation);
  writeU32(frame, 16, f.senderIncarnation);
  writeU32(frame, 20, f.timeoutMs);
  frame[24] = f.sender.length;
  frame.set(f.sender, 25);
  let p = 25 + f.sender.length;
  frame[p++] = f.wireName.length;
  frame.set(f.wireName, p);
  p += f.wireName.length;
  if (payload.length > 0) frame.set(payload, p);
  return frame;
}

/** Reads a frame's header; throws {@link MalformedFrame} when it is not a well-formed frame of ours. */
export function readHeader(frame: Uint8Array): Header {
  if (frame.length < FIXED + 1) throw new MalformedFrame(`a frame of ${frame.length} bytes is shorter than a header`);
  if (frame[0] !== MAGIC || frame[1] !== VERSION) throw new MalformedFrame('not a Troupe frame (wrong magic or version)');
  const kind = frame[2] as Kind;
  if (kind < Kind.Tell || kind > Kind.Kill) throw new MalformedFrame(`unknown frame kind ${kind}`);
  const senderLength = frame[24];
  let p = 25 + senderLength;
  if (senderLength === 0 || p >= frame.length) throw new MalformedFrame('the sender name does not fit the frame');
  const sender = ascii(frame, 25, p);
  const wireLength = frame[p++];
  if (p + wireLength > frame.length) throw new MalformedFrame('the wire name does not fit the frame');
  let wireName = '';
  if (wireLength > 0) {
    try {
      wireName = fromUtf8.decode(frame.subarray(p, p + wireLength));
    } catch {
      throw new MalformedFrame('the wire name is not UTF-8');
    }
  }
  return {
    kind,
    codec: frame[3],
    id: readU32(frame, 4),
    handle: readU32(frame, 8),
    targetIncarnation: readU32(frame, 12),
    senderIncarnation: readU32(frame, 16),
    timeoutMs: readU32(frame, 20),
    sender,
    wireName,
    payloadAt: p + wireLength,
  };
}

const NODE_CHAR = /^[A-Za-z0-9_-]+$/;

function ascii(frame: Uint8Array, from: number, to: number): string {
  let s = '';
  for (let i = from; i < to; i++) s += String.fromCharCode(frame[i]);
  if (!NODE_CHAR.test(s)) throw new MalformedFrame('the sender name is not a node name');
  return s;
}

function writeU32(b: Uint8Array, at: number, v: number): void {
  b[at] = v >>> 24;
  b[at + 1] = (v >>> 16) & 0xff;
  b[at + 2] = (v >>> 8) & 0xff;
  b[at + 3] = v & 0xff;
}

function readU32(b: Uint8Array, at: number): number {
  return ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0;
}
