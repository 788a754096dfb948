import 'reflect-metadata';
import { Actor, ActorConfigError } from '@troupe/core';
import { Registered, Registry } from '@troupe/registry';
import { Echo, newSystem, stopSystems } from './helpers';

afterEach(stopSystems);

@Actor()
@Registered({ name: 'clock', group: 'clocks' })
class Clock {}

describe('each system has its own registry', () => {
  test('two systems in one process do not see each other’s names or groups', () => {
    const one = newSystem({ name: 'one' });
    const two = newSystem({ name: 'two' });
    expect(Registry.of(one)).not.toBe(Registry.of(two));
    const c1 = one.spawn(Clock);
    const c2 = two.spawn(Clock); // the same name, in another system: no conflict
    expect(Registry.of(one).lookup('clock')).toBe(c1);
    expect(Registry.of(two).lookup('clock')).toBe(c2);
    expect(Registry.of(one).members('clocks')).toEqual([c1]);
    expect(Registry.of(two).members('clocks')).toEqual([c2]);
  });

  test('a hand registration in one system is invisible in the other', () => {
    const one = newSystem({ name: 'one' });
    const two = newSystem({ name: 'two' });
    Registry.of(one).register('audit', one.spawn(Echo));
    expect(Registry.of(two).lookup('audit')).toBeUndefined();
    expect(Registry.of(two).names()).toEqual([]);
  });

  test('an Addr of one system cannot be registered in another', () => {
    const one = newSystem({ name: 'one' });
    const two = newSystem({ name: 'two' });
    const echo = one.spawn(Echo);
    expect(() => Registry.of(two).register('x', echo)).toThrow(ActorConfigError);
    expect(() => Registry.of(two).join('g', echo)).toThrow(/belongs to system "one", not "two"/);
  });

  test('stopping one system leaves the other’s registry untouched', async () => {
    const one = newSystem({ name: 'one' });
    const two = newSystem({ name: 'two' });
    one.spawn(Clock);
    const c2 = two.spawn(Clock);
    await one.shutdown();
    expect(Registry.of(one).lookup('clock')).toBeUndefined();
    expect(Registry.of(two).lookup('clock')).toBe(c2);
  });
});
