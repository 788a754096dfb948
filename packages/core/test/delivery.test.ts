import { setImmediate as realSetImmediate } from 'node:timers';
import {
  Actor,
  ActorConfigError,
  Addr,
  Context,
  Handler,
  InvalidMessageError,
  Message,
  type DeadLetter,
} from '@troupe/core';
import { deferred, newSystem, settle, stopSystems } from './helpers';

afterEach(stopSystems);

class Known extends Message<string> {}
class Other extends Message<number> {
  constructor(readonly n = 0) {
    super();
  }
}
class Unknown extends Message<void> {
  constructor(readonly why = 'nobody handles me') {
    super();
  }
}

describe('dead letters, recipients and fairness', () => {
  test('a tell that no handler takes settles and goes to dead letters as "unhandled"', async () => {
    @Actor()
    class Narrow {
      @Handler() known(_: Known): string {
        return 'k';
      }
    }
    const system = newSystem();
    const letters: DeadLetter[] = [];
    const forwarded: DeadLetter[] = [];
    system.deadLetters.on('deadletter', (l) => letters.push(l));
    system.events.on('deadletter', (l) => forwarded.push(l));
    const addr = system.spawn(Narrow, { name: 'narrow' });
    const message = new Unknown();
    await addr.tell(message as never);
    await settle();
    expect(letters).toEqual([{ message, messageClass: 'Unknown', path: '/user/narrow', reason: 'unhandled' }]);
    expect(letters[0].message).toBe(message);
    expect(forwarded).toEqual(letters);
    expect(system.deadLetters.count).toBe(1);
  });

  test('a Recipient takes only its message class and forwards it to the actor', async () => {
    @Actor()
    class Both {
      @Handler() known(_: Known): string {
        return 'known';
      }
      @Handler() other(m: Other): number {
        return m.n + 1;
      }
    }
    const addr = newSystem().spawn(Both, { name: 'both' });
    const recipient = addr.recipient(Other);
    expect(recipient.path).toBe('/user/both');
    expect(await recipient.send(new Other(41))).toBe(42);
    expect(() => recipient.doSend(new Known() as unknown as Other)).toThrow(InvalidMessageError);
    expect(() => recipient.doSend(new Known() as unknown as Other)).toThrow(/takes Other only/);
    await expect(recipient.tell(new Known() as unknown as Other)).rejects.toBeInstanceOf(InvalidMessageError);
  });

  test('@Actor({ concurrency }) caps reentrant handlers in flight; the rest wait in the mailbox', async () => {
    const gates = [deferred(), deferred(), deferred(), deferred()];
    let inFlight = 0;
    let peak = 0;
    @Actor({ concurrency: 2 })
    class Pool {
      @Handler({ reentrant: true }) async work(m: Other): Promise<number> {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await gates[m.n].promise;
        inFlight--;
        return m.n;
      }
    }
    const addr = newSystem().spawn(Pool);
    const replies = [0, 1, 2, 3].map((n) => addr.send(new Other(n)));
    await settle();
    expect(inFlight).toBe(2);
    expect(addr.queued).toBe(2);
    gates[1].resolve();
    await settle();
    expect(inFlight).toBe(2);
    expect(addr.queued).toBe(1);
    for (const g of gates) g.resolve();
    expect(await Promise.all(replies)).toEqual([0, 1, 2, 3]);
    expect(peak).toBe(2);
  });

  test('ctx.restartChild refuses an actor that is not its child', async () => {
    let error: unknown;
    class Try extends Message<void> {
      constructor(readonly target: Addr<unknown>) {
        super();
      }
    }
    @Actor()
    class Meddler {
      @Handler() try(m: Try, ctx: Context<Meddler>): void {
        try {
          ctx.restartChild(m.target);
        } catch (e) {
          error = e;
        }
      }
    }
    @Actor()
    class Stranger {}
    const system = newSystem();
    const stranger = system.spawn(Stranger, { name: 'stranger' });
    await system.spawn(Meddler, { name: 'meddler' }).tell(new Try(stranger as Addr<unknown>));
    await settle();
    expect(error).toBeInstanceOf(ActorConfigError);
    expect((error as Error).message).toBe('restartChild: /user/stranger is not a child of /user/meddler');
  });

  test('actors bouncing messages forever do not starve timers or I/O', async () => {
    class Ball extends Message<void> {}
    class Partner extends Message<void> {
      constructor(readonly partner: Addr<Player>) {
        super();
      }
    }
    let bounces = 0;
    @Actor()
    class Player {
      private partner?: Addr<Player>;
      @Handler() setPartner(m: Partner): void {
        this.partner = m.partner;
      }
      @Handler() ball(_: Ball): void {
        bounces++;
        this.partner!.doSend(new Ball());
      }
    }
    const system = newSystem();
    const a = system.spawn(Player);
    const b = system.spawn(Player);
    await a.tell(new Partner(b));
    await b.tell(new Partner(a));
    a.doSend(new Ball());
    await new Promise<void>((resolve) => setTimeout(resolve, 20)); // a real timer must still fire
    await new Promise<void>((resolve) => realSetImmediate(resolve));
    expect(bounces).toBeGreaterThan(1000);
    await a.kill();
    await b.kill();
  });
});
