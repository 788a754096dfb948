import { Actor, ActorConfigError, Handler, InvalidMessageError, Message } from '@troupe/core';
import { newSystem, stopSystems } from './helpers';

afterEach(stopSystems);

class Animal extends Message<string> {}
class Dog extends Animal {}
class Puppy extends Dog {}
class Cat extends Animal {}

@Actor()
class Zoo {
  @Handler() animal(_: Animal): string {
    return 'animal';
  }
  @Handler() dog(_: Dog): string {
    return 'dog';
  }
}

describe('messages and dispatch', () => {
  test('the most specific handler wins, and a base-class handler takes subclasses', async () => {
    const zoo = newSystem().spawn(Zoo);
    expect(await zoo.send(new Puppy())).toBe('dog');
    expect(await zoo.send(new Dog())).toBe('dog');
    expect(await zoo.send(new Cat())).toBe('animal');
    expect(await zoo.send(new Animal())).toBe('animal');
  });

  test.each([
    ['null', null],
    ['a plain object', { kind: 'increment' }],
    ['a number', 42],
    ['a string', 'hello'],
    ['undefined', undefined],
  ])('%s is refused at the call with InvalidMessageError and never reaches the actor', async (_, value) => {
    const seen: unknown[] = [];
    @Actor()
    class Catchall {
      @Handler(Message) any(m: Message<unknown>): void {
        seen.push(m);
      }
    }
    const addr = newSystem().spawn(Catchall, { name: 'catchall' });
    const bad = value as unknown as Message<void>;
    await expect(addr.tell(bad)).rejects.toBeInstanceOf(InvalidMessageError);
    await expect(addr.send(bad)).rejects.toBeInstanceOf(InvalidMessageError);
    expect(() => addr.trySend(bad)).toThrow(InvalidMessageError);
    expect(() => addr.doSend(bad)).toThrow(InvalidMessageError);
    try {
      addr.doSend(bad);
    } catch (error) {
      expect((error as InvalidMessageError).actor).toBe('/user/catchall');
      expect((error as Error).message).toContain('/user/catchall');
    }
    await addr.stop();
    expect(seen).toEqual([]);
  });

  test('@Handler(Message) is a catch-all below every more specific handler', async () => {
    @Actor()
    class Forwarder {
      @Handler(Message) any(m: Message<unknown>): string {
        return `any:${m.constructor.name}`;
      }
      @Handler() dog(_: Dog): string {
        return 'dog';
      }
    }
    const f = newSystem().spawn(Forwarder);
    expect(await f.send(new Cat())).toBe('any:Cat');
    expect(await f.send(new Puppy())).toBe('dog');
  });
});

describe('decoration-time errors', () => {
  test('@Handler() without a readable parameter type names the method and says to write @Handler(Cls)', () => {
    expect(() => {
      class NoType {
        @Handler() handle(m: unknown): void {
          void m;
        }
      }
      return NoType;
    }).toThrow(/NoType\.handle.*@Handler\(MessageClass\)/s);
  });

  test('two handlers for one message class are an error at decoration time', () => {
    expect(() => {
      class Twice {
        @Handler() a(_: Dog): string {
          return '';
        }
        @Handler() b(_: Dog): string {
          return '';
        }
      }
      return Twice;
    }).toThrow(ActorConfigError);
  });

  test('a handler whose parameter is not a Message class is refused', () => {
    class NotAMessage {}
    expect(() => {
      class Wrong {
        @Handler(NotAMessage as never) a(_: Dog): string {
          return '';
        }
      }
      return Wrong;
    }).toThrow(/does not extend Message/);
  });

  test('spawning a class without @Actor is a clear error', () => {
    class Plain {
      @Handler() dog(_: Dog): string {
        return '';
      }
    }
    expect(() => newSystem().spawn(Plain)).toThrow(/Plain is not an actor.*@Actor\(\)/);
  });

  test('decorator order on a class does not matter', async () => {
    const Tag = (): ClassDecorator => () => undefined;
    @Tag()
    @Actor({ mailbox: 3 })
    @Tag()
    class Ordered {
      @Handler() dog(_: Dog): string {
        return 'ok';
      }
    }
    const a = newSystem().spawn(Ordered);
    expect(a.capacity).toBe(3);
    expect(await a.send(new Dog())).toBe('ok');
  });
});
