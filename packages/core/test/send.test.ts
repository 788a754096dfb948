import {
  Actor,
  ActorStoppedError,
  Context,
  DeadlockError,
  Handler,
  Message,
  TimeoutError,
  UnhandledMessageError,
} from '@troupe/core';
import { deferred, newSystem, settle, stopSystems } from './helpers';

afterEach(async () => {
  jest.useRealTimers();
  await stopSystems();
});

class Echo extends Message<string> {
  constructor(readonly text: string) {
    super();
  }
}
class Fail extends Message<void> {
  constructor(readonly error: unknown) {
    super();
  }
}
class Slow extends Message<string> {}
class Stranger extends Message<void> {}
class AskSelf extends Message<string> {}

class Overdraft extends Error {}

/** An echo actor that holds its mailbox on the message 'first' until `block` resolves, and records what it handled. */
function busyEcho() {
  const block = deferred();
  const seen: string[] = [];
  @Actor()
  class Busy {
    @Handler() async echo(m: Echo): Promise<string> {
      seen.push(m.text);
      if (m.text === 'first') await block.promise;
      return m.text;
    }
  }
  return { Busy, block, seen };
}

describe('send: request and reply', () => {
  const gate = deferred();
  const handled: string[] = [];
  @Actor({ onFailure: () => 'resume' })
  class Server {
    @Handler() echo(m: Echo): string {
      handled.push(m.text);
      return m.text.toUpperCase();
    }
    @Handler() fail(m: Fail): void {
      throw m.error;
    }
    @Handler() async slow(_: Slow): Promise<string> {
      await gate.promise;
      return 'slow';
    }
    @Handler() async askSelf(_: AskSelf, ctx: Context<Server>): Promise<string> {
      return ctx.self.send(new Echo('me'));
    }
  }

  beforeEach(() => (handled.length = 0));

  test('resolves with the handler’s typed reply', async () => {
    const server = newSystem().spawn(Server);
    const reply: string = await server.send(new Echo('hi'));
    expect(reply).toBe('HI');
  });

  test('rejects with the very error object the handler threw', async () => {
    const server = newSystem().spawn(Server);
    const error = new Overdraft('insufficient funds');
    await expect(server.send(new Fail(error))).rejects.toBe(error);
    expect(await server.send(new Echo('still here'))).toBe('STILL HERE');
  });

  test('rejects with UnhandledMessageError when no handler takes the class', async () => {
    const server = newSystem().spawn(Server, { name: 'server' });
    const error = await server.send(new Stranger() as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnhandledMessageError);
    expect((error as UnhandledMessageError).actor).toBe('/user/server');
    expect((error as Error).message).toContain('Stranger');
  });

  test('rejects with ActorStoppedError when the actor is not alive', async () => {
    const server = newSystem().spawn(Server, { name: 'gone' });
    await server.stop();
    const error = await server.send(new Echo('late')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ActorStoppedError);
    expect((error as ActorStoppedError).actor).toBe('/user/gone');
  });

  test('rejects with TimeoutError after timeoutMs, driven by fake timers', async () => {
    jest.useFakeTimers();
    const server = newSystem().spawn(Server, { name: 'slowpoke' });
    let settled = false;
    const outcome = server.send(new Slow(), { timeoutMs: 500 }).catch((e: unknown) => e).finally(() => (settled = true));
    jest.advanceTimersByTime(499);
    await settle();
    expect(settled).toBe(false);
    jest.advanceTimersByTime(1);
    const error = await outcome;
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toMatch(/no reply from \/user\/slowpoke within 500 ms/);
    gate.resolve();
  });

  test('a request never times out early, even when made late in a long synchronous turn (real clock)', async () => {
    const never = deferred<string>();
    @Actor()
    class Silent {
      @Handler() wait(_: Slow): Promise<string> {
        return never.promise;
      }
    }
    const addr = newSystem().spawn(Silent);
    void addr.send(new Slow(), { timeoutMs: 5000 }).catch(() => undefined); // opens the turn's shared clock reading
    const spinUntil = Date.now() + 40;
    while (Date.now() < spinUntil); // a long synchronous stretch of this turn
    const sentAt = Date.now();
    const error = await addr.send(new Slow(), { timeoutMs: 30 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(Date.now() - sentAt).toBeGreaterThanOrEqual(30);
    never.resolve('done');
  });

  test('the system default askTimeoutMs applies when no timeout is given', async () => {
    jest.useFakeTimers();
    const blocker = deferred<string>();
    @Actor()
    class Stuck {
      @Handler() wait(_: Slow): Promise<string> {
        return blocker.promise;
      }
    }
    const addr = newSystem({ askTimeoutMs: 2000 }).spawn(Stuck);
    const outcome = addr.send(new Slow()).catch((e: unknown) => e);
    jest.advanceTimersByTime(2000);
    expect(await outcome).toBeInstanceOf(TimeoutError);
    blocker.resolve('late');
  });

  test('a request that timed out while still queued is never handed to the handler', async () => {
    jest.useFakeTimers();
    const { Busy, block, seen } = busyEcho();
    const addr = newSystem().spawn(Busy);
    const first = addr.send(new Echo('first'), { timeoutMs: Infinity });
    await settle();
    const queued = addr.send(new Echo('expired'), { timeoutMs: 100 }).catch((e: unknown) => e);
    jest.advanceTimersByTime(100);
    expect(await queued).toBeInstanceOf(TimeoutError);
    const after = addr.send(new Echo('after'), { timeoutMs: Infinity });
    block.resolve();
    expect(await first).toBe('first');
    expect(await after).toBe('after');
    expect(seen).toEqual(['first', 'after']);
    expect(addr.queued).toBe(0);
  });

  test('an AbortSignal rejects the request with its reason, and a queued aborted request is never handled', async () => {
    const { Busy, block, seen } = busyEcho();
    const addr = newSystem().spawn(Busy);
    const first = addr.send(new Echo('first'));
    await settle();
    const controller = new AbortController();
    const aborted = addr.send(new Echo('aborted'), { signal: controller.signal }).catch((e: unknown) => e);
    const reason = new Error('user went away');
    controller.abort(reason);
    expect(await aborted).toBe(reason);
    block.resolve();
    await first;
    await addr.stop();
    expect(seen).toEqual(['first']);
  });

  test('an already-aborted signal rejects at once', async () => {
    const server = newSystem().spawn(Server);
    const controller = new AbortController();
    controller.abort(new Error('no'));
    await expect(server.send(new Echo('x'), { signal: controller.signal })).rejects.toThrow('no');
    expect(handled).toEqual([]);
  });

  test('a bad option rejects (never throws) with a TypeError naming the option and the actor', async () => {
    const server = newSystem().spawn(Server, { name: 's' });
    const bad = [
      [{ timeoutMs: -5 }, /send to \/user\/s: options.timeoutMs must be a positive number of ms or Infinity, got -5/],
      [{ timeoutMs: NaN }, /options.timeoutMs .* got NaN/],
      [{ timeoutMs: '10' }, /options.timeoutMs .* got 10/],
      [{ signal: { aborted: false } }, /options.signal must be an AbortSignal, got Object/],
      [null, /options must be an object, got null/],
    ] as const;
    for (const [options, message] of bad) {
      let result: Promise<unknown> | undefined;
      expect(() => (result = server.send(new Echo('x'), options as never))).not.toThrow();
      await expect(result).rejects.toThrow(TypeError);
      await expect(result).rejects.toThrow(message);
    }
    expect(handled).toEqual([]);
  });

  test('an actor awaiting send to itself inside a non-reentrant handler gets DeadlockError at once', async () => {
    const server = newSystem().spawn(Server, { name: 'narcissus' });
    const error = await server.send(new AskSelf()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeadlockError);
    expect((error as Error).message).toContain('/user/narcissus -> /user/narcissus');
  });

  test('a reentrant handler may await a send to its own actor', async () => {
    @Actor()
    class Polite {
      @Handler({ reentrant: true }) async askSelf(_: AskSelf, ctx: Context<Polite>): Promise<string> {
        return ctx.self.send(new Echo('me'));
      }
      @Handler() echo(m: Echo): string {
        return m.text;
      }
    }
    expect(await newSystem().spawn(Polite).send(new AskSelf())).toBe('me');
  });
});
