import 'reflect-metadata';
import { Actor, ActorConfigError, ActorStoppedError, silentLogger, type Addr, type Logger } from '@troupe/core';
import { Registered, Registry } from '@troupe/registry';
import { Echo, newSystem, stopSystems } from './helpers';

afterEach(stopSystems);

@Actor()
@Registered({ group: 'workers' })
class Worker {}

describe('groups: members', () => {
  test('@Registered({ group }) actors are the group’s members, in the order they joined', () => {
    const system = newSystem();
    const w1 = system.spawn(Worker);
    const w2 = system.spawn(Worker);
    const w3 = system.spawn(Worker);
    const members: Addr<Worker>[] = Registry.of(system).members<Worker>('workers');
    expect(members).toEqual([w1, w2, w3]);
  });

  test('members of an unknown group is an empty list', () => {
    expect(Registry.of(newSystem()).members('nobody')).toEqual([]);
  });

  test('members returns a copy the caller may change', () => {
    const system = newSystem();
    system.spawn(Worker);
    const registry = Registry.of(system);
    registry.members('workers').pop();
    expect(registry.members('workers')).toHaveLength(1);
  });

  test('join and leave by hand; joining twice is one membership', () => {
    const system = newSystem();
    const registry = Registry.of(system);
    const a = system.spawn(Echo);
    const b = system.spawn(Echo);
    expect(registry.join('echoes', a)).toBe(true);
    expect(registry.join('echoes', a)).toBe(false);
    expect(registry.join('echoes', b)).toBe(true);
    expect(registry.members('echoes')).toEqual([a, b]);
    expect(registry.leave('echoes', a)).toBe(true);
    expect(registry.leave('echoes', a)).toBe(false);
    expect(registry.members('echoes')).toEqual([b]);
    expect(a.isAlive).toBe(true);
  });

  test('an actor may be in several groups; groups() lists those with live members', () => {
    const system = newSystem();
    const registry = Registry.of(system);
    const a = system.spawn(Echo);
    registry.join('x', a);
    registry.join('y', a);
    system.spawn(Worker);
    expect(registry.groups().sort()).toEqual(['workers', 'x', 'y']);
    registry.leave('x', a);
    expect(registry.groups().sort()).toEqual(['workers', 'y']);
  });
});

describe('groups: subscribe', () => {
  test('the listener gets the new member list on every join, leave and stop', async () => {
    const system = newSystem();
    const registry = Registry.of(system);
    const seen: Addr<Worker>[][] = [];
    registry.subscribe<Worker>('workers', (members) => seen.push([...members]));
    expect(seen).toEqual([]); // not called on subscribing
    const w1 = system.spawn(Worker);
    const w2 = system.spawn(Worker);
    const echo = system.spawn(Echo);
    registry.join('workers', echo);
    registry.leave('workers', echo);
    await w1.stop();
    await w2.kill();
    expect(seen).toEqual([[w1], [w1, w2], [w1, w2, echo], [w1, w2], [w2], []]);
  });

  test('the function subscribe returns unsubscribes', () => {
    const system = newSystem();
    const registry = Registry.of(system);
    const seen: number[] = [];
    const unsubscribe = registry.subscribe('workers', (m) => seen.push(m.length));
    system.spawn(Worker);
    unsubscribe();
    unsubscribe(); // twice is harmless
    system.spawn(Worker);
    expect(seen).toEqual([1]);
  });

  test('subscribing one function twice gives two subscriptions, each with its own unsubscribe', () => {
    const system = newSystem();
    const registry = Registry.of(system);
    const seen: number[] = [];
    const listener = (m: readonly Addr<unknown>[]): number => seen.push(m.length);
    const first = registry.subscribe('workers', listener);
    registry.subscribe('workers', listener);
    system.spawn(Worker);
    first();
    system.spawn(Worker);
    expect(seen).toEqual([1, 1, 2]);
  });

  test('a listener may unsubscribe itself while being called; the others are still called', () => {
    const system = newSystem();
    const registry = Registry.of(system);
    const seen: string[] = [];
    const unsubscribe = registry.subscribe('workers', () => {
      seen.push('once');
      unsubscribe();
    });
    registry.subscribe('workers', () => seen.push('always'));
    system.spawn(Worker);
    system.spawn(Worker);
    expect(seen).toEqual(['once', 'always', 'always']);
  });

  test('a listener that throws is logged and does not stop the others or the registration', () => {
    const errors: string[] = [];
    const logger: Logger = { ...silentLogger, error: (message: string) => errors.push(message) };
    const system = newSystem({ logger });
    const registry = Registry.of(system);
    const seen: number[] = [];
    registry.subscribe('workers', () => {
      throw new Error('bad listener');
    });
    registry.subscribe('workers', (m) => seen.push(m.length));
    const w = system.spawn(Worker);
    expect(registry.members('workers')).toEqual([w]);
    expect(seen).toEqual([1]);
    expect(errors).toEqual(['registry: a subscriber of group "workers" threw']);
  });

  test('the member list a listener gets is frozen', () => {
    const system = newSystem();
    let got: readonly Addr<unknown>[] = [];
    Registry.of(system).subscribe('workers', (m) => (got = m));
    system.spawn(Worker);
    expect(Object.isFrozen(got)).toBe(true);
  });
});

describe('groups: bad input is refused at the call', () => {
  test('empty or non-string group names', () => {
    const system = newSystem();
    const registry = Registry.of(system);
    const echo = system.spawn(Echo);
    expect(() => registry.join('', echo)).toThrow(ActorConfigError);
    expect(() => registry.members(7 as unknown as string)).toThrow(/a group must be a non-empty string/);
    expect(() => registry.subscribe('', () => undefined)).toThrow(ActorConfigError);
    expect(() => registry.leave('', echo)).toThrow(ActorConfigError);
  });

  test('a listener that is not a function', () => {
    expect(() => Registry.of(newSystem()).subscribe('g', 'nope' as never)).toThrow(/the listener must be a function/);
  });

  test('joining a stopped actor throws ActorStoppedError', async () => {
    const system = newSystem();
    const echo = system.spawn(Echo);
    await echo.kill();
    expect(() => Registry.of(system).join('g', echo)).toThrow(ActorStoppedError);
  });
});
