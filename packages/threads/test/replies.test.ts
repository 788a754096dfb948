import { createHash } from 'node:crypto';
import { Message } from '@troupe/core';
import { spawnThreaded, transfer } from '@troupe/threads';
import type { Calculator } from './fixtures/calculator';
import { calculator, fixture, useSystem } from './support';

const { Add, Checkout, Digest, Hash, Line, Receipt, Sum, Summed, WhereAmI } = calculator;

describe('replies across threads', () => {
  const system = useSystem();
  const spawnCalculator = (threads = 2) =>
    spawnThreaded<Calculator>(system(), { module: fixture('calculator'), export: 'Calculator', threads, name: 'calc' });

  it('resolves send with the handler reply, typed from the message class', async () => {
    const calc = spawnCalculator();
    const sum: number = await calc.send(new Add(2, 40));
    expect(sum).toBe(42);
  });

  it('rebuilds a reply that is a message as an instance of its class, nested messages included', async () => {
    const calc = spawnCalculator();
    const receipt = await calc.send(new Checkout([new Line('apple', 2), new Line('pear', 3)]));
    expect(receipt).toBeInstanceOf(Receipt);
    expect(receipt.count).toBe(5);
    expect(receipt.lines[1]).toBeInstanceOf(Line);
    expect(receipt.lines[1].label).toBe('3 x pear'); // a getter of the class: the prototype is back
    // In the thread, the nested lines were rebuilt too: their getter worked there.
    expect(receipt.labels).toEqual(['2 x apple', '3 x pear']);
  });

  it('sends messages whose classes have methods and getters: they work on the instance rebuilt in the thread, and on the reply', async () => {
    const calc = spawnCalculator();
    const digest = await calc.send(new Hash('abc'));
    expect(digest.of).toBe('hash of abc, 3 chars'); // Hash's method and getter, called in the thread
    expect(digest).toBeInstanceOf(Digest);
    const hex = createHash('sha256').update('abc').digest('hex');
    expect(digest.hex).toBe(hex);
    expect(digest.short).toBe(hex.slice(0, 8)); // Digest's getter and method, back in the calling thread
    expect(digest.describe()).toBe(`${hex.slice(0, 8)}… (hash of abc, 3 chars)`);
    expect(Object.keys(digest)).toEqual(['hex', 'of']); // only the fields crossed
  });

  it('passes plain object replies through structured clone', async () => {
    const calc = spawnCalculator();
    const where = await calc.send(new WhereAmI());
    expect(where).toEqual({ threadId: expect.any(Number), instance: expect.any(Number), handled: 1 });
    expect(where.threadId).not.toBe(0); // not the main thread
  });

  it('moves buffers given to send as { transfer } to the thread', async () => {
    const calc = spawnCalculator();
    const data = new Uint8Array([5, 6, 7]).buffer;
    const summed = await calc.send(new Sum(data), { transfer: [data] });
    expect(data.byteLength).toBe(0); // moved away: detached here
    expect(summed.total).toBe(18);
  });

  it('moves transferred buffers to the thread and back instead of copying them', async () => {
    const calc = spawnCalculator();
    const data = new Uint8Array([1, 2, 3, 250]).buffer;
    const summed = await calc.send(transfer(new Sum(data), [data]));
    expect(data.byteLength).toBe(0); // moved away: detached here
    expect(summed).toBeInstanceOf(Summed);
    expect(summed.total).toBe(256);
    expect(new Uint8Array(summed.data)).toEqual(new Uint8Array([1, 2, 3, 250])); // moved back
  });

  it('runs messages on every thread, each with its own instance', async () => {
    const calc = spawnCalculator(2);
    const replies = await Promise.all(Array.from({ length: 40 }, () => calc.send(new WhereAmI())));
    const threads = new Set(replies.map((r) => r.threadId));
    const instances = new Set(replies.map((r) => `${r.threadId}/${r.instance}`));
    expect(threads.size).toBe(2);
    expect(instances.size).toBe(2);
  });

  it('keeps the order of messages from one sender to one thread', async () => {
    const calc = spawnCalculator(1);
    const replies = await Promise.all(Array.from({ length: 20 }, () => calc.send(new WhereAmI())));
    expect(replies.map((r) => r.handled)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('delivers a class the actor module does not know to a catch-all handler, as a Message with its fields', async () => {
    class Visitor extends Message<string> {
      constructor(readonly from: string, readonly count: number) {
        super();
      }
    }
    const actor = spawnThreaded<import('./fixtures/misc').CatchAll>(system(), { module: fixture('misc'), export: 'CatchAll', threads: 1 });
    expect(await actor.send(new Visitor('mars', 3))).toBe('a Message with from, count');
  });
});
