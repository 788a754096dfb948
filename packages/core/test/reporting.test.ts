import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { Actor, ActorSystem, Handler, Message, silentLogger } from '@troupe/core';
import { settle } from './helpers';

class Boom extends Message<void> {}
class Ask extends Message<string> {}

@Actor()
class Fails {
  @Handler() boom(_: Boom): void {
    throw new TypeError('bad state');
  }
}

@Actor({ reportFailures: 'unseen' })
class Refuses {
  @Handler() ask(_: Ask): string {
    throw new RangeError('refused by protocol');
  }
  @Handler() boom(_: Boom): void {
    throw new TypeError('bad state');
  }
}

describe('failures are visible by default', () => {
  let consoleError: jest.SpyInstance;
  beforeEach(() => (consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined)));
  afterEach(() => consoleError.mockRestore());

  test('the default logger reports a failed tell: path, message class, the error with its stack', async () => {
    const system = new ActorSystem();
    const actor = system.spawn(Fails, { name: 'fails' });
    await actor.tell(new Boom());
    await settle();
    expect(consoleError).toHaveBeenCalledWith('[troupe] /user/fails failed handling Boom', expect.any(TypeError));
    const error = consoleError.mock.calls[0][1] as Error;
    expect(error.stack).toMatch(/bad state/);
    await system.shutdown();
  });

  test('silentLogger says nothing', async () => {
    const system = new ActorSystem({ logger: silentLogger });
    await system.spawn(Fails).tell(new Boom());
    await settle();
    expect(consoleError).not.toHaveBeenCalled();
    await system.shutdown();
  });

  test("reportFailures: 'unseen' leaves out failures the caller of send receives, and still reports the others", async () => {
    const system = new ActorSystem();
    const actor = system.spawn(Refuses, { name: 'refuses' });
    await expect(actor.send(new Ask())).rejects.toThrow('refused by protocol');
    await settle();
    expect(consoleError).not.toHaveBeenCalled();
    await actor.tell(new Boom());
    await settle();
    expect(consoleError).toHaveBeenCalledWith('[troupe] /user/refuses failed handling Boom', expect.any(TypeError));
    await system.shutdown();
  });
});

describe('a pending send keeps the process alive until it settles', () => {
  test('a script awaiting a slow actor waits for the reply instead of exiting silently', () => {
    const core = path.resolve(__dirname, '../dist/index.js');
    const script = `
      require('reflect-metadata');
      const { Actor, ActorSystem, Handler, Message, silentLogger } = require(${JSON.stringify(core)});
      class Slow extends Message {}
      class Sleeper { slow() { return new Promise((r) => setTimeout(() => r('late reply'), 300).unref()); } }
      Handler(Slow)(Sleeper.prototype, 'slow', Object.getOwnPropertyDescriptor(Sleeper.prototype, 'slow'));
      Actor()(Sleeper);
      const system = new ActorSystem({ logger: silentLogger });
      const sleeper = system.spawn(Sleeper);
      sleeper.send(new Slow(), { timeoutMs: Infinity }).then((r) => console.log('got', r));
      sleeper.send(new Slow(), { timeoutMs: 100 }).catch((e) => console.log('second:', e.name));
    `;
    const out = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 10_000 });
    expect(out.trim().split('\n')).toEqual(['second: TimeoutError', 'got late reply']);
  });

  test('once every send has settled, nothing of them keeps the process alive', () => {
    const core = path.resolve(__dirname, '../dist/index.js');
    const script = `
      require('reflect-metadata');
      const { Actor, ActorSystem, Handler, Message, silentLogger } = require(${JSON.stringify(core)});
      class Quick extends Message {}
      class Echo { quick() { return 'ok'; } }
      Handler(Quick)(Echo.prototype, 'quick', Object.getOwnPropertyDescriptor(Echo.prototype, 'quick'));
      Actor()(Echo);
      const system = new ActorSystem({ logger: silentLogger });
      const echo = system.spawn(Echo);
      const started = Date.now();
      process.on('exit', () => console.log(Date.now() - started < 5000 ? 'exited at once' : 'held'));
      (async () => { for (let i = 0; i < 1000; i++) await echo.send(new Quick(), { timeoutMs: 60000 + (i % 3) }); })();
    `;
    const out = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 20_000 });
    expect(out.trim()).toBe('exited at once');
  });
});
