// The inspector's page in headless Chromium (Debian's `chromium`, driven by playwright-core, as
// the docs site's test does): it sees the live actors, a newly spawned actor and a failure appear
// without a reload, filters, copes with 10 000 actors, shows a hostile name as text, and logs no
// console error. Saves docs/test-artifacts/inspector.png; with UPDATE_SCREENSHOTS=1 also the
// docs page's copy, docs/public/screenshots/inspector.png.
//
// Without Chromium (CHROMIUM_PATH, default /usr/bin/chromium) the test is skipped, except in CI
// (CI=true), where that is a failure: `.ci/run` installs Debian's `chromium` package.
import { copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { Actor, Handler, Message, type Addr, type Context } from '@troupe/core';
import { cellOf } from '@troupe/core/internal';
import type { Inspector } from '@troupe/inspector';
import { closeInspectors, Fail, newSystem, startInspector, stopSystems, Work, Worker } from './helpers';
import { startScene } from './scene';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const inCI = process.env.CI === 'true' || process.env.CI === '1';
const noChromium = !existsSync(chromiumPath);
if (noChromium && inCI) {
  throw new Error(
    `Chromium not found at ${chromiumPath}, and CI=${process.env.CI}: the inspector's browser test must run in CI. ` +
      'Install it with `apt-get install -y chromium` (or set CHROMIUM_PATH).',
  );
}
if (noChromium) console.warn(`Chromium not found at ${chromiumPath}: the inspector's browser test is skipped (not in CI).`);

const repo = join(__dirname, '..', '..', '..');
const artifacts = join(repo, 'docs', 'test-artifacts');
const TOKEN = 'browser-test-token';

let browser: Browser;
const scenes: { stop(): void; gate(): void }[] = [];

beforeAll(async () => {
  if (noChromium) return;
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

afterEach(async () => {
  for (const scene of scenes.splice(0)) {
    scene.stop();
    scene.gate();
  }
  await closeInspectors();
  await stopSystems();
});

/** A page that records console errors, page errors, failed requests and dialogs (an XSS would open one). */
async function openPage(inspector: Inspector): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 860 } });
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`));
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  // The rows really on screen (a pooled row out of use is hidden with display: none).
  await page.addInitScript('window.shown = () => [...document.querySelectorAll("#rows .row")].filter((r) => r.offsetParent !== null)');
  await page.goto(inspector.url, { waitUntil: 'load' });
  return { page, problems };
}

// What the callbacks of page.evaluate and waitForFunction see in the page (this file is compiled
// without the DOM types): the window's marks, and the rows the page shows, read by `shown()`, which
// the page defines first (see openPage).
interface PageRow {
  readonly textContent: string | null;
  querySelector(selector: string): PageRow | null;
}
declare const window: { marker?: number; xss?: number };
declare function shown(): PageRow[];

/** The visible row of the actor named `name` (by its name cell's exact text). */
const row = (page: Page, name: string) =>
  page.locator('#rows .row:visible').filter({ has: page.locator('.name', { hasText: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }) });

const shownNames = (page: Page): Promise<string[]> =>
  page.locator('#rows .row:visible .name').evaluateAll((els) => els.map((e) => e.textContent ?? ''));

const describeBrowser = noChromium ? describe.skip : describe;

describeBrowser('the inspector page in Chromium', () => {
  test('shows the live tree, a new actor and a failure without a reload, filters, and logs no error', async () => {
    const system = newSystem({ name: 'shop' });
    const scene = startScene(system);
    scenes.push(scene);
    const inspector = await startInspector(system, { token: TOKEN, intervalMs: 250 });
    const { page, problems } = await openPage(inspector);

    // The token moved from the address into a cookie; the page is live.
    expect(new URL(page.url()).search).toBe('');
    await page.locator('#status.live').waitFor();
    await row(page, 'conn3').waitFor();
    for (const name of ['gateway', 'conn0', 'orders', 'reader', 'parser', 'writer', 'cache', 'ledger']) await row(page, name).waitFor();
    await expect(row(page, 'ledger').locator('.c-mailbox').innerText()).resolves.toContain('7 / 10');
    await expect(row(page, 'conn0').locator('.c-class').innerText()).resolves.toBe('Connection');
    await expect(page.locator('#system').innerText()).resolves.toBe('shop');
    await page.waitForFunction(() => shown().some((r) => Number(r.querySelector('.c-rate')!.textContent) > 0));
    await page.evaluate(() => (window.marker = 42));

    // A hostile name is text: no element made of it, no script run.
    const hostile = '<img src=x onerror="window.xss=1">';
    const intruder = system.spawn(Worker, { name: hostile });
    await row(page, hostile).waitFor();
    expect(await page.locator('#rows img').count()).toBe(0);
    expect(await page.evaluate(() => window.xss)).toBeUndefined();
    await intruder.stop();
    await row(page, hostile).waitFor({ state: 'detached' });

    // A newly spawned actor appears.
    system.spawn(Worker, { name: 'newcomer' });
    await row(page, 'newcomer').waitFor();
    await expect(row(page, 'newcomer').locator('.c-state').innerText()).resolves.toBe('running');

    // A failure appears in the tree and in the live tail.
    const orders = system.actors.find((a) => a.name === 'orders')!;
    const writer = cellOf(orders).childNamed('writer')!.addr as Addr<Worker>;
    const diskFull = new Error('disk full');
    diskFull.stack = 'Error: disk full\n    at Writer.write (src/orders/writer.ts:42:11)\n    at Writer.flush (src/orders/writer.ts:57:5)';
    await writer.send(new Fail(diskFull)).catch(() => undefined);
    await row(page, 'writer').locator('.c-failure', { hasText: 'Error: disk full' }).waitFor();
    await page.locator('#tail li', { hasText: 'disk full' }).first().waitFor();
    await page.locator('#tail li', { hasText: '/user/orders/writer' }).first().waitFor();
    await row(page, 'writer').locator('.c-restarts', { hasText: '1' }).waitFor();
    // More for the tail: a dropped connection, and a message to the stopped intruder.
    const conn2 = cellOf(system.actors.find((a) => a.name === 'gateway')!).childNamed('conn2')!.addr as Addr<Worker>;
    await conn2.send(new Fail(new ConnectionReset('peer closed the connection'))).catch(() => undefined);
    await intruder.tell(new Work());
    await page.locator('#tail li', { hasText: 'dead letter' }).first().waitFor();
    await page.locator('#tail li', { hasText: 'ConnectionReset: peer closed the connection' }).first().waitFor();

    // The filter, by path then by class: the matches and their ancestors.
    await page.fill('#filter', 'conn');
    await page.waitForFunction(() => shown().length === 5);
    expect(await shownNames(page)).toEqual(['gateway', 'conn0', 'conn1', 'conn2', 'conn3']);
    await page.fill('#filter', 'stage');
    await page.waitForFunction(() => shown().length === 4);
    expect(await shownNames(page)).toEqual(['orders', 'reader', 'parser', 'writer']);
    await page.fill('#filter', '');
    await row(page, 'newcomer').waitFor();

    // Collapse and expand a subtree.
    await row(page, 'gateway').locator('.toggle').click();
    await row(page, 'conn0').waitFor({ state: 'detached' });
    await expect(row(page, 'gateway').locator('.count').innerText()).resolves.toBe('(4)');
    await row(page, 'gateway').locator('.toggle').click();
    await row(page, 'conn0').waitFor();

    // The selected actor's details: its path and last failure.
    await row(page, 'writer').locator('.name').click();
    await page.locator('#details dd', { hasText: '/user/orders/writer' }).waitFor();
    await page.locator('#details pre', { hasText: 'Error: disk full' }).waitFor();

    expect(await page.evaluate(() => window.marker)).toBe(42); // never reloaded
    mkdirSync(artifacts, { recursive: true });
    const shot = join(artifacts, 'inspector.png');
    await page.waitForTimeout(600); // one more update, for fresh rates
    await page.screenshot({ path: shot });
    expect(statSync(shot).size).toBeGreaterThan(20_000);
    if (process.env.UPDATE_SCREENSHOTS === '1') {
      mkdirSync(join(repo, 'docs', 'public', 'screenshots'), { recursive: true });
      copyFileSync(shot, join(repo, 'docs', 'public', 'screenshots', 'inspector.png'));
    }
    await page.close();
    expect(problems).toEqual([]);
  }, 90_000);

  test('10 000 actors: the page draws only the rows in view, scrolls, filters and stays responsive', async () => {
    const system = newSystem();
    const fan = system.spawn(Fan, { name: 'fan' });
    await fan.send(new SpawnLeaves(10_000));
    const inspector = await startInspector(system, { intervalMs: 200 });
    const started = Date.now();
    const { page, problems } = await openPage(inspector);
    await row(page, 'leaf0').waitFor();
    const loaded = Date.now() - started;
    expect(loaded).toBeLessThan(15_000);
    await expect(page.locator('#shown').innerText()).resolves.toBe('10,001 rows');
    expect(await page.locator('#rows .row').count()).toBeLessThan(150); // virtualised

    // While every leaf changes (messages flow to all of them), the page answers at once.
    const traffic = setInterval(() => fan.doSend(new Poke()), 50);
    try {
      for (let i = 0; i < 5; i++) {
        const asked = Date.now();
        await page.evaluate(() => shown().length);
        expect(Date.now() - asked).toBeLessThan(2_000);
        await page.waitForTimeout(200);
      }
      await page.locator('#viewport').evaluate((v) => (v.scrollTop = v.scrollHeight));
      await row(page, 'leaf9999').waitFor();
      await page.fill('#filter', 'leaf7777');
      await page.waitForFunction(() => shown().length === 2);
      expect(await shownNames(page)).toEqual(['fan', 'leaf7777']);
    } finally {
      clearInterval(traffic);
    }
    await page.close();
    expect(problems).toEqual([]);
  }, 90_000);
});

class ConnectionReset extends Error {
  override readonly name = 'ConnectionReset';
}

class SpawnLeaves extends Message<void> {
  constructor(readonly count: number) {
    super();
  }
}
class Poke extends Message<void> {}

@Actor()
class Leaf {
  @Handler(Poke) poke(): void {}
}

@Actor()
class Fan {
  private readonly leaves: Addr<Leaf>[] = [];
  @Handler(SpawnLeaves) spawn(m: SpawnLeaves, ctx: Context<Fan>): void {
    for (let i = 0; i < m.count; i++) this.leaves.push(ctx.spawn(Leaf, { name: `leaf${i}` }));
  }
  @Handler(Poke) poke(m: Poke): void {
    for (const leaf of this.leaves) leaf.doSend(m);
  }
}
