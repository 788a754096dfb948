import 'reflect-metadata';
import { connect, type NatsConnection } from 'nats';
import { Actor, ActorConfigError, Handler, InvalidMessageError, Message, Wire, type Logger } from '@troupe/core';
import { Remote } from '@troupe/remote';
import { codecNamed } from '../src/internal/codec';
import { headerBytes, Kind, readHeader, writeFrame } from '../src/internal/frame';
import { T, TreeReader } from '../src/internal/tree';
import { resolveOptions } from '../src/options';
import { eventually, newSystem, startNatsServer, startNode, stopNodes, stopSystems, type NatsServer } from './support';

let server: NatsServer;
let raw: NatsConnection;
beforeAll(async () => {
  server = await startNatsServer();
  raw = await connect({ servers: server.url });
});
afterAll(async () => {
  await raw.close();
  await server.stop();
});
afterEach(async () => {
  await stopNodes();
  await stopSystems();
});

@Wire('refusal.Note')
class Note extends Message<string> {
  constructor(readonly text: unknown) {
    super();
  }
}

const received: Note[] = [];

@Actor()
class Sink {
  @Handler(Note) note(m: Note): string {
    received.push(m);
    return 'ok';
  }
}

/** A logger that keeps warnings, to see a refusal reported. */
function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, error: () => undefined, warn: (m: string) => void warnings.push(m) };
}

/** A node of its own, its sink exposed (the node's first exported actor: handle 1). */
async function target(options: { maxPayload?: number } = {}) {
  const logger = recordingLogger();
  const a = await startNode(server.url, `target-${Math.random().toString(36).slice(2, 8)}`, options, newSystem({ logger }));
  await a.node.expose(`sink-${a.node.node}`, a.system.spawn(Sink, { name: 'sink' }));
  return { ...a, logger, subject: `troupe.test.n.${a.node.node}` };
}

/** A frame as a node called "fake" would send it, and a subscription on which "fake" hears answers. */
async function fake(): Promise<{ frame: (f: Partial<Parameters<typeof writeFrame>[0]>, payload?: Uint8Array) => Uint8Array; answer: () => Promise<Uint8Array> }> {
  const name = `fake${Math.random().toString(36).slice(2, 8)}`;
  const sub = raw.subscribe(`troupe.test.n.${name}`, { max: 1 });
  await raw.flush();
  return {
    frame: (f, payload) =>
      writeFrame(
        {
          kind: Kind.Send,
          codec: 1,
          id: 7,
          handle: 1,
          targetIncarnation: 0,
          senderIncarnation: 99,
          timeoutMs: 5000,
          sender: headerBytes(name),
          wireName: headerBytes('refusal.Note'),
          ...f,
        },
        payload,
      ),
    answer: async () => {
      for await (const m of sub) return m.data;
      throw new Error('no answer');
    },
  };
}

/** The error an answer frame carries. */
function errorOf(frame: Uint8Array): unknown {
  const h = readHeader(frame);
  expect(h.kind).toBe(Kind.Err);
  const reader = new TreeReader({ refOf: () => [] as never, addrOf: () => undefined as never });
  return reader.value(codecNamed('msgpack').decode(frame.subarray(h.payloadAt)), 0);
}

const msgpack = codecNamed('msgpack');

describe('refused before decoding, reported to the sender, and the node goes on', () => {
  beforeEach(() => void received.splice(0));

  test('malformed frames are dropped with a warning; the node keeps serving', async () => {
    const a = await target();
    const b = await startNode(server.url, 'b');
    for (const junk of [new Uint8Array(0), new Uint8Array([1, 2, 3]), new Uint8Array(64).fill(0x54), new TextEncoder().encode('{"hello":"world"}')]) {
      raw.publish(a.subject, junk);
    }
    await raw.flush();
    await eventually(() => a.logger.warnings.length >= 4, 'four warnings');
    expect(a.logger.warnings[0]).toMatch(/refused a malformed frame of 0 bytes/);
    const sink = await b.node.waitFor<Sink>(`sink-${a.node.node}`, { timeoutMs: 2000 });
    expect(await sink.send(new Note('still here'))).toBe('ok');
  });

  test('an unknown wire name is refused without decoding, as InvalidMessageError to the sender', async () => {
    const a = await target();
    const f = await fake();
    raw.publish(a.subject, f.frame({ wireName: headerBytes('evil.Unknown') }, new Uint8Array([0xc1, 0xc1])));
    const error = errorOf(await f.answer());
    expect(error).toBeInstanceOf(InvalidMessageError);
    expect((error as Error).message).toMatch(/the wire name "evil.Unknown" names no message class .* it was not decoded/);
    expect(received).toHaveLength(0);
  });

  test('a payload that is not valid MessagePack, or not in the wire format, is refused as InvalidMessageError', async () => {
    const a = await target();
    for (const payload of [new Uint8Array([0xc1, 0xff, 0x00]), msgpack.encode({ text: 'a map, not our flat array' }), msgpack.encode(['text', { __proto__: 1 }])]) {
      const f = await fake();
      raw.publish(a.subject, f.frame({}, payload));
      const error = errorOf(await f.answer());
      expect(error).toBeInstanceOf(InvalidMessageError);
      expect((error as Error).message).toMatch(/could not be decoded/);
    }
    expect(received).toHaveLength(0);
  });

  test('a payload over maxPayload is refused before decoding, naming the size and the limit in bytes', async () => {
    const a = await target({ maxPayload: 1000 });
    const f = await fake();
    raw.publish(a.subject, f.frame({}, new Uint8Array(2000).fill(0xc1)));
    const error = errorOf(await f.answer());
    expect(error).toBeInstanceOf(InvalidMessageError);
    expect((error as Error).message).toMatch(/a payload of 2000 bytes is over the limit of 1000 bytes .* it was not decoded/);
    // A node that knows the limit (from the heartbeat) refuses at the call, before anything is sent.
    const b = await startNode(server.url, 'sender');
    const sink = await b.node.waitFor<Sink>(`sink-${a.node.node}`, { timeoutMs: 2000 });
    await eventually(() => b.node.members().length === 2, 'b to hear a');
    await expect(sink.send(new Note('x'.repeat(5000)))).rejects.toThrow(/Note is 50\d\d bytes encoded, over the limit of 1000 bytes/);
    expect(received).toHaveLength(0);
  });

  test('decoding never writes __proto__, constructor or prototype', async () => {
    const a = await target();
    const f = await fake();
    const evil = [T.Object, 'polluted', true, 'isAdmin', true];
    const fields = ['__proto__', evil, 'constructor', evil, 'prototype', evil, 'text', [T.Object, '__proto__', evil, 'constructor', [T.Object, 'prototype', evil], 'ok', 1]];
    raw.publish(a.subject, f.frame({}, msgpack.encode(fields)));
    const answer = await f.answer();
    expect(readHeader(answer).kind).toBe(Kind.Ok);
    expect(received).toHaveLength(1);
    const m = received[0];
    expect(Object.getPrototypeOf(m)).toBe(Note.prototype);
    expect(Object.keys(m)).toEqual(['text']);
    expect(m.constructor).toBe(Note);
    const text = m.text as Record<string, unknown>;
    expect(Object.getPrototypeOf(text)).toBe(Object.prototype);
    expect(Object.keys(text)).toEqual(['ok']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect((Object.prototype as unknown as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('clusters and security', () => {
  test('nodes of another cluster on the same server are invisible', async () => {
    const a = await startNode(server.url, 'a');
    await a.node.expose('shared-name', a.system.spawn(Sink));
    const other = await startNode(server.url, 'a', { cluster: 'other' }); // even the same node name
    const b = await startNode(server.url, 'b');
    await eventually(() => b.node.members().length === 2, 'b to see a');
    await new Promise((r) => setTimeout(r, 300)); // three heartbeats: long enough to have heard anyone
    expect(other.node.members().map((m) => m.node)).toEqual(['a']);
    expect(b.node.members().map((m) => m.node).sort()).toEqual(['a', 'b']);
    expect(await other.node.lookup('shared-name')).toBeUndefined();
    await other.node.expose('shared-name', other.system.spawn(Sink)); // its own namespace
  });

  test('the NATS security options are passed to nats untouched', () => {
    const tls = { caFile: '/etc/ssl/ca.pem' };
    const authenticator = (): { auth_token: string } => ({ auth_token: 't' });
    const resolved = resolveOptions({ token: 'tok', user: 'u', pass: 'p', tls, authenticator, nats: { name: 'mine', timeout: 1234 } });
    expect(resolved.connection.token).toBe('tok');
    expect(resolved.connection.user).toBe('u');
    expect(resolved.connection.pass).toBe('p');
    expect(resolved.connection.tls).toBe(tls);
    expect(resolved.connection.authenticator).toBe(authenticator);
    expect(resolved.connection.name).toBe('mine');
    expect(resolved.connection.timeout).toBe(1234);
  });

  test('a server that requires a token or a user and password lets in exactly the nodes that give it', async () => {
    const guarded = await startNatsServer(['--auth', 's3cret']);
    try {
      await expect(Remote.start(newSystem(), { servers: guarded.url, cluster: 'sec', node: 'intruder', heartbeatMs: 100 })).rejects.toThrow(/Authorization/i);
      const a = await startNode(guarded.url, 'a', { token: 's3cret' });
      expect(a.node.members()).toHaveLength(1);
      await a.node.stop();
    } finally {
      await guarded.stop();
    }
    const users = await startNatsServer(['--user', 'troupe', '--pass', 'pw']);
    try {
      await expect(Remote.start(newSystem(), { servers: users.url, cluster: 'sec', user: 'troupe', pass: 'wrong', heartbeatMs: 100 })).rejects.toThrow(/Authorization/i);
      const b = await startNode(users.url, 'b', { user: 'troupe', pass: 'pw' });
      await b.node.stop();
    } finally {
      await users.stop();
    }
  });

  test('a server without JetStream is refused with a hint to start it with -js', async () => {
    const plain = await startNatsServer([], { jetstream: false });
    try {
      await expect(Remote.start(newSystem(), { servers: plain.url, cluster: 'nojs', heartbeatMs: 100 })).rejects.toThrow(/no JetStream.*nats-server -js/);
    } finally {
      await plain.stop();
    }
  });

  test('bad options are refused with ActorConfigError naming them', async () => {
    const system = newSystem();
    await expect(Remote.start(system, { cluster: 'has space' })).rejects.toThrow(ActorConfigError);
    await expect(Remote.start(system, { node: 'a.b' })).rejects.toThrow(/node must be/);
    await expect(Remote.start(system, { heartbeatMs: 0 })).rejects.toThrow(/heartbeatMs/);
    await expect(Remote.start(system, { codec: 'xml' as never })).rejects.toThrow(/codec/);
  });
});
