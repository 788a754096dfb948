import 'reflect-metadata';
import { Actor, Handler, Message, Wire, type Context } from '@troupe/core';
import { Entity, Sharding, type Entities, type Remote } from '@troupe/remote';

/** Adds to an entity's count; replies with the new count. */
@Wire('shard-test.Add')
export class Add extends Message<number> {
  constructor(
    readonly n: number,
    readonly seq = 0,
  ) {
    super();
  }
}

/** Where the entity runs: its system's name (the tests name systems after their nodes) and its count. */
@Wire('shard-test.Where')
export class Where extends Message<{ node: string; count: number }> {}

/** A message whose class has no @Wire. */
export class Unwired extends Message<void> {}

/** What every entity of the tests reports, shared by the nodes of one process. */
export const journal = {
  /** Activations per `type/id`. */
  activations: new Map<string, number>(),
  /** `stopped` hooks run per `type/id`. */
  stops: new Map<string, number>(),
  /** Every handled `Add`'s seq (non-zero ones), to find duplicates and losses. */
  handled: new Map<number, number>(),
  /** Instances per `type/id` alive now (constructed, `stopped` not yet run), and the most ever at once. */
  live: new Map<string, number>(),
  maxLive: 0,
  clear(): void {
    this.live.clear();
    this.maxLive = 0;
    this.activations.clear();
    this.stops.clear();
    this.handled.clear();
  },
};

function bump(map: Map<string | number, number>, key: string | number): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/** The base of the tests' entities: a count, and a journal of its life. */
export abstract class Counting {
  count = 0;
  constructor(
    readonly id: string,
    readonly type: string,
  ) {
    bump(journal.activations as Map<string | number, number>, `${this.type}/${id}`);
    bump(journal.live as Map<string | number, number>, `${this.type}/${id}`);
    journal.maxLive = Math.max(journal.maxLive, journal.live.get(`${this.type}/${id}`)!);
  }

  add(m: Add): number {
    if (m.seq !== 0) bump(journal.handled as Map<string | number, number>, m.seq);
    return (this.count += m.n);
  }

  where(_: Where, ctx: Context<unknown>): { node: string; count: number } {
    return { node: ctx.system.name, count: this.count };
  }

  stopped(): void {
    journal.live.set(`${this.type}/${this.id}`, journal.live.get(`${this.type}/${this.id}`)! - 1);
    bump(journal.stops as Map<string | number, number>, `${this.type}/${this.id}`);
  }
}

@Actor()
@Entity('counter', { shards: 20, passivateAfterMs: Infinity })
export class Counter extends Counting {
  constructor(id: string) {
    super(id, 'counter');
  }
  @Handler(Add) override add(m: Add): number {
    return super.add(m);
  }
  @Handler(Where) override where(m: Where, ctx: Context<Counter>): { node: string; count: number } {
    return super.where(m, ctx as Context<unknown>);
  }
}

@Actor()
@Entity('idler', { shards: 8, passivateAfterMs: 150 })
export class Idler extends Counting {
  constructor(id: string) {
    super(id, 'idler');
  }
  @Handler(Add) override add(m: Add): number {
    return super.add(m);
  }
  @Handler(Where) override where(m: Where, ctx: Context<Idler>): { node: string; count: number } {
    return super.where(m, ctx as Context<unknown>);
  }
}

/** Waits until every node's mirror agrees on one owner for every shard, each owner being one of `nodes`. */
export async function settled(types: readonly Entities<unknown>[], nodes: readonly string[], ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const views = types.map((t) => t.shardOwners());
    const first = views[0];
    const agreed = first.every((owner, s) => owner !== undefined && nodes.includes(owner) && views.every((v) => v[s] === owner));
    const placed = agreed && types.every((t) => t.ownedShards().every((s) => first[s] !== undefined));
    if (placed && balanced(first, nodes)) return;
    if (Date.now() > deadline) throw new Error(`shards did not settle over ${nodes.join(', ')}: ${JSON.stringify(views)}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function balanced(owners: readonly (string | undefined)[], nodes: readonly string[]): boolean {
  const counts = nodes.map((n) => owners.filter((o) => o === n).length);
  return Math.max(...counts) - Math.min(...counts) <= 1;
}

/** The entities of `cls` on a node. */
export function entities<A>(node: Remote, cls: new (id: string) => A): Entities<A> {
  return Sharding.of(node).entity(cls);
}
