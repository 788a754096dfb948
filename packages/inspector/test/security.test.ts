import type { Snapshot } from '@troupe/inspector';
import { closeInspectors, EventStream, Fail, get, newSystem, Orphan, origin, startInspector, stopSystems, until, Worker } from './helpers';

afterEach(async () => {
  await closeInspectors();
  await stopSystems();
});

const ROUTES = ['/', '/index.html', '/app.js', '/style.css', '/favicon.svg', '/api/tree', '/api/events', '/metrics', '/no-such-page'];
const TOKEN = 's3cret-token';

describe('the token', () => {
  test('guards every route: 401 without it or with a wrong one', async () => {
    const system = newSystem();
    const inspector = await startInspector(system, { token: TOKEN });
    for (const route of ROUTES) {
      const attempts: Record<string, string>[] = [{}, { authorization: 'Bearer wrong' }, { authorization: TOKEN }, { cookie: `troupe_inspector_${inspector.port}=wrong` }];
      for (const headers of attempts) {
        const reply = await get(origin(inspector) + route, { headers });
        expect([route, reply.status]).toEqual([route, 401]);
        expect(reply.headers['www-authenticate']).toBe('Bearer realm="troupe-inspector"');
        expect(reply.body).not.toContain('troupe_');
      }
      expect((await get(`${origin(inspector)}${route}?token=wrong`)).status).toBe(401);
    }
  });

  test('opens every route with `Authorization: Bearer`', async () => {
    const system = newSystem();
    const inspector = await startInspector(system, { token: TOKEN });
    for (const route of ROUTES.filter((r) => r !== '/api/events' && r !== '/no-such-page')) {
      expect([route, (await get(origin(inspector) + route, { headers: { authorization: `Bearer ${TOKEN}` } })).status]).toEqual([route, 200]);
    }
    const stream = await EventStream.open(`${origin(inspector)}/api/events`, { authorization: `Bearer ${TOKEN}` });
    expect(stream.status).toBe(200);
    expect((await stream.next()).event).toBe('snapshot');
    stream.close();
    expect((await get(`${origin(inspector)}/no-such-page`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(404);
  });

  test('in the page URL it becomes an HttpOnly cookie, and leaves the address bar', async () => {
    const system = newSystem();
    const inspector = await startInspector(system, { token: TOKEN });
    expect(inspector.url).toBe(`http://127.0.0.1:${inspector.port}/?token=${TOKEN}`);
    const reply = await get(inspector.url);
    expect(reply.status).toBe(303);
    expect(reply.headers.location).toBe('/');
    const cookie = reply.headers['set-cookie']![0];
    expect(cookie).toBe(`troupe_inspector_${inspector.port}=${TOKEN}; Path=/; HttpOnly; SameSite=Strict`);
    const jar = cookie.split(';')[0];
    for (const route of ['/', '/app.js', '/api/tree', '/metrics']) {
      expect([route, (await get(origin(inspector) + route, { headers: { cookie: `other=1; ${jar}` } })).status]).toEqual([route, 200]);
    }
    // On other routes the query works as it is (for tools that cannot set a header).
    expect((await get(`${origin(inspector)}/metrics?token=${TOKEN}`)).status).toBe(200);
  });
});

describe('what the inspector shows', () => {
  test('an actor named <script> is shown as text: escaped in JSON, never in the HTML', async () => {
    const system = newSystem();
    const names = ['<script>', '<img src=x onerror=alert(1)>&amp;'];
    const hostile = system.spawn(Worker, { name: names[0] });
    system.spawn(Worker, { name: names[1] });
    await hostile.send(new Fail(new Error('</script><script>alert(2)</script>'))).catch(() => undefined);
    await until(() => hostile.isAlive);
    const inspector = await startInspector(system);

    const reply = await get(`${origin(inspector)}/api/tree`);
    expect(reply.body).not.toMatch(/[<>]/);
    expect(reply.body).toContain('\\u003cscript\\u003e');
    const snapshot = JSON.parse(reply.body) as Snapshot;
    expect(snapshot.actors.map((a) => a.name)).toEqual(names);
    expect(snapshot.actors[0].lastFailure!.message).toBe('</script><script>alert(2)</script>');

    const stream = await EventStream.open(`${origin(inspector)}/api/events`);
    expect((await stream.next()).data.actors.map((a: { name: string }) => a.name)).toEqual(names);
    stream.close();

    const page = await get(`${origin(inspector)}/`);
    expect(page.body).not.toContain('alert');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    // The page's script writes only through textContent and properties, never HTML.
    const script = (await get(`${origin(inspector)}/app.js`)).body;
    expect(script).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/);
  });

  test('payloads are never shown unless showPayloads: dead letters and thrown values by class only', async () => {
    const system = newSystem();
    const worker = system.spawn(Worker, { name: 'w' });
    const inspector = await startInspector(system);
    const stream = await EventStream.open(`${origin(inspector)}/api/events`);
    await stream.next();
    await worker.tell(new Orphan('card-4111-1111'));
    await worker.send(new Fail({ password: 'hunter2' })).catch(() => undefined);
    const update = await stream.until((e) => e.data.tail?.some((t: { kind: string }) => t.kind === 'failure'));
    const everything = JSON.stringify(stream.events) + (await get(`${origin(inspector)}/api/tree`)).body;
    expect(everything).not.toContain('card-4111');
    expect(everything).not.toContain('hunter2');
    const tail = [...stream.events.flatMap((e) => e.data.tail ?? [])];
    expect(tail).toContainEqual(expect.objectContaining({ kind: 'deadletter', path: '/user/w', message: 'Orphan', reason: 'unhandled' }));
    expect(tail.find((t) => t.kind === 'deadletter').payload).toBeUndefined();
    expect(tail).toContainEqual(expect.objectContaining({ kind: 'failure', path: '/user/w', error: { name: 'Object', message: 'a thrown Object (not an Error)' } }));
    expect(update.data.tail.length).toBeGreaterThan(0);
    stream.close();
  });

  test('with showPayloads: true, payloads are shown (bounded)', async () => {
    const system = newSystem();
    const worker = system.spawn(Worker, { name: 'w' });
    const inspector = await startInspector(system, { showPayloads: true });
    await worker.tell(new Orphan('card-4111-1111'));
    await worker.tell(new Orphan('x'.repeat(10_000)));
    await until(() => system.deadLetters.count === 2);
    const snapshot = JSON.parse((await get(`${origin(inspector)}/api/tree`)).body) as Snapshot;
    expect(snapshot.showPayloads).toBe(true);
    expect(snapshot.tail[0].payload).toContain('card-4111-1111');
    expect(snapshot.tail[1].payload!.length).toBeLessThan(2_100);
  });
});

describe('requests', () => {
  test('only GET and HEAD', async () => {
    const system = newSystem();
    const inspector = await startInspector(system);
    for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS']) {
      const reply = await get(`${origin(inspector)}/api/tree`, { method });
      expect([method, reply.status, reply.headers.allow]).toEqual([method, 405, 'GET, HEAD']);
    }
  });

  test('bound to loopback, a Host header of another name is refused (DNS rebinding)', async () => {
    const system = newSystem();
    const inspector = await startInspector(system, { allowedHosts: ['inspector.internal'] });
    const port = inspector.port;
    expect((await get(`${origin(inspector)}/api/tree`, { headers: { host: `evil.example:${port}` } })).status).toBe(403);
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, 'inspector.internal']) {
      expect([host, (await get(`${origin(inspector)}/api/tree`, { headers: { host } })).status]).toEqual([host, 200]);
    }
  });

  test('binds 127.0.0.1 unless told otherwise', async () => {
    const system = newSystem();
    const inspector = await startInspector(system);
    expect(inspector.url).toBe(`http://127.0.0.1:${inspector.port}/`);
    const server = (inspector as unknown as { server: import('node:http').Server }).server;
    expect(server.address()).toMatchObject({ address: '127.0.0.1' });
  });

  test('at most maxClients open streams: one more gets 503', async () => {
    const system = newSystem();
    const inspector = await startInspector(system, { maxClients: 2 });
    const a = await EventStream.open(`${origin(inspector)}/api/events`);
    const b = await EventStream.open(`${origin(inspector)}/api/events`);
    const reply = await get(`${origin(inspector)}/api/events`);
    expect(reply.status).toBe(503);
    a.close();
    await until(() => (inspector as unknown as { hub: { size: number } }).hub.size === 1, 'the stream to close', 100_000);
    const c = await EventStream.open(`${origin(inspector)}/api/events`);
    expect(c.status).toBe(200);
    b.close();
    c.close();
  });
});
