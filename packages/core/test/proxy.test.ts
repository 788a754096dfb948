import 'reflect-metadata';
import {
  Actor,
  ActorStoppedError,
  Addr,
  Handler,
  InvalidMessageError,
  Message,
  Terminated,
  TimeoutError,
  Wire,
  type Context,
} from '@troupe/core';
import { cellOf, ProxyCell, spawnProxy, wireClassNamed, type ActorCell, type Request } from '@troupe/core/internal';
import { newSystem, stopSystems, until } from './helpers';

afterEach(stopSystems);

class Ping extends Message<string> {
  constructor(readonly text: string) {
    super();
  }
}

@Actor()
class Host {}

@Actor()
class Stand {}

/**
 * A proxy that relays to another actor on a later turn (as a network would), recording every call
 * core makes on it.
 */
class Relay extends ProxyCell {
  readonly calls: string[] = [];
  readonly left: Request[] = [];
  answer = true;

  constructor(parent: ActorCell, private readonly target: Addr<Echo>) {
    super(parent, Stand, 'far://elsewhere/user/echo', 'echo', 7);
  }

  override tell(message: unknown): Promise<void> {
    this.calls.push('tell');
    return new Promise((resolve) => setImmediate(() => resolve(this.target.tell(message as Ping))));
  }

  override trySend(message: unknown): void {
    this.calls.push('trySend');
    this.target.trySend(message as Ping);
  }

  override doSend(message: unknown): void {
    this.calls.push('doSend');
    this.target.doSend(message as Ping);
  }

  override admit(request: Request): void {
    this.calls.push('admit');
    if (!this.answer) return;
    setImmediate(() =>
      this.target.send(request.message as Ping).then(
        (reply) => request.succeed(reply),
        (error) => request.fail(error),
      ),
    );
  }

  override requestLeft(request: Request): void {
    this.left.push(request);
  }
}

/** A face that adds to `Addr`, as a remote address does. */
class FarAddr<A> extends Addr<A> {
  get far(): boolean {
    return true;
  }
}

const seen: string[] = [];

@Actor()
class Echo {
  @Handler(Ping) ping(m: Ping): string {
    seen.push(m.text);
    if (m.text === 'boom') throw new RangeError('boom');
    return `echo ${m.text}`;
  }
}

function setUp(): { host: Addr<Host>; relay: Relay; addr: FarAddr<Echo> } {
  const system = newSystem();
  const echo = system.spawn(Echo, { name: 'echo' });
  const host = system.spawn(Host, { name: 'host' });
  const relay = new Relay(cellOf(host), echo);
  const addr = spawnProxy(relay, FarAddr) as FarAddr<Echo>;
  return { host, relay, addr };
}

describe('a proxy cell takes over the delivery verbs of its address', () => {
  beforeEach(() => void seen.splice(0));

  test('each Addr verb calls the proxy’s own method, and the address is the face given', async () => {
    const { relay, addr } = setUp();
    expect(addr).toBeInstanceOf(FarAddr);
    expect(addr.far).toBe(true);
    expect(cellOf(addr)).toBe(relay);
    await addr.tell(new Ping('a'));
    addr.trySend(new Ping('b'));
    addr.doSend(new Ping('c'));
    expect(await addr.send(new Ping('d'))).toBe('echo d');
    expect(relay.calls).toEqual(['tell', 'trySend', 'doSend', 'admit']);
    await until(() => seen.length === 4, 'four messages');
    expect(seen).toEqual(['a', 'b', 'c', 'd']);
    expect(addr.queued).toBe(0);
  });

  test('the checks at the call run first: a non-message never reaches the proxy', async () => {
    const { relay, addr } = setUp();
    const bad = { text: 'x' } as unknown as Ping;
    await expect(addr.tell(bad)).rejects.toBeInstanceOf(InvalidMessageError);
    await expect(addr.send(bad)).rejects.toBeInstanceOf(InvalidMessageError);
    expect(() => addr.trySend(bad)).toThrow(InvalidMessageError);
    expect(() => addr.doSend(bad)).toThrow(InvalidMessageError);
    expect(relay.calls).toEqual([]);
  });

  test('path, name and capacity are those of the actor it stands for, and errors name it', async () => {
    const { relay, addr } = setUp();
    expect(addr.path).toBe('far://elsewhere/user/echo');
    expect(addr.name).toBe('echo');
    expect(addr.capacity).toBe(7);
    relay.answer = false;
    const error = await addr.send(new Ping('late'), { timeoutMs: 30 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).actor).toBe('far://elsewhere/user/echo');
  });

  test('every request leaves through requestLeft once: replied, failed, timed out or aborted', async () => {
    const { relay, addr } = setUp();
    await expect(addr.send(new Ping('boom'))).rejects.toBeInstanceOf(RangeError);
    expect(await addr.send(new Ping('fine'))).toBe('echo fine');
    relay.answer = false;
    await expect(addr.send(new Ping('x'), { timeoutMs: 20 })).rejects.toBeInstanceOf(TimeoutError);
    const controller = new AbortController();
    const aborted = addr.send(new Ping('y'), { signal: controller.signal });
    controller.abort(new Error('never mind'));
    await expect(aborted).rejects.toThrow('never mind');
    expect(relay.left.map((r) => (r.message as Ping).text)).toEqual(['boom', 'fine', 'x', 'y']);
    expect(relay.left.every((r) => !r.pending)).toBe(true);
  });

  test('terminate(cause) ends the proxy: watchers get Terminated with that cause, isAlive turns false', async () => {
    const { relay, addr } = setUp();
    const got: Terminated[] = [];
    @Actor()
    class Watcher {
      started(ctx: Context<Watcher>): void {
        ctx.watch(addr);
      }
      @Handler(Terminated) terminated(t: Terminated): void {
        got.push(t);
      }
    }
    const system = newSystem();
    system.spawn(Watcher);
    await until(() => cellOf(addr).isAlive && relay.calls.length === 0, 'started');
    await new Promise((r) => setImmediate(r));
    const cause = new ActorStoppedError(addr.path, undefined, 'is gone with its node');
    relay.terminate(cause);
    await addr.stopped;
    expect(addr.isAlive).toBe(false);
    await until(() => got.length === 1, 'Terminated');
    expect(got[0].actor).toBe(addr);
    expect(got[0].cause).toBe(cause);
  });

  test('the proxy stops with its parent', async () => {
    const { host, addr } = setUp();
    await host.stop();
    expect(addr.isAlive).toBe(false);
    await expect(addr.stopped).resolves.toBeUndefined();
  });
});

describe('@Wire registers the class under its name', () => {
  test('wireClassNamed finds a decorated class, and nothing for a name never given', () => {
    @Wire('test.proxy.Named')
    class Named extends Message<void> {}
    expect(wireClassNamed('test.proxy.Named')).toBe(Named);
    expect(wireClassNamed('test.proxy.Unknown')).toBeUndefined();
    expect(wireClassNamed('Ping')).toBeUndefined(); // a class name is not a registration
  });
});
