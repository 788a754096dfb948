import 'reflect-metadata';
import { Actor, Handler, Message, TimeoutError, type Context } from '@troupe/core';
import { Registered, Registry } from '@troupe/registry';
import { deferred, newSystem, settle, stopSystems } from './helpers';

afterEach(stopSystems);

/** Each member answers when its own gate opens, or fails when told to. */
class Quote extends Message<string> {}
class Note extends Message<void> {}

const gates = new Map<string, ReturnType<typeof deferred<string>>>();
const asked: string[] = [];
const noted: string[] = [];

@Actor()
@Registered({ group: 'quotes' })
class Quoter {
  @Handler() async quote(_: Quote, ctx: Context<Quoter>): Promise<string> {
    asked.push(ctx.name);
    return gates.get(ctx.name)!.promise;
  }
  @Handler() note(_: Note, ctx: Context<Quoter>): void {
    noted.push(ctx.name);
  }
}

function setup(names: string[]) {
  gates.clear();
  asked.length = 0;
  noted.length = 0;
  const system = newSystem();
  for (const name of names) {
    gates.set(name, deferred<string>());
    system.spawn(Quoter, { name });
  }
  return { system, router: Registry.of(system).router<Quoter>('quotes', { strategy: 'first-reply' }) };
}

describe('first-reply', () => {
  test('send asks every member and resolves with the first reply; later replies are ignored', async () => {
    const { router } = setup(['a', 'b', 'c']);
    const reply: Promise<string> = router.send(new Quote());
    await settle();
    expect(asked.sort()).toEqual(['a', 'b', 'c']);
    gates.get('b')!.resolve('from b');
    await expect(reply).resolves.toBe('from b');
    gates.get('a')!.resolve('from a');
    gates.get('c')!.reject(new Error('late failure is ignored'));
    await settle();
  });

  test('a member that fails first does not win: the first successful reply does', async () => {
    const { router } = setup(['a', 'b']);
    const reply = router.send(new Quote());
    await settle();
    gates.get('a')!.reject(new Error('a failed'));
    await settle();
    gates.get('b')!.resolve('from b');
    await expect(reply).resolves.toBe('from b');
  });

  test('when every member fails, send rejects with the first error', async () => {
    const { router } = setup(['a', 'b']);
    const reply = router.send(new Quote());
    await settle();
    gates.get('b')!.reject(new Error('b failed'));
    await settle();
    gates.get('a')!.reject(new Error('a failed'));
    await expect(reply).rejects.toThrow('b failed');
  });

  test('send timeouts apply to each member', async () => {
    const { router } = setup(['a', 'b']);
    await expect(router.send(new Quote(), { timeoutMs: 20 })).rejects.toBeInstanceOf(TimeoutError);
  });

  test('tell, trySend and doSend go to every member', async () => {
    const { router } = setup(['a', 'b', 'c']);
    await router.tell(new Note());
    router.trySend(new Note());
    router.doSend(new Note());
    await settle();
    expect(noted.sort()).toEqual(['a', 'a', 'a', 'b', 'b', 'b', 'c', 'c', 'c']);
  });
});
