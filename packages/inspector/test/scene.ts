import 'reflect-metadata';
import { Actor, Handler, type ActorClass, type ActorSystem, type Addr, type Context } from '@troupe/core';
import { cellOf } from '@troupe/core/internal';
import { Blocked, Fail, Work } from './helpers';

/** Children to start: class, name, and their own children. */
type Plan = readonly (readonly [ActorClass, string, Plan?])[];

/** What every actor of the scene does: start its children, count work, fail on demand. */
class Role {
  constructor(private readonly plan: Plan = []) {}
  started(ctx: Context<Role>): void {
    for (const [cls, name, plan] of this.plan) ctx.spawn(cls, { name, args: [plan ?? []] });
  }
  @Handler(Work) work(): void {}
  @Handler(Fail) fail(m: Fail): void {
    throw m.error;
  }
}

@Actor() export class Gateway extends Role {}
@Actor({ mailbox: 200 }) export class Connection extends Role {}
@Actor() export class Pipeline extends Role {}
@Actor({ mailbox: 500 }) export class Stage extends Role {}
@Actor() export class Cache extends Role {}

/**
 * A small service for the browser test and the docs' screenshot: a gateway with four
 * connections, an order pipeline of three stages, a cache, and a ledger whose mailbox is backed
 * up; traffic flows to all of them until `stop()`.
 */
export function startScene(system: ActorSystem): { stop(): void; gate: () => void } {
  system.spawn(Gateway, { name: 'gateway', args: [[0, 1, 2, 3].map((i) => [Connection, `conn${i}`] as const)] });
  system.spawn(Pipeline, { name: 'orders', args: [[[Stage, 'reader'], [Stage, 'parser'], [Stage, 'writer']]] });
  system.spawn(Cache, { name: 'cache' });
  let open: () => void = () => undefined;
  const ledger = system.spawn(Blocked, { name: 'ledger', args: [new Promise<void>((resolve) => (open = resolve))] });
  ledger.doSend(new Work());
  for (let i = 0; i < 7; i++) ledger.doSend(new Work());

  const targets = (): Addr<Role>[] =>
    system.actors
      .flatMap((top) => [top as Addr<Role>, ...cellOf(top).children.map((c) => c.addr as Addr<Role>)])
      .filter((a) => a.isAlive && a.path !== '/user/ledger');
  let tick = 0;
  const timer = setInterval(() => {
    tick++;
    for (const [i, target] of targets().entries()) {
      const n = ((i * 7 + tick) % 5) * 4 + (i % 3);
      for (let k = 0; k < n; k++) if (cellOf(target).queued < 100) target.doSend(new Work());
    }
  }, 50);
  return { stop: () => clearInterval(timer), gate: () => open() };
}
