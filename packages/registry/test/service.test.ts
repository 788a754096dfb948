import 'reflect-metadata';
import { Actor, ActorConfigError, Handler, Message, type Addr } from '@troupe/core';
import { Registered, Registry } from '@troupe/registry';
import { Crash, newSystem, settle, stopSystems } from './helpers';

afterEach(stopSystems);

class Now extends Message<number> {}

let built = 0;

@Actor()
class Clock {
  constructor(private readonly offset = 0) {
    built++;
  }
  @Handler() now(_: Now): number {
    return 1000 + this.offset;
  }
  @Handler() crash(_: Crash): void {
    throw new Error('crash on purpose');
  }
}

@Actor()
class Other {}

beforeEach(() => (built = 0));

describe('registry.service', () => {
  test('starts the service on first use, not before', async () => {
    const system = newSystem();
    const registry = Registry.of(system);
    expect(built).toBe(0);
    const clock: Addr<Clock> = registry.service(Clock);
    expect(built).toBe(1);
    expect(clock.path).toBe('/user/service:Clock');
    await expect(clock.send(new Now())).resolves.toBe(1000);
  });

  test('returns the same Addr afterwards', () => {
    const registry = Registry.of(newSystem());
    const a = registry.service(Clock);
    const b = registry.service(Clock);
    expect(b).toBe(a);
    expect(built).toBe(1);
    expect(registry.service(Other)).not.toBe(a);
  });

  test('is one per system', () => {
    const one = Registry.of(newSystem({ name: 'one' })).service(Clock);
    const two = Registry.of(newSystem({ name: 'two' })).service(Clock);
    expect(one).not.toBe(two);
    expect(built).toBe(2);
  });

  test('options apply when it starts, and are ignored once it runs', async () => {
    const registry = Registry.of(newSystem());
    const clock = registry.service(Clock, { args: [5], mailbox: 3 });
    expect(clock.capacity).toBe(3);
    await expect(clock.send(new Now())).resolves.toBe(1005);
    expect(registry.service(Clock, { args: [9] })).toBe(clock);
  });

  test('survives a failure with the same Addr (restarted like any actor)', async () => {
    const registry = Registry.of(newSystem());
    const clock = registry.service(Clock);
    await expect(clock.send(new Crash())).rejects.toThrow('crash on purpose');
    await settle();
    expect(registry.service(Clock)).toBe(clock);
    await expect(clock.send(new Now())).resolves.toBe(1000);
  });

  test('a service that has stopped is started anew on the next call', async () => {
    const registry = Registry.of(newSystem());
    const first = registry.service(Clock);
    await first.stop();
    const second = registry.service(Clock);
    expect(second).not.toBe(first);
    expect(second.isAlive).toBe(true);
    expect(second.path).toBe('/user/service:Clock');
  });

  test('takes a generated name when service:<Class> is taken by another actor', () => {
    const system = newSystem();
    system.spawn(Other, { name: 'service:Clock' });
    const clock = Registry.of(system).service(Clock);
    expect(clock.path).not.toBe('/user/service:Clock');
    expect(clock.isAlive).toBe(true);
  });

  test('a @Registered service is also found under its name', () => {
    @Actor()
    @Registered('metrics')
    class Metrics {}
    const registry = Registry.of(newSystem());
    const metrics = registry.service(Metrics);
    expect(registry.lookup('metrics')).toBe(metrics);
  });

  test('refuses what is not an actor class', () => {
    const registry = Registry.of(newSystem());
    expect(() => registry.service('Clock' as never)).toThrow(ActorConfigError);
    class Plain {}
    expect(() => registry.service(Plain)).toThrow(/is not an actor/);
  });
});
