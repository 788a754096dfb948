import 'reflect-metadata';
import { Actor, ActorStoppedError, Handler, Message, Terminated, type Addr, type Context, type Logger } from '@troupe/core';
import { deferred, newSystem, settle, stopSystems } from './helpers';

afterEach(() => {
  jest.useRealTimers();
  return stopSystems();
});

class Work extends Message<string> {}
class Watch extends Message<void> {
  constructor(readonly target: Addr<unknown>) {
    super();
  }
}

function recorder(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, warn: (m: string) => void warnings.push(m), error: () => undefined };
}

const never = new Promise<never>(() => undefined);

@Actor()
class Watcher {
  constructor(readonly seen: Terminated[]) {}
  @Handler() watch(m: Watch, ctx: Context<Watcher>): void {
    ctx.watch(m.target);
  }
  @Handler() terminated(m: Terminated): void {
    this.seen.push(m);
  }
}

describe('stopping is bounded by shutdownMs (OTP: shutdown timeout, then brutal kill)', () => {
  test('kill() does not wait for a stopped() that never settles longer than shutdownMs; watchers get Terminated', async () => {
    jest.useFakeTimers();
    const logger = recorder();
    const terminated: unknown[] = [];
    @Actor({ shutdownMs: 1_000 })
    class Hangs {
      stopped(): Promise<void> {
        return never;
      }
    }
    const system = newSystem({ logger });
    const hangs = system.spawn(Hangs, { name: 'hangs' });
    const seen: Terminated[] = [];
    const watcher = system.spawn(Watcher, { args: [seen] });
    await watcher.tell(new Watch(hangs));
    system.events.on('actor:stopped', (e) => terminated.push(e.path));
    await settle();
    let done = false;
    void hangs.kill().then(() => (done = true));
    await jest.advanceTimersByTimeAsync(999);
    expect(done).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    expect(done).toBe(true);
    expect(terminated).toEqual(['/user/hangs']);
    await settle();
    expect(seen.map((t) => t.actor)).toEqual([hangs]);
    expect(logger.warnings).toEqual([expect.stringMatching(/\/user\/hangs: stopped\(\) did not settle within 1000 ms/)]);
  });

  test('addr.stop() of an actor whose handler never settles kills it after shutdownMs and warns, naming it', async () => {
    jest.useFakeTimers();
    const logger = recorder();
    @Actor()
    class Busy {
      @Handler() work(_: Work): Promise<string> {
        return never;
      }
    }
    const busy = newSystem({ logger }).spawn(Busy, { name: 'busy', shutdownMs: 2_000 });
    const inflight = busy.send(new Work(), { timeoutMs: Infinity }).catch((e: unknown) => e);
    await settle();
    let stopped = false;
    void busy.stop().then(() => (stopped = true));
    await jest.advanceTimersByTimeAsync(1_999);
    expect(stopped).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    expect(stopped).toBe(true);
    expect(await inflight).toBeInstanceOf(ActorStoppedError);
    expect(logger.warnings).toEqual([expect.stringMatching(/\/user\/busy did not stop within 2000 ms \(shutdownMs\); killing it/)]);
  });

  test('a stopping() hook that never settles is bounded the same way (default 5000 ms)', async () => {
    jest.useFakeTimers();
    @Actor()
    class NeverDecides {
      stopping(): Promise<never> {
        return never;
      }
    }
    const actor = newSystem().spawn(NeverDecides);
    await settle();
    let stopped = false;
    void actor.stop().then(() => (stopped = true));
    await jest.advanceTimersByTimeAsync(4_999);
    expect(stopped).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    expect(stopped).toBe(true);
  });

  test('a veto delays the stop at most shutdownMs, then the actor is killed', async () => {
    jest.useFakeTimers();
    @Actor({ shutdownMs: 500 })
    class Reluctant {
      stopping(): 'continue' {
        return 'continue';
      }
    }
    const system = newSystem();
    const vetoing = system.spawn(Reluctant);
    await settle();
    let stopped = false;
    void vetoing.stop().then(() => (stopped = true));
    await jest.advanceTimersByTimeAsync(499);
    expect(vetoing.isAlive).toBe(true);
    await jest.advanceTimersByTimeAsync(1);
    expect(stopped).toBe(true);
    expect(vetoing.isAlive).toBe(false);
  });

  test('shutdownMs Infinity waits for as long as it takes', async () => {
    jest.useFakeTimers();
    const release = deferred<string>();
    @Actor({ shutdownMs: Infinity })
    class Patient {
      @Handler() work(_: Work): Promise<string> {
        return release.promise;
      }
    }
    const patient = newSystem().spawn(Patient);
    const reply = patient.send(new Work(), { timeoutMs: Infinity });
    await settle();
    const stopping = patient.stop();
    await jest.advanceTimersByTimeAsync(60_000);
    expect(patient.isAlive).toBe(true); // still on its message: the stop waits for it, unbounded
    release.resolve('finished');
    expect(await reply).toBe('finished');
    await stopping;
    expect(patient.isAlive).toBe(false);
  });
});
