import 'reflect-metadata';
import { Actor, Handler, Message, TimeoutError, Wire } from '@troupe/core';
import { cellOf } from '@troupe/core/internal';
import { deferred, eventually, serverForFile, startNode } from './support';

const server = serverForFile();

@Wire('delivery.Item')
class Item extends Message<number> {
  constructor(readonly n: number) {
    super();
  }
}

@Wire('delivery.Seen')
class Seen extends Message<number[]> {}

@Wire('delivery.Hold')
class Hold extends Message<void> {}

let gate = deferred();

@Actor()
class Log {
  readonly seen: number[] = [];
  @Handler(Item) item(m: Item): number {
    this.seen.push(m.n);
    return m.n;
  }
  @Handler(Seen) all(): number[] {
    return this.seen;
  }
  @Handler(Hold) hold(): Promise<void> {
    return gate.promise;
  }
}

async function setUp(mailbox = 1000) {
  const a = await startNode(server.url, 'a');
  const b = await startNode(server.url, 'b');
  const log = a.system.spawn(Log, { name: 'log', mailbox });
  await a.node.expose('log', log);
  const remote = await b.node.waitFor<Log>('log', { timeoutMs: 2000 });
  return { a, b, log, remote };
}

describe('delivery between two nodes', () => {
  beforeEach(() => {
    gate = deferred();
  });

  test('messages from one node to one actor arrive in the order sent, whatever the verb', async () => {
    const { remote } = await setUp();
    const sends: Promise<unknown>[] = [];
    for (let i = 0; i < 1000; i++) {
      if (i % 4 === 0) sends.push(remote.send(new Item(i)));
      else if (i % 4 === 1) sends.push(remote.tell(new Item(i)));
      else if (i % 4 === 2) remote.doSend(new Item(i));
      else sends.push(Promise.resolve(remote.trySend(new Item(i))));
    }
    await Promise.all(sends);
    const seen = await remote.send(new Seen());
    expect(seen).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });

  test('tell resolves only when the remote mailbox has taken the message: backpressure crosses the wire', async () => {
    const { log, remote } = await setUp(2);
    await remote.tell(new Hold()); // taken by the handler, which holds the actor
    await eventually(() => cellOf(log).blocking, 'the actor to hold');
    await remote.tell(new Item(1));
    await remote.tell(new Item(2)); // the remote mailbox is full now
    let third = false;
    const pending = remote.tell(new Item(3)).then(() => (third = true));
    await new Promise((r) => setTimeout(r, 100));
    expect(third).toBe(false);
    expect(log.queued).toBe(2);
    expect(remote.queued).toBe(1); // one message of this node unanswered by that mailbox
    gate.resolve();
    await pending;
    expect(third).toBe(true);
    expect(await remote.send(new Seen())).toEqual([1, 2, 3]);
    expect(remote.queued).toBe(0);
  });

  test('send times out as locally, and a request that timed out while queued is never handled', async () => {
    const { log, remote } = await setUp();
    await remote.tell(new Hold());
    await eventually(() => cellOf(log).blocking, 'the actor to hold');
    const started = Date.now();
    const error = await remote.send(new Item(1), { timeoutMs: 100 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).actor).toBe('troupe://test@a/user/log');
    expect(Date.now() - started).toBeLessThan(1000);
    await eventually(() => log.queued === 0, 'the expired request to leave the remote mailbox');
    gate.resolve();
    expect(await remote.send(new Seen())).toEqual([]);
  });

  test('an aborted send rejects at once with the reason', async () => {
    const { log, remote } = await setUp();
    await remote.tell(new Hold());
    await eventually(() => cellOf(log).blocking, 'the actor to hold');
    const controller = new AbortController();
    const pending = remote.send(new Item(1), { signal: controller.signal });
    controller.abort(new Error('changed my mind'));
    await expect(pending).rejects.toThrow('changed my mind');
    expect(remote.queued).toBe(0);
    gate.resolve();
  });
});
