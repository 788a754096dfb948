import { Actor, ActorStoppedError, Context, Handler, Message, type DeadLetter } from '@troupe/core';
import { deferred, newSystem, settle, stopSystems } from './helpers';

afterEach(stopSystems);

class Note extends Message<void> {
  constructor(readonly text: string) {
    super();
  }
}
class Query extends Message<string> {
  constructor(readonly text: string) {
    super();
  }
}

function journal() {
  const log: string[] = [];
  const gate = deferred();
  @Actor()
  class Journal {
    constructor(private readonly label = 'j') {}
    async started(): Promise<void> {
      log.push('started:begin');
      await gate.promise;
      log.push('started:end');
    }
    @Handler() note(m: Note): void {
      log.push(`note:${m.text}`);
    }
    @Handler() query(m: Query): string {
      log.push(`query:${m.text}`);
      return `${this.label}:${m.text}`;
    }
    stopping(): void {
      log.push('stopping');
    }
    stopped(): void {
      log.push('stopped');
    }
  }
  return { Journal, log, gate };
}

describe('lifecycle', () => {
  test('started runs before the first message; messages sent meanwhile wait in the mailbox', async () => {
    const { Journal, log, gate } = journal();
    const addr = newSystem().spawn(Journal, { args: ['x'] });
    addr.doSend(new Note('early'));
    const reply = addr.send(new Query('q'));
    await settle();
    expect(log).toEqual(['started:begin']);
    gate.resolve();
    expect(await reply).toBe('x:q');
    expect(log).toEqual(['started:begin', 'started:end', 'note:early', 'query:q']);
  });

  test('graceful stop runs stopping at the next message boundary, then drains the mailbox, then calls stopped', async () => {
    const { Journal, log, gate } = journal();
    gate.resolve();
    const addr = newSystem().spawn(Journal);
    await settle();
    addr.doSend(new Note('1'));
    addr.doSend(new Note('2'));
    const stopped = addr.stop();
    expect(addr.isAlive).toBe(true); // stopping has not run yet: the actor is between messages
    addr.doSend(new Note('3')); // accepted: the stop is processed after the current message
    await stopped;
    expect(addr.isAlive).toBe(false);
    expect(log.filter((l) => l !== 'started:begin' && l !== 'started:end')).toEqual([
      'stopping',
      'note:1',
      'note:2',
      'note:3',
      'stopped',
    ]);
  });

  test('a stopping actor accepts nothing new: tell goes to dead letters, send rejects', async () => {
    const hold = deferred();
    @Actor()
    class Slow {
      @Handler() async note(_: Note): Promise<void> {
        await hold.promise;
      }
      @Handler() query(m: Query): string {
        return m.text;
      }
    }
    const system = newSystem();
    const letters: DeadLetter[] = [];
    system.deadLetters.on('deadletter', (l) => letters.push(l));
    const addr = system.spawn(Slow, { name: 'slow' });
    addr.doSend(new Note('busy'));
    await settle();
    const queued = addr.send(new Query('queued before stop'));
    const stopped = addr.stop();
    hold.resolve();
    await settle();
    const late = new Note('late');
    await addr.tell(late);
    await expect(addr.send(new Query('late'))).rejects.toBeInstanceOf(ActorStoppedError);
    expect(await queued).toBe('queued before stop');
    await stopped;
    expect(letters).toEqual([{ message: late, messageClass: 'Note', path: '/user/slow', reason: 'stopped' }]);
  });

  test("stopping returning 'continue' vetoes a graceful stop; the stop promise settles when the actor really ends", async () => {
    let allow = false;
    const log: string[] = [];
    @Actor()
    class Stubborn {
      stopping(): 'continue' | void {
        log.push(`stopping:${allow}`);
        if (!allow) return 'continue';
      }
      @Handler() note(m: Note): void {
        log.push(m.text);
      }
    }
    const addr = newSystem().spawn(Stubborn);
    let ended = false;
    const first = addr.stop().then(() => (ended = true));
    await settle();
    expect(addr.isAlive).toBe(true);
    expect(ended).toBe(false);
    await addr.tell(new Note('still working'));
    await settle();
    allow = true;
    await addr.stop();
    await first;
    expect(ended).toBe(true);
    expect(log).toEqual(['stopping:false', 'still working', 'stopping:true']);
  });

  test('kill skips the veto and the draining: queued requests reject, queued commands go to dead letters', async () => {
    const hold = deferred();
    const log: string[] = [];
    @Actor()
    class Victim {
      stopping(): 'continue' {
        return 'continue';
      }
      stopped(): void {
        log.push('stopped');
      }
      @Handler() async note(m: Note): Promise<void> {
        log.push(m.text);
        await hold.promise;
      }
      @Handler() query(m: Query): string {
        return m.text;
      }
    }
    const system = newSystem();
    const letters: DeadLetter[] = [];
    system.deadLetters.on('deadletter', (l) => letters.push(l));
    const addr = system.spawn(Victim, { name: 'victim' });
    addr.doSend(new Note('in flight'));
    await settle();
    const queuedCommand = new Note('queued');
    addr.doSend(queuedCommand);
    const queuedRequest = addr.send(new Query('q')).catch((e: unknown) => e);
    await addr.kill();
    const error = await queuedRequest;
    expect(error).toBeInstanceOf(ActorStoppedError);
    expect((error as ActorStoppedError).actor).toBe('/user/victim');
    expect(letters.map((l) => l.message)).toEqual([queuedCommand]);
    expect(log).toEqual(['in flight', 'stopped']);
    hold.resolve();
  });

  test('kill rejects the request whose handler is in flight', async () => {
    const never = deferred<string>();
    @Actor()
    class Hanger {
      @Handler() query(_: Query): Promise<string> {
        return never.promise;
      }
    }
    const addr = newSystem().spawn(Hanger);
    const pending = addr.send(new Query('x'), { timeoutMs: Infinity });
    await settle();
    addr.kill();
    await expect(pending).rejects.toBeInstanceOf(ActorStoppedError);
  });

  test('no promise hangs: senders waiting for room settle when the actor is killed or stopped', async () => {
    const hold = deferred();
    @Actor({ mailbox: 1 })
    class Tiny {
      @Handler() async note(_: Note): Promise<void> {
        await hold.promise;
      }
      @Handler() query(m: Query): string {
        return m.text;
      }
    }
    const system = newSystem();
    for (const end of ['kill', 'stop'] as const) {
      const addr = system.spawn(Tiny);
      addr.doSend(new Note('busy'));
      await settle();
      addr.doSend(new Note('fills the mailbox'));
      const waitingTell = addr.tell(new Note('waits'));
      const waitingSend = addr.send(new Query('waits'), { timeoutMs: Infinity }).catch((e: unknown) => e);
      if (end === 'kill') await addr.kill();
      else {
        const stopping = addr.stop();
        hold.resolve();
        await stopping;
      }
      await expect(waitingTell).resolves.toBeUndefined();
      expect(await waitingSend).toBeInstanceOf(ActorStoppedError);
    }
  });

  test('addr.stopped resolves once the actor has fully stopped, and stays resolved', async () => {
    const { Journal, gate } = journal();
    gate.resolve();
    const addr = newSystem().spawn(Journal);
    let done = false;
    void addr.stopped.then(() => (done = true));
    await settle();
    expect(done).toBe(false);
    await addr.stop();
    await settle();
    expect(done).toBe(true);
    await expect(addr.stopped).resolves.toBeUndefined();
    await expect(addr.stop()).resolves.toBeUndefined();
    await expect(addr.kill()).resolves.toBeUndefined();
  });

  test('system.shutdown stops every actor, last spawned first, and resolves when all have stopped', async () => {
    const order: string[] = [];
    @Actor()
    class Named {
      stopped(ctx: Context<Named>): void {
        order.push(ctx.name);
      }
    }
    const system = newSystem();
    const addrs = ['a', 'b', 'c'].map((name) => system.spawn(Named, { name }));
    await system.shutdown();
    expect(order).toEqual(['c', 'b', 'a']);
    expect(addrs.every((a) => !a.isAlive)).toBe(true);
    expect(() => system.spawn(Named)).toThrow(/shutting down/);
  });

  test('system.shutdown kills actors that do not stop within timeoutMs', async () => {
    @Actor()
    class Immortal {
      stopping(): 'continue' {
        return 'continue';
      }
    }
    const system = newSystem();
    const addr = system.spawn(Immortal);
    await system.shutdown({ timeoutMs: 50 });
    expect(addr.isAlive).toBe(false);
  });

  test('events report started, stopped and failed with the actor’s path', async () => {
    class Boom extends Message<void> {}
    @Actor({ onFailure: () => 'resume' })
    class Eventful {
      @Handler() boom(_: Boom): void {
        throw new Error('boom');
      }
    }
    const system = newSystem();
    const seen: string[] = [];
    system.events.on('actor:started', (e) => seen.push(`started ${e.path}`));
    system.events.on('actor:failed', (e) => seen.push(`failed ${e.path} ${(e.error as Error).message}`));
    system.events.on('actor:stopped', (e) => seen.push(`stopped ${e.path}`));
    const addr = system.spawn(Eventful, { name: 'ev' });
    await addr.tell(new Boom());
    await addr.stop();
    expect(seen).toEqual(['started /user/ev', 'failed /user/ev boom', 'stopped /user/ev']);
  });

  test('names are unique among live siblings; unnamed actors get generated unique names', () => {
    @Actor()
    class Any {}
    const system = newSystem();
    system.spawn(Any, { name: 'one' });
    expect(() => system.spawn(Any, { name: 'one' })).toThrow(/name "one" is taken under \/user/);
    expect(() => system.spawn(Any, { name: '' })).toThrow(/non-empty string/);
    const a = system.spawn(Any);
    const b = system.spawn(Any);
    expect(a.name).not.toBe(b.name);
    expect(a.path).toBe(`/user/${a.name}`);
    expect(a.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.id).toBe(a.id);
  });

  test('a throwing constructor refuses the spawn with its own error', () => {
    @Actor()
    class Picky {
      constructor(n: number) {
        if (n < 0) throw new RangeError('n must be >= 0');
      }
    }
    expect(() => newSystem().spawn(Picky, { args: [-1] })).toThrow(RangeError);
  });

  test('shutdown with a bad timeoutMs rejects with a TypeError naming the option; it never throws', async () => {
    const system = newSystem();
    let result: Promise<void> | undefined;
    expect(() => (result = system.shutdown({ timeoutMs: -1 }))).not.toThrow();
    await expect(result).rejects.toThrow(TypeError);
    await expect(system.shutdown({ timeoutMs: Number.NaN })).rejects.toThrow(/timeoutMs must be a number of ms >= 0, got NaN/);
    expect(system.isShuttingDown).toBe(false);
  });
});

describe('the first run', () => {
  test('an actor without a started hook handles its first messages in the run that starts it', async () => {
    const log: string[] = [];
    @Actor()
    class Plain {
      @Handler() note(m: Note): void {
        log.push(`plain handled ${m.text}`);
      }
    }
    @Actor()
    class Hooked {
      started(): void {
        log.push('hooked started');
      }
    }
    const system = newSystem();
    system.spawn(Plain).doSend(new Note('first'));
    system.spawn(Hooked);
    await settle();
    // Plain's start and message take one run, which comes before its sibling's start; with two
    // runs (start, then messages) the sibling would start in between.
    expect(log).toEqual(['plain handled first', 'hooked started']);
  });

  test('a started hook still runs before the first message', async () => {
    const log: string[] = [];
    @Actor()
    class Hooked {
      started(): void {
        log.push('started');
      }
      @Handler() note(m: Note): void {
        log.push(`handled ${m.text}`);
      }
    }
    newSystem().spawn(Hooked).doSend(new Note('first'));
    await settle();
    expect(log).toEqual(['started', 'handled first']);
  });
});
