import 'reflect-metadata';
import {
  Actor,
  ActorStoppedError,
  Handler,
  InvalidMessageError,
  MailboxFullError,
  Message,
  UnhandledMessageError,
  Wire,
  type Addr,
  type Context,
} from '@troupe/core';
import { cellOf } from '@troupe/core/internal';
import { RemoteAddr, RemoteError } from '@troupe/remote';
import { Account, Balance, Deposit, eventually, Fail, GetBalance, Overdrawn, serverForFile, Slow, startNode } from './support';

const server = serverForFile();

@Wire('wire.Everything')
class Everything extends Message<Everything> {
  constructor(readonly value: unknown) {
    super();
  }
}

@Wire('wire.Point')
class Point {
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}

  get length(): number {
    return Math.hypot(this.x, this.y);
  }
}

class NotWired {
  constructor(readonly n: number) {}
}

class Unwired extends Message<void> {}

@Actor()
class Mirror {
  @Handler(Everything) echo(m: Everything): Everything {
    return m;
  }
}

@Wire('wire.Ping')
class Ping extends Message<string> {
  constructor(readonly replyTo: Addr<Pong>) {
    super();
  }
}

@Wire('wire.Pong')
class Pong_ extends Message<void> {
  constructor(readonly text: string) {
    super();
  }
}

@Actor()
class Pong {
  readonly got: string[] = [];
  @Handler(Pong_) pong(m: Pong_): void {
    this.got.push(m.text);
  }
}

@Actor()
class Pinger {
  @Handler(Ping) async ping(m: Ping): Promise<string> {
    await m.replyTo.tell(new Pong_('pong'));
    return m.replyTo.path;
  }
}

async function pair(codec: 'msgpack' | 'json' = 'msgpack') {
  const a = await startNode(server.url, `a-${codec}`, { codec });
  const b = await startNode(server.url, `b-${codec}`, { codec });
  return { a, b };
}

describe.each(['msgpack', 'json'] as const)('what crosses the wire (%s)', (codec) => {
  test('messages and replies arrive as instances of their @Wire classes, with nested values intact', async () => {
    const { a, b } = await pair(codec);
    await a.node.expose('mirror', a.system.spawn(Mirror));
    const mirror = await b.node.waitFor<Mirror>('mirror', { timeoutMs: 2000 });
    const value = {
      text: 'ünïcødé ✓',
      n: 42,
      big: 2 ** 53 - 1,
      neg: -1.5,
      flags: [true, false, null],
      nothing: undefined,
      notANumber: NaN,
      inf: -Infinity,
      when: new Date(1_700_000_000_000),
      map: new Map<unknown, unknown>([
        ['k', 1],
        [2, { deep: [1, [2, [3]]] }],
      ]),
      set: new Set(['x', 'y']),
      bytes: new Uint8Array([0, 1, 254, 255]),
      huge: 12345678901234567890n,
      point: new Point(3, 4),
      points: [new Point(1, 0)],
    };
    const reply = await mirror.send(new Everything(value));
    expect(reply).toBeInstanceOf(Everything);
    const got = reply.value as typeof value;
    expect(got.text).toBe(value.text);
    expect(got.n).toBe(42);
    expect(got.big).toBe(2 ** 53 - 1);
    expect(got.flags).toEqual([true, false, null]);
    expect('nothing' in got && got.nothing === undefined).toBe(true);
    expect(got.notANumber).toBeNaN();
    expect(got.inf).toBe(-Infinity);
    expect(got.when).toEqual(value.when);
    expect(got.map).toEqual(value.map);
    expect(got.set).toEqual(value.set);
    expect(Array.from(got.bytes)).toEqual([0, 1, 254, 255]);
    expect(got.huge).toBe(12345678901234567890n);
    expect(got.point).toBeInstanceOf(Point);
    expect(got.point.length).toBe(5);
    expect(got.points[0]).toBeInstanceOf(Point);
  });

  test('a reply that is a @Wire class keeps its class and methods', async () => {
    const { a, b } = await pair(codec);
    await a.node.expose('acct', a.system.spawn(Account));
    const acct = await b.node.waitFor<Account>('acct', { timeoutMs: 2000 });
    await acct.send(new Deposit(7));
    const balance = await acct.send(new GetBalance());
    expect(balance).toBeInstanceOf(Balance);
    expect(balance.describe()).toBe('7 at 1970-01-01T00:00:00.000Z');
  });

  test('an address inside a message reaches its actor from the other node', async () => {
    const { a, b } = await pair(codec);
    await a.node.expose('pinger', a.system.spawn(Pinger));
    const pong = b.system.spawn(Pong, { name: 'pong' });
    const pinger = await b.node.waitFor<Pinger>('pinger', { timeoutMs: 2000 });
    // a's Pinger tells b's Pong through the address it received, and names it by its remote path
    expect(await pinger.send(new Ping(pong))).toBe(`troupe://test@b-${codec}/user/pong`);
    await a.node.expose('mirror', a.system.spawn(Mirror));
    const mirror = await b.node.waitFor<Mirror>('mirror', { timeoutMs: 2000 });
    // b's own actor's address comes back to b as the local Addr itself; a's as its remote address
    const back = await mirror.send(new Everything({ pong, pinger }));
    expect((back.value as { pong: unknown }).pong).toBe(pong);
    expect((back.value as { pinger: unknown }).pinger).toBe(pinger);
  });
});

test('a node writing JSON and a node writing MessagePack understand each other', async () => {
  const a = await startNode(server.url, 'writes-json', { codec: 'json' });
  const b = await startNode(server.url, 'writes-msgpack', { codec: 'msgpack' });
  await a.node.expose('mirror-json', a.system.spawn(Mirror));
  await b.node.expose('mirror-msgpack', b.system.spawn(Mirror));
  const fromB = await b.node.waitFor<Mirror>('mirror-json', { timeoutMs: 2000 });
  const fromA = await a.node.waitFor<Mirror>('mirror-msgpack', { timeoutMs: 2000 });
  const value = { n: NaN, bytes: new Uint8Array([1, 2]), when: new Date(5), nothing: undefined };
  for (const mirror of [fromA, fromB]) {
    const got = (await mirror.send(new Everything(value))).value as typeof value;
    expect(got.n).toBeNaN();
    expect(Array.from(got.bytes)).toEqual([1, 2]);
    expect(got.when).toEqual(new Date(5));
    expect('nothing' in got).toBe(true);
  }
});

describe('errors cross with their classes', () => {
  test("core errors, JavaScript's errors and @Wire errors keep their class, fields and the remote path", async () => {
    const { a, b } = await pair();
    await a.node.expose('acct', a.system.spawn(Account, { name: 'acct' }));
    const acct = await b.node.waitFor<Account>('acct', { timeoutMs: 2000 });
    const overdrawn = await acct.send(new Deposit(-10)).catch((e: unknown) => e);
    expect(overdrawn).toBeInstanceOf(Overdrawn);
    expect((overdrawn as Overdrawn).shortBy).toBe(10);
    expect((overdrawn as Error).message).toBe('overdrawn by 10');
    const typeError = await acct.send(new Fail('type')).catch((e: unknown) => e);
    expect(typeError).toBeInstanceOf(TypeError);
    expect((typeError as Error).stack).toContain('bad type');
    const unhandled = await acct.send(new Everything(1) as never).catch((e: unknown) => e);
    expect(unhandled).toBeInstanceOf(UnhandledMessageError);
    expect((unhandled as UnhandledMessageError).actor).toBe('troupe://test@a-msgpack/user/acct');
    expect((unhandled as Error).name).toBe('UnhandledMessageError');
  });

  test('an error of a class this node does not know arrives as RemoteError with its name, message and path', async () => {
    const { a, b } = await pair();
    await a.node.expose('acct', a.system.spawn(Account, { name: 'acct' }));
    const acct = await b.node.waitFor<Account>('acct', { timeoutMs: 2000 });
    const error = await acct.send(new Fail('unknown')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RemoteError);
    expect((error as RemoteError).originalName).toBe('Error'); // an anonymous subclass keeps Error's name
    expect((error as RemoteError).message).toContain('weird');
    expect((error as RemoteError).actor).toBe('troupe://test@a-msgpack/user/acct');
  });

  test('a full remote mailbox rejects trySend with MailboxFullError carrying the very message sent', async () => {
    const { a, b } = await pair();
    const slow = a.system.spawn(Account, { name: 'slow', mailbox: 1 });
    await a.node.expose('slow', slow);
    const remote = (await b.node.waitFor<Account>('slow', { timeoutMs: 2000 })) as RemoteAddr<Account>;
    void remote.send(new Slow(300)).catch(() => undefined);
    await eventually(() => cellOf(slow).blocking, 'the slow handler to run'); // busy: the mailbox is empty again
    await remote.trySend(new Deposit(1)); // queued: the mailbox holds one
    const third = new Deposit(2);
    const error = await remote.trySend(third).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MailboxFullError);
    expect((error as MailboxFullError).sentMessage).toBe(third);
    expect((error as MailboxFullError).capacity).toBe(1);
  });
});

describe('refused at the call', () => {
  test('a message class without @Wire, or a field that cannot cross, is refused with InvalidMessageError naming it', async () => {
    const { a, b } = await pair();
    await a.node.expose('mirror', a.system.spawn(Mirror));
    const mirror = await b.node.waitFor<Mirror>('mirror', { timeoutMs: 2000 });
    await expect(mirror.tell(new Unwired() as never)).rejects.toThrow(/Unwired has no @Wire name/);
    expect(() => mirror.doSend(new Unwired() as never)).toThrow(InvalidMessageError);
    await expect(mirror.send(new Everything({ list: [1, () => 2] }))).rejects.toThrow(/its field \.value\.list\[1\] is a function/);
    await expect(mirror.send(new Everything(new NotWired(1)))).rejects.toThrow(/\.value is a NotWired, which has no @Wire name/);
    const cyclic: { self?: unknown } = {};
    cyclic.self = cyclic;
    await expect(mirror.send(new Everything(cyclic))).rejects.toThrow(/nests more than 64 deep/);
    expect(() => (mirror as RemoteAddr<Mirror>).trySend({} as never)).toThrow(InvalidMessageError);
  });

  test('a message to an actor that has stopped rejects with ActorStoppedError; a tell settles', async () => {
    const { a, b } = await pair();
    const acct = a.system.spawn(Account);
    await a.node.expose('acct', acct);
    const remote = await b.node.waitFor<Account>('acct', { timeoutMs: 2000 });
    await acct.stop();
    await remote.stopped;
    expect(remote.isAlive).toBe(false);
    await expect(remote.send(new Deposit(1))).rejects.toBeInstanceOf(ActorStoppedError);
    await expect(remote.tell(new Deposit(1))).resolves.toBeUndefined();
  });
});

// Keep the context type in use for actors that might need it.
export type { Context };
