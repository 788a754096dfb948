/**
 * A request made outside every actor's code to an idle actor is handled at once, on the caller's
 * stack (ActorCell.requestNow); everything else still goes through the mailbox. These tests pin
 * down both sides of that line and what must not change across it: errors, supervision, async
 * handlers and their deadlines, stash, stop, and the yield to I/O.
 */
import { Actor, Context, Handler, Message, TimeoutError, type Addr } from '@troupe/core';
import { TestKit } from '@troupe/testkit';
import { setImmediate as realSetImmediate } from 'node:timers';
import { deferred, newSystem, settle, stopSystems } from './helpers';

afterEach(async () => {
  jest.useRealTimers();
  await stopSystems();
});

class Ask extends Message<string> {
  constructor(readonly text: string) {
    super();
  }
}
class Boom extends Message<void> {}
class Wait extends Message<string> {}
class Relay extends Message<string> {
  constructor(readonly to: Addr<Recorder>) {
    super();
  }
}
class Hold extends Message<string> {}
class Release extends Message<void> {}
class StopMe extends Message<string> {}

const log: string[] = [];
const gate = { current: deferred() };

@Actor({ reportFailures: 'none' })
class Recorder {
  private instance = Math.random();

  @Handler() ask(m: Ask): string {
    log.push(`handled ${m.text}`);
    return `${m.text}:${this.instance}`;
  }

  @Handler() boom(_: Boom): void {
    throw new Error('boom');
  }

  @Handler() async wait(_: Wait): Promise<string> {
    await gate.current.promise;
    return 'waited';
  }

  @Handler() async relay(m: Relay): Promise<string> {
    log.push('relay sends');
    const reply = m.to.send(new Ask('relayed'));
    log.push('relay sent');
    return reply;
  }
}

@Actor()
class Stasher {
  private open = false;

  @Handler() hold(_: Hold, ctx: Context): string {
    if (!this.open) {
      ctx.stash();
      return 'stashed';
    }
    return 'served';
  }

  @Handler() release(_: Release, ctx: Context): void {
    this.open = true;
    ctx.unstashAll();
  }

  @Handler() stopMe(_: StopMe, ctx: Context): string {
    ctx.stop();
    return 'stopping';
  }
}

async function started<A>(addr: Addr<A>): Promise<Addr<A>> {
  await settle(); // the first run starts the actor; only a running actor answers at once
  return addr;
}

beforeEach(() => {
  log.length = 0;
  gate.current = deferred();
});

describe('a request to an idle actor from outside any actor', () => {
  it('is handled before send returns, and the reply comes through the promise', async () => {
    const recorder = await started(newSystem().spawn(Recorder));
    const reply = recorder.send(new Ask('a'));
    log.push('send returned');
    expect(log).toEqual(['handled a', 'send returned']);
    expect(await reply).toMatch(/^a:/);
  });

  it('keeps the order of one sender: a queued message goes first', async () => {
    const recorder = await started(newSystem().spawn(Recorder));
    recorder.doSend(new Ask('queued'));
    const reply = recorder.send(new Ask('second'));
    expect(log).toEqual([]); // the actor has a message waiting: the request waits behind it
    await reply;
    expect(log).toEqual(['handled queued', 'handled second']);
  });

  it('rejects with the handler error, and the actor is restarted as after any failure', async () => {
    const recorder = await started(newSystem().spawn(Recorder));
    const before = await recorder.send(new Ask('x'));
    await expect(recorder.send(new Boom())).rejects.toThrow('boom');
    const after = await recorder.send(new Ask('x'));
    expect(after).not.toBe(before); // a new instance answers
  });

  it('gives an async handler the mailbox and the deadline of any request', async () => {
    const recorder = await started(newSystem().spawn(Recorder));
    const waiting = recorder.send(new Wait(), { timeoutMs: 50 });
    const queued = recorder.send(new Ask('behind'));
    expect(log).toEqual([]); // the actor is busy: the next request waits in the mailbox
    await expect(waiting).rejects.toBeInstanceOf(TimeoutError);
    gate.current.resolve();
    expect(await queued).toMatch(/^behind:/);
  });

  it('never runs on a handler stack: a send from inside a handler is queued', async () => {
    const system = newSystem();
    const [first, second] = [await started(system.spawn(Recorder)), await started(system.spawn(Recorder))];
    const reply = await first.send(new Relay(second));
    expect(reply).toMatch(/^relayed:/);
    expect(log).toEqual(['relay sends', 'relay sent', 'handled relayed']);
  });

  it('lets the handler stash the request, which is answered after unstashAll', async () => {
    const stasher = await started(newSystem().spawn(Stasher));
    const held = stasher.send(new Hold());
    let answer: string | undefined;
    void held.then((a) => (answer = a));
    await settle();
    expect(answer).toBeUndefined();
    stasher.doSend(new Release());
    expect(await held).toBe('served');
  });

  it('lets the handler stop its actor', async () => {
    const stasher = await started(newSystem().spawn(Stasher));
    expect(await stasher.send(new StopMe())).toBe('stopping');
    await stasher.stopped;
    expect(stasher.isAlive).toBe(false);
  });

  it('still lets I/O and timers run in a loop of awaited requests', async () => {
    const recorder = await started(newSystem().spawn(Recorder));
    let turned = false;
    realSetImmediate(() => (turned = true));
    let sent = 0;
    while (!turned && sent < 100_000) {
      await recorder.send(new Ask('loop'));
      sent++;
    }
    expect(turned).toBe(true);
    expect(sent).toBeLessThan(100_000);
  });
});

describe('with detectDeadlocks', () => {
  it('answers a plain handler at once, and an async one too, owned by its actor', async () => {
    const recorder = await started(newSystem({ detectDeadlocks: true }).spawn(Recorder));
    const plain = recorder.send(new Ask('plain'));
    expect(log).toEqual(['handled plain']);
    await plain;
    const system = newSystem({ detectDeadlocks: true });
    const [first, second] = [await started(system.spawn(Recorder)), await started(system.spawn(Recorder))];
    log.length = 0;
    const relayed = first.send(new Relay(second));
    // The relay ran on this stack; its send, made inside the handler, went through the mailbox.
    expect(log).toEqual(['relay sends', 'relay sent']);
    expect(await relayed).toMatch(/^relayed:/);
    expect(log).toEqual(['relay sends', 'relay sent', 'handled relayed']);
  });
});

describe('under a test kit', () => {
  it('goes through the mailbox, so that the kit orders every run', async () => {
    const tk = TestKit.create();
    try {
      const recorder = tk.system.spawn(Recorder);
      await tk.runUntilIdle();
      const reply = recorder.send(new Ask('kit'));
      expect(log).toEqual([]);
      await tk.runUntilIdle();
      expect(await reply).toMatch(/^kit:/);
    } finally {
      await tk.shutdown();
    }
  });
});
