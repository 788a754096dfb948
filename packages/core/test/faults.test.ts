import 'reflect-metadata';
import { Actor, ActorSystem, Handler, InvalidMessageError, Message, type Logger } from '@troupe/core';
import { RingScheduler } from '@troupe/core/internal';
import { newSystem, settle, stopSystems } from './helpers';

afterEach(stopSystems);

class Ping extends Message<string> {}
class Note extends Message<void> {}

@Actor()
class Echo {
  @Handler() ping(_: Ping): string {
    return 'pong';
  }
  @Handler() note(_: Note): void {}
}

/** A logger that records what it is told. */
function recorder(): Logger & { errors: unknown[][]; warnings: unknown[][] } {
  const errors: unknown[][] = [];
  const warnings: unknown[][] = [];
  return {
    errors,
    warnings,
    error: (...args: unknown[]) => void errors.push(args),
    warn: (...args: unknown[]) => void warnings.push(args),
  };
}

describe('nothing a user supplies can stop the runtime', () => {
  test('a system.events listener that throws on actor:started is reported; every actor keeps running', async () => {
    const logger = recorder();
    const system = newSystem({ logger });
    system.events.on('actor:started', () => {
      throw new Error('listener bug');
    });
    const a = system.spawn(Echo);
    const b = system.spawn(Echo);
    expect(await a.send(new Ping())).toBe('pong');
    expect(await b.send(new Ping())).toBe('pong');
    expect(logger.errors.map((e) => String(e[0]))).toContainEqual(expect.stringMatching(/system.events listener for 'actor:started' threw/));
  });

  test('a dead-letter listener that throws is reported; tells still settle and other systems are untouched', async () => {
    const logger = recorder();
    const system = newSystem({ logger });
    const other = newSystem();
    system.events.on('deadletter', () => {
      throw new Error('listener bug');
    });
    system.deadLetters.on('deadletter', () => {
      throw new Error('listener bug too');
    });
    const gone = system.spawn(Echo);
    await gone.stop();
    await expect(gone.tell(new Note())).resolves.toBeUndefined();
    gone.doSend(new Note());
    const alive = system.spawn(Echo);
    const elsewhere = other.spawn(Echo);
    expect(await alive.send(new Ping())).toBe('pong');
    expect(await elsewhere.send(new Ping())).toBe('pong');
    expect(system.deadLetters.count).toBe(2);
    expect(logger.errors.length).toBe(4);
  });

  test('a message whose constructor was overwritten is refused at the call by every verb', async () => {
    const system = newSystem();
    const echo = system.spawn(Echo, { name: 'echo' });
    const broken = new Ping();
    Object.defineProperty(broken, 'constructor', { value: null });
    const throwing = new Ping();
    Object.defineProperty(throwing, 'constructor', {
      get() {
        throw new Error('boom');
      },
    });
    for (const message of [broken, throwing]) {
      await expect(echo.send(message)).rejects.toBeInstanceOf(InvalidMessageError);
      await expect(echo.tell(message)).rejects.toBeInstanceOf(InvalidMessageError);
      expect(() => echo.trySend(message)).toThrow(InvalidMessageError);
      expect(() => echo.doSend(message)).toThrow(InvalidMessageError);
    }
    await expect(echo.send(broken)).rejects.toThrow(/constructor property is null, not its class \(sending to \/user\/echo\)/);
    expect(echo.queued).toBe(0);
    expect(await echo.send(new Ping())).toBe('pong');
  });

  test('a logger that throws is caught: the failure is still handled and shown on the console', async () => {
    const consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const throwingLogger: Logger = {
      warn: () => {
        throw new Error('logger down');
      },
      error: () => {
        throw new Error('logger down');
      },
    };
    @Actor()
    class Fragile {
      @Handler() ping(_: Ping): string {
        throw new Error('handler failed');
      }
      @Handler() note(_: Note): void {}
    }
    const system = newSystem({ logger: throwingLogger });
    const fragile = system.spawn(Fragile, { name: 'fragile' });
    await expect(fragile.send(new Ping())).rejects.toThrow('handler failed');
    await fragile.tell(new Note()); // restarted, and still serving
    await settle();
    expect(fragile.isAlive).toBe(true);
    expect(consoleError).toHaveBeenCalledWith(
      expect.stringMatching(/the logger's error\(\) threw while reporting: \/user\/fragile failed handling Ping/),
      expect.any(Error),
      expect.any(Error),
    );
    consoleError.mockRestore();
  });

  test('a run that throws (a defect) is reported and the run queue goes on; other systems are untouched', async () => {
    const reports: unknown[] = [];
    const scheduler = new RingScheduler((error) => reports.push(error));
    const ran: string[] = [];
    scheduler.schedule({
      run() {
        throw new Error('a defect');
      },
    });
    scheduler.schedule({ run: () => void ran.push('second') });
    const other = newSystem().spawn(Echo);
    expect(await other.send(new Ping())).toBe('pong');
    await settle();
    expect(ran).toEqual(['second']);
    expect(reports).toEqual([new Error('a defect')]);
  });

  test('each system has its own run queue and clock', () => {
    const a = new ActorSystem();
    const b = new ActorSystem();
    expect(a.scheduler).not.toBe(b.scheduler);
    expect(a.deadlines).not.toBe(b.deadlines);
  });
});
