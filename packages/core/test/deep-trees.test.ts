import 'reflect-metadata';
import { Actor, Handler, Message, type Addr, type Context } from '@troupe/core';
import { newSystem, stopSystems, until } from './helpers';

afterEach(stopSystems);

const DEPTH = 10_000;

class Depth extends Message<number> {}

/** Each link spawns the next in its `started`, down to DEPTH; the deepest reports itself. */
@Actor()
class Link {
  constructor(
    readonly depth: number,
    readonly chain: { deepest?: Addr<Link>; stopped: number; order: number[] },
  ) {}
  started(ctx: Context<Link>): void {
    if (this.depth < DEPTH) ctx.spawn(Link, { name: 'l', args: [this.depth + 1, this.chain] });
    else this.chain.deepest = ctx.self;
  }
  stopped(): void {
    this.chain.stopped++;
    this.chain.order.push(this.depth);
  }
  @Handler() reportDepth(_: Depth): number {
    return this.depth;
  }
}

async function chain() {
  const system = newSystem();
  const state: { deepest?: Addr<Link>; stopped: number; order: number[] } = { stopped: 0, order: [] };
  const root = system.spawn(Link, { name: 'root', args: [1, state] });
  await until(() => state.deepest !== undefined, 'the chain to be built', 100_000);
  return { system, root, deepest: state.deepest!, state };
}

describe(`a chain ${DEPTH} actors deep`, () => {
  test('paths are built without recursion', async () => {
    const { deepest } = await chain();
    expect(deepest.path).toBe(`/user/root${'/l'.repeat(DEPTH - 1)}`);
    expect(await deepest.send(new Depth())).toBe(DEPTH);
  });

  test('kill() of the root ends every actor, deepest first, and resolves', async () => {
    const { root, deepest, state } = await chain();
    await root.kill();
    expect(state.stopped).toBe(DEPTH);
    expect(state.order[0]).toBe(DEPTH);
    expect(state.order[DEPTH - 1]).toBe(1);
    expect(deepest.isAlive).toBe(false);
    await deepest.stopped;
  });

  test('a graceful stop of the root completes', async () => {
    const { root, state } = await chain();
    await root.stop();
    expect(state.stopped).toBe(DEPTH);
  });

  test('system.shutdown completes, gracefully or by the kill at its timeout', async () => {
    const graceful = await chain();
    await graceful.system.shutdown();
    expect(graceful.state.stopped).toBe(DEPTH);
    const killed = await chain();
    await killed.system.shutdown({ timeoutMs: 0 });
    await killed.deepest.stopped;
    expect(killed.state.stopped).toBe(DEPTH);
  });
});
