import { Packr, Unpackr } from 'msgpackr';
import type { CodecName } from '../options';
import { CODEC_JSON, CODEC_MSGPACK } from './frame';

/** Turns wire trees into payload bytes and back. */
export interface Codec {
  /** The codec's id in a frame header. */
  readonly id: number;
  /** Whether wire trees for it must hold only what JSON can (see `TreeWriter`). */
  readonly json: boolean;
  encode(tree: unknown): Uint8Array;
  decode(bytes: Uint8Array): unknown;
}

/**
 * MessagePack by msgpackr, with its extensions for records and structured clones turned off for
 * what we write. Payloads are flat arrays (see tree.ts), so no codec map becomes an object here;
 * whatever else a hostile frame holds is refused by the tree reader.
 */
class MsgpackCodec implements Codec {
  readonly id = CODEC_MSGPACK;
  readonly json = false;
  private readonly packr = new Packr({ useRecords: false, structuredClone: false });
  private readonly unpackr = new Unpackr({ useRecords: false, mapsAsObjects: true, structuredClone: false });

  encode(tree: unknown): Uint8Array {
    return this.packr.pack(tree); // a view of msgpackr's buffer: the frame copies it at once
  }

  decode(bytes: Uint8Array): unknown {
    return this.unpackr.unpack(bytes);
  }
}

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder('utf-8', { fatal: true });

class JsonCodec implements Codec {
  readonly id = CODEC_JSON;
  readonly json = true;

  encode(tree: unknown): Uint8Array {
    return utf8.encode(JSON.stringify(tree));
  }

  decode(bytes: Uint8Array): unknown {
    return JSON.parse(fromUtf8.decode(bytes)) as unknown;
  }
}

const codecs = { msgpack: new MsgpackCodec(), json: new JsonCodec() };

/** The codec by name (what a node writes). */
export function codecNamed(name: CodecName): Codec {
  return codecs[name];
}

/** The codec by frame id (what a node reads: either), or undefined for an unknown id. */
export function codecOfId(id: number): Codec | undefined {
  return id === CODEC_MSGPACK ? codecs.msgpack : id === CODEC_JSON ? codecs.json : undefined;
}
