import 'reflect-metadata';
import { Actor, Handler, Message } from '@troupe/core';
import { TestKit } from '@troupe/testkit';

class Deposit extends Message<number> {
  constructor(readonly amount: number) {
    super();
  }
}
class Audit extends Message<string> {}
class Crash extends Message<void> {}

@Actor()
class Account {
  private balance = 0;
  constructor(readonly owner: string) {}
  @Handler(Deposit) deposit(m: Deposit): number {
    return (this.balance += m.amount);
  }
  @Handler(Audit) async audit(): Promise<string> {
    await Promise.resolve();
    return `${this.owner}: ${this.balance}`;
  }
  @Handler(Crash) crash(): void {
    throw new Error('crash');
  }
}

let tk: TestKit;
beforeEach(() => {
  tk = TestKit.create({ virtualTime: true });
});
afterEach(() => tk.shutdown());

describe('spies', () => {
  test('record every handled message with its reply, in order, with the virtual time', async () => {
    const account = tk.spawn(Account, { spy: true, args: ['ann'], name: 'ann' });
    await account.send(new Deposit(5));
    await tk.advance(1_000);
    await account.send(new Deposit(7));
    expect(await account.send(new Audit())).toBe('ann: 12');
    const spy = tk.spyOf(account);
    expect(spy.messages).toEqual([new Deposit(5), new Deposit(7), new Audit()]);
    expect(spy.handled.map((h) => [h.at, h.outcome, h.reply])).toEqual([
      [0, 'replied', 5],
      [1_000, 'replied', 12],
      [1_000, 'replied', 'ann: 12'],
    ]);
  });

  test('record failures and the lifecycle: started, failed, restarted, stopped', async () => {
    const account = tk.spawn(Account, { spy: true, args: ['bob'] });
    await account.send(new Deposit(1));
    await expect(account.send(new Crash())).rejects.toThrow('crash');
    await tk.runUntilIdle();
    await account.stop();
    const spy = tk.spyOf(account);
    expect(spy.handled[1]).toMatchObject({ outcome: 'failed', error: new Error('crash') });
    expect(spy.events).toEqual(['started', 'failed', 'restarted', 'started', 'stopped']);
    expect(spy.lifecycle[1].cause).toEqual(new Error('crash'));
  });

  test('a spied actor is an instance of its class, under its name, and behaves the same', async () => {
    let instance: unknown;
    @Actor()
    class Probe {
      constructor() {
        instance = this;
      }
      @Handler(Audit) audit(): string {
        return this.constructor.name;
      }
    }
    const spied = tk.spawn(Probe, { spy: true });
    expect(await spied.send(new Audit())).toBe('Probe');
    expect(instance).toBeInstanceOf(Probe);
    const plain = tk.spawn(Probe);
    expect(await plain.send(new Audit())).toBe('Probe');
    expect(tk.spyOf(spied).messages).toHaveLength(1);
  });

  test('spyOf an actor spawned without spy says how to get one', () => {
    const account = tk.spawn(Account, { args: ['cy'], name: 'cy' });
    expect(() => tk.spyOf(account)).toThrow('tk.spyOf: /user/cy has no spy; spawn it with tk.spawn(Class, { spy: true })');
  });
});
