import { Actor, ActorConfigError, Handler, MailboxFullError, Message } from '@troupe/core';
import { deferred, newSystem, settle, stopSystems } from './helpers';

afterEach(stopSystems);

class Item extends Message<void> {
  constructor(
    readonly from: string,
    readonly n: number,
  ) {
    super();
  }
}
class Ask extends Message<number> {
  constructor(readonly n: number) {
    super();
  }
}

/** Blocks on its first message until the test opens the gate, and records what it handles. */
function gatedActor() {
  const gate = deferred();
  const log: string[] = [];
  @Actor({ mailbox: 2 })
  class Gated {
    private first = true;
    @Handler() async item(m: Item): Promise<void> {
      log.push(`${m.from}${m.n}`);
      if (this.first) {
        this.first = false;
        await gate.promise;
      }
    }
    @Handler() ask(m: Ask): number {
      log.push(`ask${m.n}`);
      return m.n * 10;
    }
  }
  return { Gated, gate, log };
}

describe('bounded mailboxes', () => {
  test('a full mailbox makes tell wait until the actor takes a message', async () => {
    const { Gated, gate, log } = gatedActor();
    const addr = newSystem().spawn(Gated);
    await addr.tell(new Item('a', 0)); // taken by the handler, which blocks
    await settle();
    await addr.tell(new Item('a', 1));
    await addr.tell(new Item('a', 2)); // mailbox now holds 2 = capacity
    let third = false;
    const pending = addr.tell(new Item('a', 3)).then(() => (third = true));
    await settle();
    expect(third).toBe(false);
    expect(addr.queued).toBe(2);
    gate.resolve();
    await pending;
    expect(third).toBe(true);
    await addr.stop();
    expect(log).toEqual(['a0', 'a1', 'a2', 'a3']);
  });

  test('waiting tells and sends are served in the order they were called', async () => {
    const { Gated, gate, log } = gatedActor();
    const addr = newSystem().spawn(Gated);
    addr.doSend(new Item('x', 0));
    await settle();
    addr.doSend(new Item('x', 1));
    addr.doSend(new Item('x', 2));
    const waits = [
      addr.tell(new Item('w', 1)),
      addr.send(new Ask(1)),
      addr.tell(new Item('w', 2)),
      addr.send(new Ask(2)),
      addr.tell(new Item('w', 3)),
    ];
    gate.resolve();
    const results = await Promise.all(waits);
    expect(results).toEqual([undefined, 10, undefined, 20, undefined]);
    expect(log).toEqual(['x0', 'x1', 'x2', 'w1', 'ask1', 'w2', 'ask2', 'w3']);
  });

  test('trySend throws MailboxFullError naming the actor and the capacity, and keeps the message out', async () => {
    const { Gated, gate, log } = gatedActor();
    const addr = newSystem().spawn(Gated, { name: 'gated' });
    addr.trySend(new Item('t', 0));
    await settle();
    addr.trySend(new Item('t', 1));
    addr.trySend(new Item('t', 2));
    const refused = new Item('t', 3);
    let error: unknown;
    try {
      addr.trySend(refused);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MailboxFullError);
    expect((error as MailboxFullError).message).toMatch(/^mailbox of \/user\/gated is full \(capacity 2\)/);
    expect((error as MailboxFullError).actor).toBe('/user/gated');
    expect((error as MailboxFullError).sentMessage).toBe(refused);
    expect((error as Error).name).toBe('MailboxFullError');
    gate.resolve();
    await addr.stop();
    expect(log).toEqual(['t0', 't1', 't2']);
  });

  test('doSend always queues, ignoring capacity', async () => {
    const { Gated, gate, log } = gatedActor();
    const addr = newSystem().spawn(Gated);
    for (let i = 0; i < 10; i++) addr.doSend(new Item('d', i));
    await settle();
    expect(addr.queued).toBe(9); // the first is being handled: it has left the mailbox
    gate.resolve();
    await addr.stop();
    expect(log).toHaveLength(10);
  });

  test('capacity counts queued messages only: the one being handled has left the mailbox', async () => {
    const { Gated, gate } = gatedActor();
    const addr = newSystem().spawn(Gated);
    addr.trySend(new Item('c', 0));
    await settle();
    expect(addr.queued).toBe(0);
    addr.trySend(new Item('c', 1));
    addr.trySend(new Item('c', 2));
    expect(() => addr.trySend(new Item('c', 3))).toThrow(MailboxFullError);
    gate.resolve();
  });

  test("one sender's messages arrive in the order sent, across tell, doSend and send", async () => {
    const log: number[] = [];
    @Actor({ mailbox: 3 })
    class Recorder {
      @Handler() item(m: Item): void {
        log.push(m.n);
      }
      @Handler() ask(m: Ask): number {
        log.push(m.n);
        return m.n;
      }
    }
    const addr = newSystem().spawn(Recorder);
    const sends: Promise<unknown>[] = [];
    for (let i = 0; i < 300; i++) {
      if (i % 3 === 0) sends.push(addr.tell(new Item('s', i)));
      else if (i % 3 === 1) sends.push(addr.send(new Ask(i)));
      else await addr.tell(new Item('s', i));
    }
    await Promise.all(sends);
    await addr.stop();
    expect(log).toEqual(Array.from({ length: 300 }, (_, i) => i));
  });

  test('ctx.setMailboxCapacity admits waiting senders when it makes room', async () => {
    const gate = deferred();
    @Actor({ mailbox: 1 })
    class Resizable {
      @Handler() async item(m: Item, ctx: import('@troupe/core').Context<Resizable>): Promise<void> {
        if (m.n === 0) {
          ctx.setMailboxCapacity(5);
          await gate.promise;
        }
      }
    }
    const addr = newSystem().spawn(Resizable);
    addr.doSend(new Item('r', 0));
    addr.doSend(new Item('r', 1));
    const waiting = [addr.tell(new Item('r', 2)), addr.tell(new Item('r', 3))];
    await settle();
    await Promise.all(waiting); // admitted by the new capacity while the handler still blocks
    expect(addr.capacity).toBe(5);
    gate.resolve();
  });

  test.each([0, -1, NaN, 1.5, '10'])('capacity %p is refused at spawn with a clear error', (capacity) => {
    @Actor()
    class Any {
      @Handler() item(_: Item): void {}
    }
    expect(() => newSystem().spawn(Any, { mailbox: capacity as number, name: 'any' })).toThrow(ActorConfigError);
    expect(() => newSystem().spawn(Any, { mailbox: capacity as number, name: 'any' })).toThrow(/\/user\/any must be a positive integer or Infinity/);
  });

  test('Infinity is an allowed capacity', async () => {
    @Actor({ mailbox: Infinity })
    class Unbounded {
      @Handler() item(_: Item): void {}
    }
    const addr = newSystem().spawn(Unbounded);
    for (let i = 0; i < 5000; i++) addr.trySend(new Item('u', i));
    await addr.stop();
  });

  test('the spawn option overrides @Actor({ mailbox }), which overrides the system default', () => {
    @Actor({ mailbox: 7 })
    class Seven {
      @Handler() item(_: Item): void {}
    }
    @Actor()
    class Default {
      @Handler() item(_: Item): void {}
    }
    const system = newSystem({ defaultMailbox: 42 });
    expect(system.spawn(Seven).capacity).toBe(7);
    expect(system.spawn(Seven, { mailbox: 3 }).capacity).toBe(3);
    expect(system.spawn(Default).capacity).toBe(42);
    expect(newSystem().spawn(Default).capacity).toBe(1000);
  });
});
