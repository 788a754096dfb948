import { Socket } from 'node:net';
import { InvalidMessageError, Message, type Addr, type DeadLetter } from '@troupe/core';
import { spawnThreaded } from '@troupe/threads';
import type { Calculator } from './fixtures/calculator';
import { calculator, fixture, useSystem } from './support';

const { Add, Carry, GiveFunction, Hash } = calculator;

/** A message class with methods (fine) and a function in a field (not fine). */
class HashWithCallback extends Hash {
  readonly callback = (): number => 1;
}

/** The same, with the function given to the constructor. */
class HashThenNotify extends Hash {
  constructor(
    data: string,
    readonly onDone: (hex: string) => void,
  ) {
    super(data);
  }
}

/** A message class the calculator's module does not know and none of its handlers takes. */
class Unknown extends Message<void> {}

describe('messages that cannot cross to a thread', () => {
  const system = useSystem();
  const spawnCalculator = () =>
    spawnThreaded<Calculator>(system(), { module: fixture('calculator'), export: 'Calculator', threads: 1, name: 'calc' });

  it('refuses a function at the call with InvalidMessageError naming the class and the field', async () => {
    const calc = spawnCalculator();
    const sent = calc.send(new Carry(() => 1));
    await expect(sent).rejects.toThrow(InvalidMessageError);
    await expect(sent).rejects.toThrow(/Carry cannot cross to a worker thread: its field \.payload is a function/);
  });

  it('refuses a function-valued field of a message class that has methods, naming the field, not the methods', async () => {
    const calc = spawnCalculator();
    await expect(calc.send(new HashWithCallback('abc'))).rejects.toThrow(InvalidMessageError);
    await expect(calc.send(new HashWithCallback('abc'))).rejects.toThrow(/^HashWithCallback cannot cross to a worker thread: its field \.callback is a function;/);
    expect(() => calc.trySend(new HashThenNotify('abc', () => undefined))).toThrow(/HashThenNotify cannot cross to a worker thread: its field \.onDone is a function/);
    expect((await calc.send(new Hash('abc'))).of).toBe('hash of abc, 3 chars'); // its methods alone are fine
  });

  it('names the path of a field nested in objects and arrays', async () => {
    const calc = spawnCalculator();
    await expect(calc.send(new Carry({ list: [1, { onDone: () => 1 }] }))).rejects.toThrow(/\.payload\.list\[1\]\.onDone is a function/);
    await expect(calc.send(new Carry(new Map([['k', Symbol('s')]])))).rejects.toThrow(/\.payload\.get\("k"\) is a symbol/);
  });

  it('refuses a socket, which structured clone cannot copy', async () => {
    const calc = spawnCalculator();
    const socket = new Socket();
    try {
      await expect(calc.send(new Carry({ socket }))).rejects.toThrow(/\.payload\.socket/);
    } finally {
      socket.destroy();
    }
  });

  it('leaves the mailbox untouched: trySend and doSend throw, tell rejects, and the actor carries on', async () => {
    const calc = spawnCalculator();
    const bad = new Carry(() => 1);
    expect(() => calc.trySend(bad)).toThrow(InvalidMessageError);
    expect(() => calc.doSend(bad)).toThrow(InvalidMessageError);
    await expect(calc.tell(bad)).rejects.toThrow(InvalidMessageError);
    expect(calc.queued).toBe(0);
    expect(await calc.send(new Add(1, 1))).toBe(2);
    expect(await calc.send(new Carry({ fine: [1, 'two', new Date(0)] }))).toBe('object');
  });

  it('treats a message no handler takes as any actor does: send rejects, commands go to dead letters', async () => {
    const calc = spawnCalculator();
    const untyped = calc as unknown as Addr<unknown>;
    const letters: DeadLetter[] = [];
    system().deadLetters.on('deadletter', (l) => letters.push(l));
    await expect(untyped.send(new Unknown())).rejects.toThrow(/actor \/user\/calc has no handler for Unknown/);
    const told = new Unknown();
    const done = new Unknown();
    await expect(untyped.tell(told)).resolves.toBeUndefined();
    expect(() => untyped.doSend(done)).not.toThrow();
    expect(letters.map((l) => [l.message, l.reason, l.path])).toEqual([
      [told, 'unhandled', '/user/calc'],
      [done, 'unhandled', '/user/calc'],
    ]);
    expect(calc.queued).toBe(0);
    expect(calc.isAlive).toBe(true);
  });

  it('refuses a reply that cannot cross back, as a failure of the handler', async () => {
    const calc = spawnCalculator();
    await expect(calc.send(new GiveFunction())).rejects.toThrow(
      /the reply of Calculator to GiveFunction cannot cross back to the calling thread: a function/,
    );
    expect(await calc.send(new Add(2, 2))).toBe(4);
  });
});
