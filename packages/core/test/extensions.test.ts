import 'reflect-metadata';
import { Actor, ActorStoppedError, Handler, InvalidMessageError, Message, UnhandledMessageError, type DeadLetter } from '@troupe/core';
import { cellOf, currentRequestSignal, EXTENSIONS, transferListOf, type ActorExtension } from '@troupe/core/internal';
import { deferred, newSystem, settle, stopSystems } from './helpers';

afterEach(stopSystems);

class Job extends Message<string> {
  constructor(readonly ok: boolean) {
    super();
  }
}

function withExtension(target: object, extension: ActorExtension): void {
  const list = (Reflect.getMetadata(EXTENSIONS, target) as ActorExtension[] | undefined) ?? [];
  Reflect.defineMetadata(EXTENSIONS, [...list, extension], target);
}

describe('extension hooks for sibling packages', () => {
  test('admit refuses a message at the call, for every verb, and the mailbox is untouched', async () => {
    const handled: boolean[] = [];
    @Actor()
    class Guarded {
      @Handler() job(m: Job): string {
        handled.push(m.ok);
        return 'done';
      }
    }
    withExtension(Guarded, {
      admit: (cell, message) =>
        (message as Job).ok ? undefined : new InvalidMessageError(message, cell.path, 'Job.ok must be true'),
    });
    const addr = newSystem().spawn(Guarded, { name: 'guarded' });
    await expect(addr.send(new Job(false))).rejects.toThrow(/Job.ok must be true \(sending to \/user\/guarded\)/);
    await expect(addr.tell(new Job(false))).rejects.toBeInstanceOf(InvalidMessageError);
    expect(() => addr.trySend(new Job(false))).toThrow(InvalidMessageError);
    expect(() => addr.doSend(new Job(false))).toThrow(InvalidMessageError);
    expect(addr.queued).toBe(0);
    expect(await addr.send(new Job(true))).toBe('done');
    expect(handled).toEqual([true]);
  });

  test('an admit refusal that is UnhandledMessageError sends commands to dead letters and rejects send', async () => {
    @Actor()
    class Picky {
      @Handler() job(_: Job): string {
        return 'handled';
      }
    }
    withExtension(Picky, {
      admit: (cell, message) => ((message as Job).ok ? undefined : new UnhandledMessageError(cell.path, 'Job', message)),
    });
    const system = newSystem();
    const letters: DeadLetter[] = [];
    system.deadLetters.on('deadletter', (l) => letters.push(l));
    const addr = system.spawn(Picky, { name: 'picky' });
    const [a, b, c] = [new Job(false), new Job(false), new Job(false)];
    await expect(addr.tell(a)).resolves.toBeUndefined();
    expect(() => addr.doSend(b)).not.toThrow();
    expect(() => addr.trySend(c)).not.toThrow();
    await expect(addr.send(new Job(false))).rejects.toBeInstanceOf(UnhandledMessageError);
    expect(letters.map((l) => [l.message, l.reason])).toEqual([
      [a, 'unhandled'],
      [b, 'unhandled'],
      [c, 'unhandled'],
    ]);
    expect(addr.queued).toBe(0);
  });

  test('killed runs before stopped when an actor is killed, even during a graceful stop', async () => {
    const log: string[] = [];
    const hold = deferred();
    @Actor()
    class Slow {
      @Handler() async job(_: Job): Promise<string> {
        await hold.promise;
        return 'late';
      }
      stopped(): void {
        log.push('stopped');
      }
    }
    withExtension(Slow, { killed: () => log.push('killed'), stopping: () => log.push('stopping') });
    const addr = newSystem().spawn(Slow);
    addr.doSend(new Job(true));
    await settle();
    void addr.stop();
    await settle();
    await addr.kill();
    expect(log).toEqual(['killed', 'stopping', 'stopped']);
    hold.resolve();
  });

  test('a stop requested while reentrant handlers fill the concurrency limit refuses new messages at once', async () => {
    const release = deferred<string>();
    @Actor({ concurrency: 1 })
    class Busy {
      @Handler({ reentrant: true }) slow(_: Job): Promise<string> {
        return release.promise;
      }
    }
    const addr = newSystem().spawn(Busy);
    const first = addr.send(new Job(true));
    await settle();
    const stopped = addr.stop();
    expect(addr.isAlive).toBe(false);
    await expect(addr.send(new Job(true))).rejects.toBeInstanceOf(ActorStoppedError);
    release.resolve('first');
    expect(await first).toBe('first');
    await stopped;
  });

  test('send({ transfer }) records the transfer list for the message', async () => {
    @Actor()
    class Echo {
      @Handler() job(m: Job): string {
        return String(transferListOf(m)?.length);
      }
    }
    const buffer = new ArrayBuffer(8);
    const addr = newSystem().spawn(Echo);
    expect(await addr.send(new Job(true), { transfer: [buffer] })).toBe('1');
    expect(await addr.send(new Job(true))).toBe('undefined');
  });
});

describe('currentRequestSignal, for handlers that hand work elsewhere (threads)', () => {
  test('is aborted when the request times out while its handler runs, and not when the handler replies', async () => {
    const signals: (AbortSignal | undefined)[] = [];
    const release = deferred<string>();
    @Actor()
    class Slow {
      @Handler({ reentrant: true }) job(m: Job): Promise<string> | string {
        signals.push(currentRequestSignal());
        return m.ok ? 'quick' : release.promise;
      }
    }
    const addr = newSystem().spawn(Slow);
    expect(await addr.send(new Job(true))).toBe('quick');
    await expect(addr.send(new Job(false), { timeoutMs: 20 })).rejects.toThrow(/within 20 ms/);
    expect(signals[0]?.aborted).toBe(false);
    expect(signals[1]?.aborted).toBe(true);
    expect(signals[1]?.reason).toBeInstanceOf(Error);
    addr.doSend(new Job(true));
    await settle();
    expect(signals[2]).toBeUndefined(); // a command has no request
    release.resolve('late');
  });
});

describe('what a test kit and an inspector read of the machinery', () => {
  test('system.awaiting counts the handler and hook promises the actors wait on', async () => {
    const release = deferred<string>();
    const starting = deferred();
    @Actor()
    class Waits {
      started(): Promise<void> {
        return starting.promise;
      }
      @Handler() job(_: Job): Promise<string> {
        return release.promise;
      }
    }
    const system = newSystem();
    const addr = system.spawn(Waits);
    await settle();
    expect(system.awaiting).toBe(1); // started
    starting.resolve();
    const reply = addr.send(new Job(true));
    await settle();
    expect(system.awaiting).toBe(1); // the handler
    release.resolve('done');
    expect(await reply).toBe('done');
    expect(system.awaiting).toBe(0);
  });

  test('a cell counts the messages it took, says where it is in its life and keeps its last failure', async () => {
    @Actor({ onFailure: () => 'resume' })
    class Counted {
      @Handler() job(m: Job): string {
        if (!m.ok) throw new Error('no');
        return 'ok';
      }
    }
    const system = newSystem();
    const addr = system.spawn(Counted);
    const cell = cellOf(addr);
    await addr.send(new Job(true));
    await addr.send(new Job(false)).catch(() => undefined);
    expect(cell.handled).toBe(2);
    expect(cell.phase).toBe('running');
    expect(cell.lastFailure?.error).toEqual(new Error('no'));
    expect(typeof cell.lastFailure?.at).toBe('number');
    await addr.stop();
    expect(cell.phase).toBe('stopped');
  });
});
