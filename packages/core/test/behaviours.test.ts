import 'reflect-metadata';
import {
  Actor,
  ActorConfigError,
  ActorStoppedError,
  Handler,
  Message,
  StashOverflowError,
  Terminated,
  TimeoutError,
  UnhandledMessageError,
  type Addr,
  type Context,
  type DeadLetter,
} from '@troupe/core';
import { deferred, newSystem, settle, stopSystems } from './helpers';

afterEach(() => {
  jest.useRealTimers();
  return stopSystems();
});

class Query extends Message<string> {
  constructor(readonly q: string) {
    super();
  }
}
class Open extends Message<void> {}
class Close extends Message<void> {}
class Status extends Message<string | undefined> {}
class Fail extends Message<void> {}

class Closed extends Error {}

/** A connection: `connecting` stashes queries, `open` serves them, `closed` refuses. */
@Actor({ mailbox: 4, onFailure: (e) => (e instanceof Closed ? 'resume' : undefined), reportFailures: 'unseen' })
class Connection {
  readonly served: string[] = [];
  @Handler(Query, { in: 'connecting' }) early(_: Query, ctx: Context<Connection>): string {
    ctx.stash();
    return 'never seen';
  }
  @Handler(Open, { in: 'connecting' }) opened(_: Open, ctx: Context<Connection>): void {
    ctx.become('open');
    ctx.unstashAll();
  }
  @Handler(Query, { in: 'open' }) serve(m: Query): string {
    this.served.push(m.q);
    return `result of ${m.q}`;
  }
  @Handler(Close, { in: 'open' }) close(_: Close, ctx: Context<Connection>): void {
    ctx.become('closed');
  }
  @Handler(Query, { in: 'closed' }) refuse(m: Query): string {
    throw new Closed(`closed: ${m.q} refused`);
  }
  @Handler(Status) status(_: Status, ctx: Context<Connection>): string | undefined {
    return `${ctx.behaviour} (${ctx.stashed} stashed)`;
  }
  @Handler(Fail) fail(): void {
    throw new Error('boom');
  }
}

describe('become: behaviours are groups of handlers', () => {
  test('the first behaviour declared is the initial one; become switches from the next message on', async () => {
    const conn = newSystem().spawn(Connection);
    expect(await conn.send(new Status())).toBe('connecting (0 stashed)');
    await conn.tell(new Open());
    expect(await conn.send(new Status())).toBe('open (0 stashed)');
    expect(await conn.send(new Query('a'))).toBe('result of a');
  });

  test('a message with no handler in the current behaviour follows the unhandled rule', async () => {
    const system = newSystem();
    const letters: DeadLetter[] = [];
    system.deadLetters.on('deadletter', (l) => letters.push(l));
    const conn = system.spawn(Connection, { name: 'conn' });
    await conn.tell(new Open());
    await conn.tell(new Close());
    await expect(conn.send(new Query('late'))).rejects.toThrow('closed: late refused');
    await expect(conn.send(new Open())).rejects.toBeInstanceOf(UnhandledMessageError);
    await conn.tell(new Open());
    await settle();
    expect(letters.map((l) => [l.messageClass, l.reason])).toEqual([['Open', 'unhandled']]);
    expect(await conn.send(new Status())).toBe('closed (0 stashed)');
  });

  test('an unknown behaviour throws at the call, naming the ones declared', async () => {
    let thrown: unknown;
    @Actor()
    class Typo {
      @Handler(Open, { in: 'a' }) a(_: Open, ctx: Context<Typo>): void {
        try {
          ctx.become('b');
        } catch (error) {
          thrown = error;
        }
      }
    }
    await newSystem().spawn(Typo, { name: 'typo' }).send(new Open());
    expect(thrown).toBeInstanceOf(ActorConfigError);
    expect(String(thrown)).toMatch(/ctx.become on \/user\/typo: Typo has no behaviour 'b' \(declared: 'a'\)/);
  });

  test('@Actor({ initial }) picks the initial behaviour; a restart returns to it', async () => {
    @Actor({ initial: 'b' })
    class Two {
      @Handler(Status, { in: 'a' }) inA(): string {
        return 'a';
      }
      @Handler(Status, { in: 'b' }) inB(_: Status, ctx: Context<Two>): string {
        ctx.become('a');
        return 'b';
      }
      @Handler(Fail) fail(): void {
        throw new Error('restart me');
      }
    }
    const two = newSystem().spawn(Two);
    expect(await two.send(new Status())).toBe('b');
    expect(await two.send(new Status())).toBe('a');
    await two.send(new Fail()).catch(() => undefined);
    expect(await two.send(new Status())).toBe('b');
  });

  test('one class may have a handler per behaviour, not two in one behaviour', () => {
    expect(() => {
      @Actor()
      class Clash {
        @Handler(Status, { in: 'x' }) one(): string {
          return '1';
        }
        @Handler(Status, { in: 'x' }) two(): string {
          return '2';
        }
      }
      return Clash;
    }).toThrow(/Status is already handled by Clash.one in behaviour 'x'/);
    expect(() => {
      @Actor({ initial: 'nope' })
      class BadInitial {
        @Handler(Status, { in: 'x' }) one(): string {
          return '1';
        }
      }
      newSystem().spawn(BadInitial);
    }).toThrow(/initial behaviour 'nope' has no handler/);
  });
});

describe('stash', () => {
  test('stashed messages come back before the rest of the mailbox, in order; requests keep their promises', async () => {
    const conn = newSystem().spawn(Connection);
    const replies = [conn.send(new Query('1')), conn.send(new Query('2'))];
    await settle();
    expect(await conn.send(new Status())).toBe('connecting (2 stashed)');
    conn.doSend(new Open());
    const later = conn.send(new Query('3'));
    expect(await Promise.all([...replies, later])).toEqual(['result of 1', 'result of 2', 'result of 3']);
  });

  test('a stashed request that times out rejects and leaves the stash', async () => {
    jest.useFakeTimers();
    const conn = newSystem().spawn(Connection);
    const stale = conn.send(new Query('stale'), { timeoutMs: 100 }).catch((e: unknown) => e);
    await jest.advanceTimersByTimeAsync(10);
    expect(await conn.send(new Status())).toBe('connecting (1 stashed)');
    await jest.advanceTimersByTimeAsync(100);
    expect(await stale).toBeInstanceOf(TimeoutError);
    expect(await conn.send(new Status())).toBe('connecting (0 stashed)');
  });

  test('the stash holds at most the mailbox capacity; one more is a failure of the actor', async () => {
    const system = newSystem();
    const failed: unknown[] = [];
    system.events.on('actor:failed', (e) => failed.push(e.error));
    const conn = system.spawn(Connection, { name: 'conn' });
    for (let i = 0; i < 4; i++) await conn.tell(new Query(String(i)));
    const fifth = conn.send(new Query('4'));
    await expect(fifth).rejects.toBeInstanceOf(StashOverflowError);
    await expect(fifth).rejects.toThrow(/the stash of \/user\/conn is full \(capacity 4\)/);
    expect(failed[0]).toBeInstanceOf(StashOverflowError);
  });

  test('a restart keeps the stash; a stop sends stashed commands to dead letters and rejects stashed requests', async () => {
    const system = newSystem();
    const letters: DeadLetter[] = [];
    system.deadLetters.on('deadletter', (l) => letters.push(l));
    const conn = system.spawn(Connection);
    await conn.tell(new Query('told'));
    const asked = conn.send(new Query('asked')).catch((e: unknown) => e);
    await conn.send(new Fail()).catch(() => undefined); // restarted: back to 'connecting'
    expect(await conn.send(new Status())).toBe('connecting (2 stashed)');
    await conn.stop();
    expect(await asked).toBeInstanceOf(ActorStoppedError);
    expect(letters.map((l) => (l.message as Query).q)).toEqual(['told']);
  });

  test('ctx.stash() outside a handler of the actor is refused', async () => {
    let thrown: unknown;
    @Actor()
    class Early {
      started(ctx: Context<Early>): void {
        try {
          ctx.stash();
        } catch (error) {
          thrown = error;
        }
      }
    }
    newSystem().spawn(Early);
    await settle();
    expect(thrown).toBeInstanceOf(ActorConfigError);
  });
});

describe('receive timeout', () => {
  class Idle extends Message<void> {}
  class Poke extends Message<void> {}

  function idleActor(log: string[], ms = 1000) {
    @Actor()
    class Watchful {
      started(ctx: Context<Watchful>): void {
        ctx.setReceiveTimeout(ms, new Idle());
      }
      @Handler(Idle) idle(): void {
        log.push('idle');
      }
      @Handler(Poke) poke(_: Poke, ctx: Context<Watchful>): void {
        log.push('poke');
        if (log.length > 5) ctx.cancelReceiveTimeout();
      }
    }
    return Watchful;
  }

  test('delivers its message after ms without another message, and again after each quiet ms', async () => {
    jest.useFakeTimers();
    const log: string[] = [];
    const actor = newSystem().spawn(idleActor(log));
    await settle();
    await jest.advanceTimersByTimeAsync(999);
    expect(log).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    expect(log).toEqual(['idle']);
    await jest.advanceTimersByTimeAsync(1000);
    expect(log).toEqual(['idle', 'idle']);
    void actor;
  });

  test('every message re-arms it; cancelReceiveTimeout ends it', async () => {
    jest.useFakeTimers();
    const log: string[] = [];
    const actor = newSystem().spawn(idleActor(log));
    await settle();
    for (let i = 0; i < 4; i++) {
      await jest.advanceTimersByTimeAsync(600);
      await actor.tell(new Poke());
      await settle();
    }
    expect(log).toEqual(['poke', 'poke', 'poke', 'poke']);
    await jest.advanceTimersByTimeAsync(1000);
    expect(log).toEqual(['poke', 'poke', 'poke', 'poke', 'idle']);
    await actor.tell(new Poke()); // the sixth entry cancels it
    await jest.advanceTimersByTimeAsync(10_000);
    expect(log).toEqual(['poke', 'poke', 'poke', 'poke', 'idle', 'poke']);
  });

  test('a stop cancels it: nothing reaches dead letters, no timer is left', async () => {
    jest.useFakeTimers();
    const log: string[] = [];
    const system = newSystem();
    const letters: DeadLetter[] = [];
    system.deadLetters.on('deadletter', (l) => letters.push(l));
    const actor = system.spawn(idleActor(log));
    await settle();
    await actor.stop();
    await jest.advanceTimersByTimeAsync(20_000);
    expect(log).toEqual([]);
    expect(letters).toEqual([]);
    expect(jest.getTimerCount()).toBe(0);
  });
});

describe('system messages first', () => {
  test('a watch’s Terminated goes before the messages waiting in a full mailbox', async () => {
    const order: string[] = [];
    const gate = deferred();
    class Work extends Message<void> {
      constructor(readonly n: number) {
        super();
      }
    }
    class WatchIt extends Message<void> {
      constructor(readonly target: Addr<unknown>) {
        super();
      }
    }
    @Actor({ mailbox: 3 })
    class Watcher {
      @Handler(WatchIt) watch(m: WatchIt, ctx: Context<Watcher>): Promise<void> {
        ctx.watch(m.target);
        return gate.promise; // holds the mailbox while it fills
      }
      @Handler(Work) work(m: Work): void {
        order.push(`work ${m.n}`);
      }
      @Handler(Terminated) terminated(): void {
        order.push('terminated');
      }
    }
    @Actor()
    class Target {}
    const system = newSystem();
    const watcher = system.spawn(Watcher);
    const target = system.spawn(Target);
    await watcher.tell(new WatchIt(target));
    for (let i = 0; i < 3; i++) await watcher.tell(new Work(i));
    await target.stop();
    gate.resolve();
    await settle();
    expect(order).toEqual(['terminated', 'work 0', 'work 1', 'work 2']);
  });
});
