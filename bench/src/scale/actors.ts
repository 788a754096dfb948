/** The actors of the scale benchmark: idle actors, one parent of many, and the links of a deep chain. */
import { Actor, Handler, Message, type Addr, type Context } from '@troupe/core';
import { latch } from '../latch';

/** Has no state and is sent nothing; `started` hits the latch so that a spawn is timed until every actor runs. */
@Actor()
export class Idle {
  started(): void {
    latch.hit();
  }
}

/** Asks a {@link Parent} to spawn `n` idle children; the reply is their addresses. */
export class SpawnChildren extends Message<Addr<Idle>[]> {
  constructor(readonly n: number) {
    super();
  }
}

/** Asks a {@link Parent} how many live children it has. */
export class CountChildren extends Message<number> {}

/** The one parent of the "one parent" shape. */
@Actor()
export class Parent {
  @Handler(SpawnChildren) spawnChildren(m: SpawnChildren, ctx: Context<Parent>): Addr<Idle>[] {
    const children: Addr<Idle>[] = new Array(m.n);
    for (let i = 0; i < m.n; i++) children[i] = ctx.spawn(Idle);
    return children;
  }

  @Handler(CountChildren) countChildren(_: CountChildren, ctx: Context<Parent>): number {
    return ctx.children.length;
  }
}

/**
 * A link of a deep chain: its `started` spawns the next link as its child, until `below` is 0;
 * the deepest link hands its address to `bottom`.
 */
@Actor()
export class Link {
  constructor(
    private readonly below: number,
    private readonly bottom: (deepest: Addr<Link>) => void,
  ) {}

  started(ctx: Context<Link>): void {
    if (this.below === 0) this.bottom(ctx.self);
    else ctx.spawn(Link, { args: [this.below - 1, this.bottom] });
  }
}
