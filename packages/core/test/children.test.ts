import 'reflect-metadata';
import { Actor, ActorConfigError, Handler, Message, type Addr, type Context } from '@troupe/core';
import { newSystem, stopSystems } from './helpers';
import { seeded } from '../../../test-support/system';

afterEach(stopSystems);

const N = 20_000;

class SpawnKids extends Message<Addr<Kid>[]> {
  constructor(
    readonly n: number,
    readonly from = 0,
  ) {
    super();
  }
}

@Actor()
class Kid {
  constructor(
    readonly index: number,
    readonly log: number[],
  ) {}
  stopped(): void {
    this.log.push(this.index);
  }
}

@Actor()
class Parent {
  constructor(readonly log: number[]) {}
  @Handler() spawn(m: SpawnKids, ctx: Context<Parent>): Addr<Kid>[] {
    const kids: Addr<Kid>[] = [];
    for (let i = m.from; i < m.from + m.n; i++) kids.push(ctx.spawn(Kid, { name: `kid-${i}`, args: [i, this.log] }));
    return kids;
  }
}

describe('many children of one parent (the operations are O(1) per child; bench/ measures the cost)', () => {
  test('stopping and killing children in random order frees their names and keeps the others in start order', async () => {
    const log: number[] = [];
    const parent = newSystem().spawn(Parent, { args: [log] });
    const kids = await parent.send(new SpawnKids(N));
    const random = seeded(7);
    const order = kids.map((_, i) => i).sort(() => random() - 0.5);
    const gone = new Set(order.slice(0, N / 2));
    await Promise.all(order.slice(0, N / 2).map((i, n) => (n % 2 === 0 ? kids[i].stop() : kids[i].kill())));
    expect(log.length).toBe(N / 2);
    // A freed name can be taken again; a live one cannot.
    const again = await parent.send(new SpawnKids(1, order[0]));
    expect(again[0].path).toBe(`/user/${parent.name}/kid-${order[0]}`);
    const live = order[N / 2];
    await expect(parent.send(new SpawnKids(1, live))).rejects.toBeInstanceOf(ActorConfigError);
    // The parent stops its remaining children last started first.
    log.length = 0;
    await parent.stop();
    const survivors = kids.map((_, i) => i).filter((i) => !gone.has(i));
    expect(log).toEqual([order[0], ...survivors.reverse()]);
  });
});
