import { Actor, Handler, InvalidMessageError, Lagged, Message, Topic } from '@troupe/core';
import { deferred, newSystem, settle, stopSystems } from './helpers';

afterEach(stopSystems);

class Tick extends Message<void> {
  constructor(readonly n: number) {
    super();
  }
}

/** A subscriber that records ticks and lags; it blocks on `gate` while handling `blockOn`. */
function subscriber(blockOn = -1, mailbox = 2) {
  const got: number[] = [];
  const lags: number[] = [];
  const gate = deferred();
  @Actor({ mailbox })
  class Sub {
    @Handler() async tick(m: Tick): Promise<void> {
      got.push(m.n);
      if (m.n === blockOn) await gate.promise;
    }
    @Handler() lagged(m: Lagged): void {
      lags.push(m.skipped);
    }
  }
  return { Sub, got, lags, gate };
}

describe('Topic', () => {
  test('publish reaches every live subscriber and returns how many', async () => {
    const system = newSystem();
    const a = subscriber();
    const b = subscriber();
    const topic = new Topic<Tick>({ capacity: 16 });
    topic.subscribe(system.spawn(a.Sub));
    topic.subscribe(system.spawn(b.Sub));
    expect(topic.publish(new Tick(1))).toBe(2);
    expect(topic.publish(new Tick(2))).toBe(2);
    await settle();
    expect(a.got).toEqual([1, 2]);
    expect(b.got).toEqual([1, 2]);
  });

  test('a slow subscriber loses the oldest messages and gets exactly one Lagged per gap; received + skipped = published', async () => {
    const system = newSystem();
    const slow = subscriber(0);
    const fast = subscriber(-1, 100); // its mailbox holds everything published in one go
    const topic = new Topic<Tick>({ capacity: 4 });
    topic.subscribe(system.spawn(slow.Sub));
    topic.subscribe(system.spawn(fast.Sub));
    topic.publish(new Tick(0)); // slow blocks on this one
    await settle();
    for (let n = 1; n <= 20; n++) expect(topic.publish(new Tick(n))).toBe(2); // never blocks
    await settle();
    slow.gate.resolve();
    await settle();
    expect(fast.got).toEqual(Array.from({ length: 21 }, (_, i) => i));
    expect(fast.lags).toEqual([]);
    // slow: 0 was being handled, 1 and 2 filled its mailbox (capacity 2), 3 waited for room in a
    // pending tell; the ring (capacity 4) then held 17..20, so 4..16 were lost: one Lagged of 13.
    expect(slow.got).toEqual([0, 1, 2, 3, 17, 18, 19, 20]);
    expect(slow.lags).toEqual([13]);
    expect(slow.got.length + slow.lags.reduce((a, b) => a + b, 0)).toBe(21);
  });

  test('the publisher is never slowed: publish returns synchronously whatever the subscribers do', () => {
    const system = newSystem();
    const stuck = subscriber(0);
    const topic = new Topic<Tick>({ capacity: 8 });
    topic.subscribe(system.spawn(stuck.Sub));
    for (let n = 0; n < 10_000; n++) topic.publish(new Tick(n));
    stuck.gate.resolve();
  });

  test('unsubscribe on demand, and automatically when the subscribing actor stops', async () => {
    const system = newSystem();
    const a = subscriber();
    const b = subscriber();
    const topic = new Topic<Tick>();
    const addrA = system.spawn(a.Sub);
    const unsubscribe = topic.subscribe(addrA);
    const addrB = system.spawn(b.Sub);
    topic.subscribe(addrB);
    topic.subscribe(addrB); // twice is once
    expect(topic.subscriberCount).toBe(2);
    unsubscribe();
    expect(topic.publish(new Tick(1))).toBe(1);
    await addrB.stop();
    expect(topic.publish(new Tick(2))).toBe(0);
    expect(topic.subscriberCount).toBe(0);
    await settle();
    expect(a.got).toEqual([]);
    expect(b.got).toEqual([1]);
  });

  test('a Recipient can subscribe', async () => {
    const system = newSystem();
    const a = subscriber();
    const topic = new Topic<Tick>();
    topic.subscribe(system.spawn(a.Sub).recipient(Tick));
    topic.publish(new Tick(7));
    await settle();
    expect(a.got).toEqual([7]);
  });

  test('stream() subscribes when reading begins, yields messages and Lagged, and leaves when returned', async () => {
    const topic = new Topic<Tick>({ capacity: 3 });
    const stream = topic.stream();
    expect(topic.publish(new Tick(0))).toBe(0); // not reading yet
    const first = stream.next();
    expect(topic.subscriberCount).toBe(1);
    topic.publish(new Tick(1));
    expect((await first).value).toEqual(new Tick(1));
    for (let n = 2; n <= 7; n++) topic.publish(new Tick(n));
    const seen: (Tick | Lagged)[] = [];
    for (let i = 0; i < 4; i++) seen.push((await stream.next()).value as Tick | Lagged);
    expect(seen).toEqual([new Lagged(3), new Tick(5), new Tick(6), new Tick(7)]);
    await stream.return!();
    expect(topic.subscriberCount).toBe(0);
    expect((await stream.next()).done).toBe(true);
  });

  test('for await over a stream ends when the loop breaks, and close() ends waiting streams', async () => {
    const topic = new Topic<Tick>();
    const received: number[] = [];
    const reader = (async () => {
      for await (const m of topic.stream()) {
        if (m instanceof Tick) received.push(m.n);
      }
    })();
    await settle();
    topic.publish(new Tick(1));
    topic.publish(new Tick(2));
    await settle();
    topic.close();
    await reader;
    expect(received).toEqual([1, 2]);
    expect(topic.publish(new Tick(3))).toBe(0);
  });

  test('publishing a non-Message is InvalidMessageError', () => {
    const topic = new Topic<Tick>();
    expect(() => topic.publish({ n: 1 } as unknown as Tick)).toThrow(InvalidMessageError);
  });

  test('a bad capacity is a clear error', () => {
    expect(() => new Topic({ capacity: 0 })).toThrow(/capacity must be a positive integer/);
  });
});
