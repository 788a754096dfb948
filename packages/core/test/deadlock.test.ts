import { Actor, Addr, Context, DeadlockError, Handler, Message } from '@troupe/core';
import { newSystem, stopSystems } from './helpers';

afterEach(stopSystems);

class Link extends Message<void> {
  constructor(readonly next: Addr<Node>) {
    super();
  }
}
class Call extends Message<string> {
  constructor(readonly hops: number) {
    super();
  }
}

/** Each node forwards a Call to the next node and awaits its answer; at 0 hops it answers. */
@Actor()
class Node {
  private next?: Addr<Node>;
  @Handler() link(m: Link): void {
    this.next = m.next;
  }
  @Handler() async call(m: Call, ctx: Context<Node>): Promise<string> {
    if (m.hops === 0) return ctx.name;
    await Promise.resolve(); // the wait happens after an await, where only async context can follow it
    return `${ctx.name}>${await this.next!.send(new Call(m.hops - 1))}`;
  }
}

@Actor()
class ReentrantNode {
  private next?: Addr<ReentrantNode>;
  @Handler() link(m: Link): void {
    this.next = m.next as unknown as Addr<ReentrantNode>;
  }
  @Handler({ reentrant: true }) async call(m: Call, ctx: Context<ReentrantNode>): Promise<string> {
    if (m.hops === 0) return ctx.name;
    await Promise.resolve();
    return `${ctx.name}>${await this.next!.send(new Call(m.hops - 1))}`;
  }
}

async function ring<C extends typeof Node | typeof ReentrantNode>(Class: C, names: string[], detectDeadlocks: boolean) {
  const system = newSystem({ detectDeadlocks, askTimeoutMs: 2000 });
  const nodes = names.map((name) => system.spawn(Class as typeof Node, { name }));
  for (let i = 0; i < nodes.length; i++) await nodes[i].tell(new Link(nodes[(i + 1) % nodes.length]));
  return nodes;
}

describe('deadlock detection', () => {
  test('A→B→A is refused with DeadlockError naming the cycle, raised where the cycle closes', async () => {
    const [a] = await ring(Node, ['a', 'b'], true);
    const error = await a.send(new Call(2)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeadlockError);
    expect((error as DeadlockError).actor).toBe('/user/a');
    expect((error as DeadlockError).cycle).toEqual(['/user/b', '/user/a', '/user/b']);
    expect((error as Error).message).toContain('/user/b -> /user/a -> /user/b');
  });

  test('A→B→C→A is refused with every path of the cycle', async () => {
    const [a] = await ring(Node, ['a', 'b', 'c'], true);
    const error = await a.send(new Call(3)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeadlockError);
    expect((error as DeadlockError).cycle).toEqual(['/user/c', '/user/a', '/user/b', '/user/c']);
  });

  test('chains that close no cycle succeed with detection on', async () => {
    const [a] = await ring(Node, ['a', 'b', 'c'], true);
    expect(await a.send(new Call(2))).toBe('a>b>c');
  });

  test('the same calls succeed when the handlers are reentrant', async () => {
    const [a] = await ring(ReentrantNode, ['a', 'b'], true);
    expect(await a.send(new Call(2))).toBe('a>b>a');
    const [x] = await ring(ReentrantNode, ['x', 'y', 'z'], true);
    expect(await x.send(new Call(3))).toBe('x>y>z>x');
  });

  test('awaiting a self-send after an await is caught with detection on', async () => {
    class SelfCall extends Message<string> {}
    @Actor()
    class Loner {
      @Handler() async selfCall(_: SelfCall, ctx: Context<Loner>): Promise<string> {
        await Promise.resolve();
        return ctx.self.send(new SelfCall());
      }
    }
    const addr = newSystem({ detectDeadlocks: true }).spawn(Loner, { name: 'loner' });
    await expect(addr.send(new SelfCall())).rejects.toBeInstanceOf(DeadlockError);
  });
});
