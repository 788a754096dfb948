import 'reflect-metadata';
import { Actor, ActorConfigError, Handler, InvalidMessageError, MailboxFullError, Message } from '@troupe/core';
import { NoRouteeError, Registered, Registry, type RoutingStrategy } from '@troupe/registry';
import { Echo, newSystem, Note, settle, stopSystems, WhoAmI } from './helpers';

afterEach(stopSystems);

class Key extends Message<string> {
  constructor(readonly key: string) {
    super();
  }
}

@Actor()
@Registered({ group: 'workers' })
class Worker {
  @Handler() who(_: WhoAmI): string {
    return 'worker';
  }
  @Handler() key(m: Key): string {
    return m.key;
  }
}

const strategies: { strategy: RoutingStrategy; key?: (m: Message<unknown>) => string }[] = [
  { strategy: 'round-robin' },
  { strategy: 'random' },
  { strategy: 'least-loaded' },
  { strategy: 'consistent-hash', key: () => 'k' },
  { strategy: 'broadcast' },
  { strategy: 'first-reply' },
];

describe.each(strategies)('every router ($strategy)', (options) => {
  const make = (registry: Registry) => registry.router<Worker>('workers', options as never);

  test('with no live member: tell and send reject, trySend and doSend throw NoRouteeError', async () => {
    const router = make(Registry.of(newSystem()));
    await expect(router.tell(new WhoAmI())).rejects.toBeInstanceOf(NoRouteeError);
    await expect(router.send(new WhoAmI())).rejects.toBeInstanceOf(NoRouteeError);
    expect(() => router.trySend(new WhoAmI())).toThrow(NoRouteeError);
    expect(() => router.doSend(new WhoAmI())).toThrow(NoRouteeError);
  });

  test('a router made before its group exists is empty until members arrive, then routes to them', async () => {
    const system = newSystem();
    const router = make(Registry.of(system));
    expect(router.routees).toEqual([]);
    const w = system.spawn(Worker);
    expect(router.routees).toEqual([w]);
    const reply: unknown = await router.send(new Key('a'));
    expect(reply === 'a' || (Array.isArray(reply) && reply[0] === 'a')).toBe(true);
  });

  test('follows its group: a member that stops is no longer routed to', async () => {
    const system = newSystem();
    const router = make(Registry.of(system));
    const w1 = system.spawn(Worker);
    const w2 = system.spawn(Worker);
    await w1.stop();
    expect(router.routees).toEqual([w2]);
    for (let i = 0; i < 5; i++) await router.tell(new WhoAmI());
    await w2.stop();
    await expect(router.send(new WhoAmI())).rejects.toThrow(/no live member in group "workers"/);
  });

  test('refuses what is not a Message with InvalidMessageError', async () => {
    const system = newSystem();
    system.spawn(Worker);
    const router = make(Registry.of(system));
    await expect(router.tell({} as never)).rejects.toBeInstanceOf(InvalidMessageError);
    await expect(router.send(null as never)).rejects.toBeInstanceOf(InvalidMessageError);
    expect(() => router.trySend(42 as never)).toThrow(InvalidMessageError);
    expect(() => router.doSend('x' as never)).toThrow(InvalidMessageError);
  });

  test('reports its group and strategy', () => {
    const router = make(Registry.of(newSystem()));
    expect(router.group).toBe('workers');
    expect(router.strategy).toBe(options.strategy);
    expect(String(router)).toBe(`Router(${options.strategy} over "workers")`);
  });
});

describe('NoRouteeError', () => {
  test('names the group and the strategy, and gives back the message', async () => {
    const router = Registry.of(newSystem()).router('empty', { strategy: 'least-loaded' });
    const message = new WhoAmI();
    const error = await router.send(message).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoRouteeError);
    const noRoutee = error as NoRouteeError;
    expect(noRoutee.name).toBe('NoRouteeError');
    expect(noRoutee.group).toBe('empty');
    expect(noRoutee.strategy).toBe('least-loaded');
    expect(noRoutee.sentMessage).toBe(message);
    expect(noRoutee.message).toContain('no live member in group "empty" to route to (least-loaded router)');
  });
});

describe('router options are checked when the router is made', () => {
  test('consistent-hash without key throws at creation', () => {
    const registry = Registry.of(newSystem());
    expect(() => registry.router('g', { strategy: 'consistent-hash' } as never)).toThrow(ActorConfigError);
    expect(() => registry.router('g', { strategy: 'consistent-hash' } as never)).toThrow(/needs a key/);
    expect(() => registry.router('g', { strategy: 'consistent-hash', key: 'id' } as never)).toThrow(/key must be a function/);
    expect(() => registry.router('g', { strategy: 'consistent-hash', key: () => 'x', virtualNodes: 0 })).toThrow(
      /virtualNodes must be a positive integer/,
    );
  });

  test('an unknown strategy, bad options or a bad group name throw', () => {
    const registry = Registry.of(newSystem());
    expect(() => registry.router('g', { strategy: 'fastest' } as never)).toThrow(/unknown strategy "fastest"/);
    expect(() => registry.router('g', 'round-robin' as never)).toThrow(/options must be an object/);
    expect(() => registry.router('', { strategy: 'round-robin' })).toThrow(/a group must be a non-empty string/);
    expect(() => registry.router('g', { strategy: 'random', random: 3 } as never)).toThrow(/random must be a function/);
  });

  test('round-robin is the default strategy', () => {
    expect(Registry.of(newSystem()).router('g').strategy).toBe('round-robin');
  });
});

describe('router delivery verbs', () => {
  test('tell waits for room in the chosen mailbox (backpressure), like Addr.tell', async () => {
    const system = newSystem();
    const registry = Registry.of(system);
    const echo = system.spawn(Echo, { mailbox: 1 });
    registry.join('one', echo);
    const router = registry.router<Echo>('one');
    router.trySend(new Note('a')); // may already be taken by the actor
    router.doSend(new Note('b'));
    router.doSend(new Note('c'));
    let told = false;
    const telling = router.tell(new Note('d')).then(() => (told = true));
    expect(told).toBe(false);
    await telling;
    await settle();
    expect(told).toBe(true);
  });

  test('trySend throws MailboxFullError when the chosen mailbox is full', () => {
    const system = newSystem();
    const registry = Registry.of(system);
    const echo = system.spawn(Echo, { mailbox: 1 });
    registry.join('one', echo);
    const router = registry.router<Echo>('one');
    router.trySend(new Note('a'));
    expect(() => router.trySend(new Note('b'))).toThrow(MailboxFullError);
  });

  test('send passes its options on: timeoutMs rejects with TimeoutError; a bad timeout is refused', async () => {
    class Never extends Message<void> {}
    @Actor()
    class Stuck {
      @Handler() never(_: Never): Promise<void> {
        return new Promise(() => undefined);
      }
    }
    const system = newSystem();
    const registry = Registry.of(system);
    registry.join('stuck', system.spawn(Stuck));
    const router = registry.router<Stuck>('stuck');
    await expect(router.send(new Never(), { timeoutMs: 20 })).rejects.toThrow(/within 20 ms/);
    await expect(router.send(new Never(), { timeoutMs: -5 })).rejects.toThrow(/timeoutMs must be a positive number/);
  });
});
