import { randomBytes } from 'node:crypto';
import type { Authenticator, ConnectionOptions } from 'nats';
import { ActorConfigError } from '@troupe/core';

/** The wire format of message payloads: MessagePack (`msgpackr`, the default) or JSON. */
export type CodecName = 'msgpack' | 'json';

/**
 * Options of `Remote.start`. Only `servers` and `cluster` usually matter; the NATS security
 * options (`token`, `user`/`pass`, `authenticator` for nkeys and credentials, `tls`) are passed to
 * the `nats` client untouched, and so is anything in `nats`.
 */
export interface RemoteOptions {
  /** NATS server URL(s). Default `nats://127.0.0.1:4222`. */
  servers?: string | string[];
  /**
   * The cluster to join: nodes of other clusters on the same NATS servers are invisible. Letters,
   * digits, `_` and `-`. Default `troupe`.
   */
  cluster?: string;
  /** This node's name, unique in the cluster (letters, digits, `_`, `-`; at most 64). Default: a random id. */
  node?: string;
  /** Heartbeat period; a node unheard for three of its heartbeats is down. Default 1000 ms. */
  heartbeatMs?: number;
  /** The largest message payload this node accepts, in bytes; larger ones are refused before decoding. Default 1 MiB. */
  maxPayload?: number;
  /** The payload format of what this node sends. Default `'msgpack'`; every node reads both. */
  codec?: CodecName;
  /** A NATS token, passed through. */
  token?: string;
  /** A NATS user, passed through. */
  user?: string;
  /** A NATS password, passed through. */
  pass?: string;
  /** A NATS authenticator (nkeys, credentials), passed through. */
  authenticator?: Authenticator | Authenticator[];
  /** NATS TLS options, passed through. */
  tls?: ConnectionOptions['tls'];
  /** Any other `nats` connection option, passed through (reconnect timing, a connection name, ...). */
  nats?: Partial<ConnectionOptions>;
  /** The JetStream key-value bucket of cluster names: its replicas (in a NATS cluster) and storage. Default 1 replica, file storage. */
  store?: { replicas?: number; storage?: 'file' | 'memory' };
}

/** Options with defaults applied and checked. */
export interface ResolvedOptions {
  readonly cluster: string;
  readonly node: string;
  readonly heartbeatMs: number;
  readonly maxPayload: number;
  readonly codec: CodecName;
  readonly connection: ConnectionOptions;
  readonly store: { replicas: number; storage: 'file' | 'memory' };
}

const TOKEN = /^[A-Za-z0-9_-]{1,64}$/;

/** Checks the options and fills in defaults; throws `ActorConfigError` naming a bad one. */
export function resolveOptions(options: RemoteOptions): ResolvedOptions {
  const where = 'Remote.start';
  if (options === null || typeof options !== 'object') throw new ActorConfigError(`${where}: options must be an object`);
  const cluster = options.cluster ?? 'troupe';
  if (typeof cluster !== 'string' || !TOKEN.test(cluster)) {
    throw new ActorConfigError(`${where}: cluster must be 1-64 letters, digits, "_" or "-", got ${JSON.stringify(cluster)}`);
  }
  const node = options.node ?? `node-${randomBytes(4).toString('hex')}`;
  if (typeof node !== 'string' || !TOKEN.test(node)) {
    throw new ActorConfigError(`${where}: node must be 1-64 letters, digits, "_" or "-", got ${JSON.stringify(node)}`);
  }
  const heartbeatMs = options.heartbeatMs ?? 1000;
  if (typeof heartbeatMs !== 'number' || !Number.isFinite(heartbeatMs) || heartbeatMs < 10) {
    throw new ActorConfigError(`${where}: heartbeatMs must be a number of ms >= 10, got ${String(heartbeatMs)}`);
  }
  const maxPayload = options.maxPayload ?? 1 << 20;
  if (typeof maxPayload !== 'number' || !Number.isInteger(maxPayload) || maxPayload < 1) {
    throw new ActorConfigError(`${where}: maxPayload must be a positive integer number of bytes, got ${String(maxPayload)}`);
  }
  const codec = options.codec ?? 'msgpack';
  if (codec !== 'msgpack' && codec !== 'json') {
    throw new ActorConfigError(`${where}: codec must be 'msgpack' or 'json', got ${JSON.stringify(codec)}`);
  }
  const replicas = options.store?.replicas ?? 1;
  const storage = options.store?.storage ?? 'file';
  if (!Number.isInteger(replicas) || replicas < 1) throw new ActorConfigError(`${where}: store.replicas must be a positive integer`);
  if (storage !== 'file' && storage !== 'memory') throw new ActorConfigError(`${where}: store.storage must be 'file' or 'memory'`);
  const connection: ConnectionOptions = {
    servers: options.servers ?? 'nats://127.0.0.1:4222',
    name: `troupe ${cluster}/${node}`,
    maxReconnectAttempts: -1,
    reconnectTimeWait: Math.min(1000, heartbeatMs),
    pingInterval: Math.max(1000, heartbeatMs * 5),
    ...options.nats,
  };
  // The security options go through exactly as given.
  if (options.token !== undefined) connection.token = options.token;
  if (options.user !== undefined) connection.user = options.user;
  if (options.pass !== undefined) connection.pass = options.pass;
  if (options.authenticator !== undefined) connection.authenticator = options.authenticator;
  if (options.tls !== undefined) connection.tls = options.tls;
  return { cluster, node, heartbeatMs, maxPayload, codec, connection, store: { replicas, storage } };
}
