import { start, type Demo } from './main';

let demo: Demo | undefined;
afterEach(async () => {
  await demo?.stop();
  demo = undefined;
});

async function get(url: string, token: string): Promise<{ status: number; body: string }> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: await res.text() };
}

test('the supervision tree runs with the inspector on: it prints its URL and shows the tree, its traffic and its restarts', async () => {
  const lines: string[] = [];
  demo = await start({ port: 0, jobsPerSecond: 200, log: (line) => lines.push(line) });
  const { inspector, token } = demo;
  expect(lines[0]).toBe(`inspector: ${inspector.url}`);
  expect(inspector.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/\\?token=${token}$`));
  expect(lines[1]).toContain(`Authorization: Bearer ${token}`);

  const origin = new URL(inspector.url).origin;
  expect((await fetch(`${origin}/api/tree`)).status).toBe(401);

  const tree = JSON.parse((await get(`${origin}/api/tree`, token)).body) as { actors: { path: string; class: string }[] };
  expect(tree.actors.map((a) => a.path)).toEqual(
    expect.arrayContaining([
      '/user/service',
      '/user/service/pool',
      '/user/service/pool/conn0',
      '/user/service/pool/conn3',
      '/user/service/pipeline',
      '/user/service/pipeline/reader',
      '/user/service/pipeline/parser',
      '/user/service/pipeline/writer',
    ]),
  );
  expect(tree.actors.find((a) => a.path === '/user/service/pipeline/writer')!.class).toBe('Writer');

  // Traffic flows and the injected faults restart actors: both show in /metrics.
  const deadline = Date.now() + 15_000;
  let metrics = '';
  const sample = (name: string, cls: string): number => Number(new RegExp(`^${name}\\{system="supervision-tree",class="${cls}"\\} (\\d+)$`, 'm').exec(metrics)?.[1] ?? NaN);
  do {
    await new Promise((resolve) => setTimeout(resolve, 200));
    metrics = (await get(`${origin}/metrics`, token)).body;
  } while (Date.now() < deadline && !(sample('troupe_restarts_total', 'Connection') > 0 && sample('troupe_messages_total', 'Writer') > 50));
  expect(sample('troupe_actors', 'Connection')).toBe(4);
  expect(sample('troupe_messages_total', 'Writer')).toBeGreaterThan(50);
  expect(sample('troupe_restarts_total', 'Connection')).toBeGreaterThan(0);

  const report = await demo.stop();
  demo = undefined;
  expect(report.written).toBe(report.accepted);
  expect(lines[lines.length - 1]).toBe(`jobs: ${report.accepted} accepted, ${report.accepted} written`);
}, 30_000);
