import { Inspector } from '@troupe/inspector';
import { closeInspectors, EventStream, get, newSystem, origin, startInspector, stopSystems } from './helpers';

afterEach(async () => {
  await closeInspectors();
  await stopSystems();
});

const EVENTS = ['actor:started', 'actor:stopped', 'actor:restarted', 'actor:failed', 'deadletter', 'supervisor:gave-up', 'system:failure'];

function listeners(system: ReturnType<typeof newSystem>): number {
  const events = system.events as unknown as { listenerCount(event: string): number };
  return EVENTS.reduce((n, e) => n + events.listenerCount(e), 0) + system.deadLetters.listenerCount('deadletter');
}

describe('Inspector.start and close', () => {
  test('costs nothing when not started: no listener on the system before start or after close', async () => {
    const system = newSystem();
    expect(listeners(system)).toBe(0);
    const inspector = await Inspector.start(system, { port: 0 });
    expect(listeners(system)).toBeGreaterThan(0);
    // actor:started is not listened to: spawning stays as cheap as without the inspector.
    expect((system.events as unknown as { listenerCount(e: string): number }).listenerCount('actor:started')).toBe(0);
    await inspector.close();
    expect(listeners(system)).toBe(0);
  });

  test('close ends the open streams and stops listening; a second close is the same promise', async () => {
    const system = newSystem();
    const inspector = await Inspector.start(system, { port: 0 });
    const stream = await EventStream.open(`${origin(inspector)}/api/events`);
    await stream.next();
    const closed = inspector.close();
    expect(inspector.close()).toBe(closed);
    await closed;
    await expect(get(`${origin(inspector)}/api/tree`)).rejects.toThrow(/ECONNREFUSED/);
  });

  test('bad options are a rejected promise with a TypeError naming the option', async () => {
    const system = newSystem();
    const bad: [object, RegExp][] = [
      [{ port: -1 }, /port/],
      [{ port: 1.5 }, /port/],
      [{ host: '' }, /host/],
      [{ token: '' }, /token/],
      [{ showPayloads: 'yes' }, /showPayloads/],
      [{ intervalMs: 10 }, /intervalMs/],
      [{ metricsBy: 'actor' }, /metricsBy/],
      [{ maxSeries: 0 }, /maxSeries/],
      [{ maxActors: 0 }, /maxActors/],
      [{ allowedHosts: 'x' }, /allowedHosts/],
    ];
    for (const [options, message] of bad) {
      const started = Inspector.start(system, options as never);
      await expect(started).rejects.toThrow(TypeError);
      await expect(started).rejects.toThrow(message);
    }
    await expect(Inspector.start(null as never)).rejects.toThrow(/system must be an ActorSystem/);
  });

  test('a port in use is a rejected promise with the listen error', async () => {
    const system = newSystem();
    const first = await startInspector(system);
    const before = listeners(system);
    await expect(Inspector.start(system, { port: first.port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
    expect(listeners(system)).toBe(before); // the failed one subscribed to nothing
  });

  test('serves the page, its script, its style and its icon with their types', async () => {
    const system = newSystem();
    const inspector = await startInspector(system);
    const types: [string, string][] = [
      ['/', 'text/html; charset=utf-8'],
      ['/app.js', 'text/javascript; charset=utf-8'],
      ['/style.css', 'text/css; charset=utf-8'],
      ['/favicon.svg', 'image/svg+xml'],
    ];
    for (const [route, type] of types) {
      const reply = await get(origin(inspector) + route);
      expect([route, reply.status, reply.headers['content-type']]).toEqual([route, 200, type]);
      expect(reply.headers['cache-control']).toBe('no-store');
    }
    expect((await get(`${origin(inspector)}/`)).body).toContain('<script src="/app.js" defer></script>');
  });
});
