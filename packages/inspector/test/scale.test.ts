import 'reflect-metadata';
import { Actor, Handler, Message, type Addr, type Context } from '@troupe/core';
import type { Snapshot } from '@troupe/inspector';
import { closeInspectors, EventStream, get, newSystem, origin, startInspector, stopSystems, until } from './helpers';

afterEach(async () => {
  await closeInspectors();
  await stopSystems();
}, 60_000);

const DEPTH = 10_000;
const WIDTH = 100_000;

/** Each link spawns the next in its `started`, down to DEPTH. */
@Actor()
class Link {
  constructor(
    readonly depth: number,
    readonly chain: { deepest?: Addr<Link> },
  ) {}
  started(ctx: Context<Link>): void {
    if (this.depth < DEPTH) ctx.spawn(Link, { name: 'l', args: [this.depth + 1, this.chain] });
    else this.chain.deepest = ctx.self;
  }
}

class SpawnMany extends Message<void> {
  constructor(readonly count: number) {
    super();
  }
}

@Actor()
class Leaf {}

@Actor()
class Fan {
  @Handler(SpawnMany) spawn(m: SpawnMany, ctx: Context<Fan>): void {
    for (let i = 0; i < m.count; i++) ctx.spawn(Leaf);
  }
}

describe('large trees', () => {
  test(`a chain ${DEPTH} actors deep: /api/tree, the stream and /metrics walk it without recursion`, async () => {
    const system = newSystem();
    const chain: { deepest?: Addr<Link> } = {};
    system.spawn(Link, { name: 'root', args: [1, chain] });
    await until(() => chain.deepest !== undefined, 'the chain to be built', 100_000);
    const inspector = await startInspector(system);

    const stream = await EventStream.open(`${origin(inspector)}/api/events`);
    const snapshot = (await stream.next(20_000)).data as Snapshot;
    expect(snapshot.actors).toHaveLength(DEPTH);
    expect(snapshot.actors[DEPTH - 1]).toMatchObject({ depth: DEPTH - 1, name: 'l' });
    // The stream leaves paths out: its size grows with the number of actors, not with depth².
    expect(JSON.stringify(snapshot).length).toBeLessThan(DEPTH * 400);
    stream.close();

    const metrics = await get(`${origin(inspector)}/metrics`);
    expect(metrics.body).toContain('troupe_actors{system="troupe",class="Link"} 10000\n');
  }, 60_000);

  test(`${WIDTH} children of one actor: listed by /api/tree and counted by /metrics`, async () => {
    const system = newSystem();
    const fan = system.spawn(Fan, { name: 'fan' });
    await fan.send(new SpawnMany(WIDTH));
    const inspector = await startInspector(system, { maxActors: 200_000 });
    const started = Date.now();
    const reply = await get(`${origin(inspector)}/api/tree`);
    const elapsed = Date.now() - started;
    const snapshot = JSON.parse(reply.body) as Snapshot;
    expect(snapshot.total).toBe(WIDTH + 1);
    expect(snapshot.actors).toHaveLength(WIDTH + 1);
    expect(snapshot.actors[WIDTH].parent).toBe(snapshot.actors[0].id);
    expect(elapsed).toBeLessThan(5_000); // a loaded CI machine; typically a few hundred ms
    const metrics = await get(`${origin(inspector)}/metrics`);
    expect(metrics.body).toContain(`troupe_actors{system="troupe",class="Leaf"} ${WIDTH}\n`);
  }, 60_000);
});
