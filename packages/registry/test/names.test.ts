import 'reflect-metadata';
import { Actor, ActorConfigError, ActorStoppedError, Handler, Message, TimeoutError, type Addr } from '@troupe/core';
import { NameTakenError, Registered, Registry } from '@troupe/registry';
import { Echo, newSystem, settle, stopSystems, WhoAmI } from './helpers';

afterEach(async () => {
  jest.useRealTimers();
  await stopSystems();
});

class GetCount extends Message<number> {}

@Actor()
@Registered('counter')
class Counter {
  @Handler() get(_: GetCount): number {
    return 7;
  }
}

describe('names: register, lookup, unregister', () => {
  test('lookup finds the actor registered under a name, typed as asked', async () => {
    const system = newSystem();
    const registry = Registry.of(system);
    const echo = system.spawn(Echo, { name: 'echo' });
    registry.register('audit', echo);
    const found: Addr<Echo> | undefined = registry.lookup<Echo>('audit');
    expect(found).toBe(echo);
    await expect(found!.send(new WhoAmI())).resolves.toBe('/user/echo');
  });

  test('lookup of a name nobody holds is undefined', () => {
    expect(Registry.of(newSystem()).lookup('nobody')).toBeUndefined();
  });

  test('Registry.of returns the same registry for the same system', () => {
    const system = newSystem();
    expect(Registry.of(system)).toBe(Registry.of(system));
    expect(Registry.of(system).system).toBe(system);
  });

  test('registering a taken name throws NameTakenError naming the name and the holder', () => {
    const system = newSystem();
    const registry = Registry.of(system);
    const first = system.spawn(Echo, { name: 'first' });
    const second = system.spawn(Echo, { name: 'second' });
    registry.register('audit', first);
    let error: unknown;
    try {
      registry.register('audit', second);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(NameTakenError);
    const taken = error as NameTakenError;
    expect(taken.name).toBe('NameTakenError');
    expect(taken.registeredName).toBe('audit');
    expect(taken.holder).toBe('/user/first');
    expect(taken.actor).toBe('/user/first');
    expect(taken.message).toContain('"audit"');
    expect(taken.message).toContain('/user/first');
    expect(registry.lookup('audit')).toBe(first);
  });

  test('registering the name an actor already holds does nothing; an actor may hold several names', () => {
    const system = newSystem();
    const registry = Registry.of(system);
    const echo = system.spawn(Echo);
    registry.register('a', echo);
    registry.register('a', echo);
    registry.register('b', echo);
    expect(registry.lookup('a')).toBe(echo);
    expect(registry.lookup('b')).toBe(echo);
    expect(registry.names()).toEqual(['a', 'b']);
  });

  test('unregister frees the name and leaves the actor running', async () => {
    const system = newSystem();
    const registry = Registry.of(system);
    const echo = system.spawn(Echo);
    registry.register('audit', echo);
    expect(registry.unregister('audit')).toBe(true);
    expect(registry.unregister('audit')).toBe(false);
    expect(registry.lookup('audit')).toBeUndefined();
    expect(echo.isAlive).toBe(true);
    const other = system.spawn(Echo);
    registry.register('audit', other);
    expect(registry.lookup('audit')).toBe(other);
  });
});

describe('names: @Registered', () => {
  test('registers the actor when it is spawned, before spawn returns', async () => {
    const system = newSystem();
    const counter = system.spawn(Counter);
    const found = Registry.of(system).lookup<Counter>('counter');
    expect(found).toBe(counter);
    const n: number = await found!.send(new GetCount());
    expect(n).toBe(7);
  });

  test('spawning a second actor with the same registered name throws NameTakenError and starts nothing', async () => {
    const system = newSystem();
    const first = system.spawn(Counter, { name: 'one' });
    expect(() => system.spawn(Counter, { name: 'two' })).toThrow(NameTakenError);
    expect(() => system.spawn(Counter, { name: 'two' })).toThrow(/"counter" is already registered to \/user\/one/);
    await settle();
    expect(system.actors).toEqual([first]);
    expect(Registry.of(system).lookup('counter')).toBe(first);
  });

  test('the name is free again once its holder has stopped', async () => {
    const system = newSystem();
    const first = system.spawn(Counter);
    await first.stop();
    const second = system.spawn(Counter);
    expect(Registry.of(system).lookup('counter')).toBe(second);
  });
});

describe('names: waitFor', () => {
  test('resolves at once when the name is held', async () => {
    const system = newSystem();
    const counter = system.spawn(Counter);
    await expect(Registry.of(system).waitFor<Counter>('counter', { timeoutMs: 10 })).resolves.toBe(counter);
  });

  test('resolves when the name appears later', async () => {
    const system = newSystem();
    const registry = Registry.of(system);
    const waiting = registry.waitFor<Counter>('counter', { timeoutMs: 1000 });
    await settle(2);
    const counter = system.spawn(Counter);
    const found: Addr<Counter> = await waiting;
    expect(found).toBe(counter);
  });

  test('every waiter of a name is woken, and a hand registration wakes them too', async () => {
    const system = newSystem();
    const registry = Registry.of(system);
    const a = registry.waitFor('audit');
    const b = registry.waitFor('audit');
    const echo = system.spawn(Echo);
    registry.register('audit', echo);
    await expect(Promise.all([a, b])).resolves.toEqual([echo, echo]);
  });

  test('rejects with TimeoutError when the name does not appear in time (fake timers)', async () => {
    jest.useFakeTimers();
    const system = newSystem();
    const waiting = Registry.of(system).waitFor('late', { timeoutMs: 500 });
    const check = expect(waiting).rejects.toThrow(TimeoutError);
    jest.advanceTimersByTime(499);
    await Promise.resolve();
    jest.advanceTimersByTime(1);
    await check;
    await expect(waiting).rejects.toThrow(/registration of "late".*500 ms/);
  });

  test('uses the system askTimeoutMs by default', async () => {
    jest.useFakeTimers();
    const system = newSystem({ askTimeoutMs: 2000 });
    const waiting = Registry.of(system).waitFor('late');
    let settled = false;
    waiting.catch(() => (settled = true));
    jest.advanceTimersByTime(1999);
    for (let i = 0; i < 5; i++) await Promise.resolve();
    expect(settled).toBe(false);
    jest.advanceTimersByTime(1);
    await expect(waiting).rejects.toBeInstanceOf(TimeoutError);
  });

  test('an aborted signal rejects with its reason', async () => {
    const system = newSystem();
    const controller = new AbortController();
    const waiting = Registry.of(system).waitFor('never', { signal: controller.signal, timeoutMs: Infinity });
    controller.abort(new Error('gave up'));
    await expect(waiting).rejects.toThrow('gave up');
  });

  test('a waiter that timed out is not woken later, and leaves nothing behind', async () => {
    jest.useFakeTimers();
    const system = newSystem();
    const registry = Registry.of(system);
    const waiting = registry.waitFor('x', { timeoutMs: 10 });
    jest.advanceTimersByTime(10);
    await expect(waiting).rejects.toBeInstanceOf(TimeoutError);
    registry.register('x', system.spawn(Echo));
    expect(registry.lookup('x')).toBeDefined();
  });
});

describe('names: bad input is refused at the call', () => {
  test('empty or non-string names', () => {
    const system = newSystem();
    const registry = Registry.of(system);
    const echo = system.spawn(Echo);
    expect(() => registry.register('', echo)).toThrow(ActorConfigError);
    expect(() => registry.register(42 as unknown as string, echo)).toThrow(/non-empty string, got 42/);
    expect(() => registry.lookup('')).toThrow(ActorConfigError);
    expect(() => registry.unregister(undefined as unknown as string)).toThrow(ActorConfigError);
    return expect(registry.waitFor('')).rejects.toThrow(ActorConfigError);
  });

  test('registering something that is not an Addr', () => {
    const registry = Registry.of(newSystem());
    expect(() => registry.register('x', {} as unknown as Addr<unknown>)).toThrow(/expected an Addr/);
  });

  test('registering a stopped actor throws ActorStoppedError', async () => {
    const system = newSystem();
    const echo = system.spawn(Echo);
    await echo.stop();
    expect(() => Registry.of(system).register('late', echo)).toThrow(ActorStoppedError);
    expect(() => Registry.of(system).register('late', echo)).toThrow(/is not alive/);
  });

  test('waitFor with a bad timeout rejects', async () => {
    const registry = Registry.of(newSystem());
    await expect(registry.waitFor('x', { timeoutMs: -1 })).rejects.toThrow(/timeoutMs must be a positive number/);
  });

  test('Registry.of needs an ActorSystem', () => {
    expect(() => Registry.of({} as never)).toThrow(/expected an ActorSystem/);
  });

  test('@Registered refuses an empty name, and options with neither name nor group, at decoration', () => {
    expect(() => Registered('')).toThrow(ActorConfigError);
    expect(() => Registered({})).toThrow(/give a name, a group, or both/);
    expect(() => Registered({ group: '' })).toThrow(ActorConfigError);
  });
});
