import 'reflect-metadata';
import { readFile } from 'node:fs/promises';
import { Actor, Handler, Message, type Addr, type Context } from '@troupe/core';
import { Child, Supervise, Supervisor } from '@troupe/supervisor';
import { NotIdleError, TestKit } from '@troupe/testkit';

class Pass extends Message<void> {
  constructor(readonly hops: number) {
    super();
  }
}
class Seen extends Message<number> {}
class Wait extends Message<void> {
  constructor(readonly ms: number) {
    super();
  }
}
class ReadFile extends Message<void> {}

/** One link of a chain: counts what it sees and passes it on, after an await, to the next link. */
@Actor()
class Link {
  private seen = 0;
  constructor(private readonly next?: Addr<Link>) {}
  @Handler(Pass) async pass(m: Pass): Promise<void> {
    this.seen += 1;
    await Promise.resolve();
    if (this.next !== undefined && m.hops > 0) await this.next.tell(new Pass(m.hops - 1));
  }
  @Handler(Seen) count(): number {
    return this.seen;
  }
  @Handler({ message: Wait, reentrant: true }) wait(m: Wait, ctx: Context<Link>): Promise<void> {
    return new Promise((resolve) => ctx.runLater(m.ms, () => resolve()));
  }
  @Handler({ message: ReadFile, reentrant: true }) async read(): Promise<void> {
    await readFile(__filename);
    this.seen += 1;
  }
}

function chain(tk: TestKit, length: number): Addr<Link>[] {
  const links: Addr<Link>[] = [];
  let next: Addr<Link> | undefined;
  for (let i = 0; i < length; i++) {
    next = tk.system.spawn(Link, { args: [next] });
    links.unshift(next);
  }
  return links;
}

let tk: TestKit;
afterEach(() => tk?.shutdown());

describe('runUntilIdle', () => {
  test.each([false, true])('waits until a message has gone down a chain of 50 async actors (virtual time: %s)', async (virtualTime) => {
    tk = TestKit.create({ virtualTime });
    const links = chain(tk, 50);
    links[0].doSend(new Pass(49));
    links[0].doSend(new Pass(49));
    await tk.runUntilIdle();
    for (const link of links) expect(link.queued).toBe(0);
    const seen = await Promise.all(links.map((l) => l.send(new Seen())));
    expect(seen).toEqual(links.map(() => 2));
  });

  test('resolves at once for an idle system', async () => {
    tk = TestKit.create({ virtualTime: true });
    chain(tk, 3);
    await tk.runUntilIdle();
    expect(tk.isIdle()).toBe(true);
  });

  test('under virtual time, rejects at once when actors wait only on time, naming them and the next timer', async () => {
    @Actor()
    class Fragile {
      @Handler(Pass) pass(m: Pass): void {
        if (m.hops > 0) throw new Error('crash');
      }
    }
    @Actor()
    @Supervise({ backoff: { minMs: 5_000, jitter: 0 } })
    class Sup {
      @Child(Fragile) child!: Addr<Fragile>;
    }
    tk = TestKit.create({ virtualTime: true });
    const sup = tk.system.spawn(Sup, { name: 'sup' });
    const child = Supervisor.child<Fragile>(sup, 'child')!;
    child.doSend(new Pass(1)); // fails: restarted after a 5 s backoff
    child.doSend(new Pass(0)); // waits in the mailbox meanwhile
    const started = Date.now();
    const failure = tk.runUntilIdle();
    await expect(failure).rejects.toBeInstanceOf(NotIdleError);
    await expect(failure).rejects.toThrow(
      'the system is not idle: nothing can happen until virtual time moves (next timer at 5000 ms; now 0 ms): use tk.advance(ms). Not idle:\n  /user/sup/child (restarting, 1 queued message)',
    );
    expect(Date.now() - started).toBeLessThan(1_000);
    await tk.advance(5_000);
    await tk.runUntilIdle();
  });

  test('a handler that waits on virtual time cannot be told from one that waits on real I/O: gives up after timeoutMs, with a hint', async () => {
    tk = TestKit.create({ virtualTime: true });
    const [link] = chain(tk, 1);
    link.doSend(new Wait(5_000));
    await expect(tk.runUntilIdle({ timeoutMs: 50 })).rejects.toThrow(
      'still busy after 50 ms of real time (a handler awaits something that has not settled; if it waits on virtual time (next timer at 5000 ms; now 0 ms), use tk.advance(ms)). Not idle:\n  1 promise of a reentrant handler or a hook pending (the kit cannot tell whose)',
    );
    await tk.advance(5_000);
    await tk.runUntilIdle();
  });

  test('waits for handlers that await real I/O', async () => {
    tk = TestKit.create({ virtualTime: true });
    const [link] = chain(tk, 1);
    for (let i = 0; i < 5; i++) link.doSend(new ReadFile());
    await tk.runUntilIdle();
    expect(await link.send(new Seen())).toBe(5);
  });

  test('gives up after timeoutMs of real time when a handler never settles', async () => {
    @Actor()
    class Stuck {
      @Handler(Pass) pass(): Promise<void> {
        return new Promise(() => undefined);
      }
    }
    tk = TestKit.create();
    const stuck = tk.system.spawn(Stuck, { name: 'stuck' });
    stuck.doSend(new Pass(0));
    await expect(tk.runUntilIdle({ timeoutMs: 50 })).rejects.toThrow(
      'the system is not idle: still busy after 50 ms of real time (a handler awaits something that has not settled). Not idle:\n  /user/stuck (running, in a handler or hook that has not settled)',
    );
    await stuck.kill();
  });
});
