// The documentation site, tested as a reader would use it:
//   builds the site (API reference + VitePress), serves docs/.vitepress/dist on 127.0.0.1,
//   opens it in headless Chromium, visits every page reachable from the home page, the nav and
//   the sidebar, and fails on any console error, page error, failed asset or broken internal
//   link (a 404, or an #anchor that is not on its page), and on any built page that no link
//   reaches; checks that the local search finds
//   "supervisor"; saves screenshots of the home page and of a guide in docs/test-artifacts/.
//
//   npm run -w docs test:site          (DOCS_SKIP_BUILD=1 reuses the last build)
//
// Without Chromium (CHROMIUM_PATH, default /usr/bin/chromium) the test is skipped, except in CI
// (CI=true), where that is a failure: `.ci/run` installs Debian's `chromium` package.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';

const docs = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(docs, '.vitepress', 'dist');
const artifacts = join(docs, 'test-artifacts');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const inCI = process.env.CI === 'true' || process.env.CI === '1';
const noChromium = !existsSync(chromiumPath);

if (noChromium && inCI) {
  throw new Error(
    `Chromium not found at ${chromiumPath}, and CI=${process.env.CI}: the docs browser test must run in CI. ` +
      'Install it with `apt-get install -y chromium` (or set CHROMIUM_PATH).',
  );
}
const skip = noChromium
  ? `Chromium not found at ${chromiumPath}; install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH. Skipped (not in CI).`
  : false;

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/** A static server for the built site, as a host would serve it: /x -> x.html, /x/ -> x/index.html. */
function serve(root) {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
    if (path.includes('..')) return void res.writeHead(400).end();
    const candidates = path.endsWith('/') ? [join(root, path, 'index.html')] : [join(root, path), join(root, `${path}.html`)];
    const file = candidates.find((f) => existsSync(f) && statSync(f).isFile());
    if (file === undefined) {
      res.writeHead(404, { 'content-type': TYPES['.html'] });
      return void res.end(existsSync(join(root, '404.html')) ? readFileSync(join(root, '404.html')) : 'not found');
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** The built pages, as paths relative to `root` (without 404.html). */
function htmlFiles(root, dir = '') {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = dir ? `${dir}/${e.name}` : e.name;
    if (e.isDirectory()) return rel === 'assets' ? [] : htmlFiles(root, rel);
    return e.name.endsWith('.html') && rel !== '404.html' ? [rel] : [];
  });
}

describe('the documentation site in a browser', { skip }, () => {
  let server;
  let browser;
  let origin;
  /** Every page visited: path -> { status, anchors (ids on the page), links (internal hrefs) }. */
  const visited = new Map();
  const problems = [];

  before(async () => {
    if (process.env.DOCS_SKIP_BUILD !== '1' || !existsSync(join(dist, 'index.html'))) {
      const build = spawnSync('npm', ['run', 'docs:build'], { cwd: docs, stdio: 'inherit' });
      assert.equal(build.status, 0, 'the site must build: `npm run -w docs docs:build`');
    }
    server = await serve(dist);
    origin = `http://127.0.0.1:${server.address().port}`;
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: [
        '--no-sandbox',
        '--headless',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });

  after(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
  });

  /** Opens a fresh page that records console errors, page errors and failed requests. */
  async function openPage(width = 1440, height = 900) {
    const page = await browser.newPage({ viewport: { width, height } });
    const errors = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console error: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
    page.on('requestfailed', (r) => {
      // ERR_ABORTED: a prefetch of a linked page cut short by our own navigation, not a failure.
      const reason = r.failure()?.errorText ?? '';
      if (r.url().startsWith(origin) && !reason.includes('ERR_ABORTED')) errors.push(`request failed: ${r.url()} (${reason})`);
    });
    page.on('response', (r) => {
      if (r.url().startsWith(origin) && r.status() >= 400 && r.request().resourceType() !== 'document') {
        errors.push(`HTTP ${r.status()} for ${r.url()}`);
      }
    });
    return { page, errors };
  }

  it('visits every page without a console error or a broken link', async () => {
    const queue = ['/'];
    const seen = new Set(queue);
    const { page, errors } = await openPage();
    while (queue.length > 0) {
      const path = queue.shift();
      errors.length = 0;
      const response = await page.goto(origin + path, { waitUntil: 'load' });
      const status = response?.status() ?? 0;
      // Wait until Vue has mounted (hydrated) the page, then a moment for late errors.
      await page.waitForFunction(() => Boolean(document.querySelector('#app')?.__vue_app__), null, { timeout: 15_000 });
      await page.waitForTimeout(100);
      const { anchors, links } = await page.evaluate(() => ({
        anchors: [...document.querySelectorAll('[id]')].map((e) => e.id),
        links: [...document.querySelectorAll('a[href]')].map((a) => a.href),
      }));
      visited.set(path, { status, anchors: new Set(anchors) });
      for (const e of errors) problems.push(`${path}: ${e}`);
      for (const href of links) {
        const url = new URL(href);
        if (url.origin !== origin) continue;
        const target = url.pathname;
        (visited.get(path).links ??= []).push({ target, hash: decodeURIComponent(url.hash.slice(1)) });
        if (!seen.has(target)) {
          seen.add(target);
          queue.push(target);
        }
      }
    }
    await page.close();

    for (const [path, { status, links = [] }] of visited) {
      if (status !== 200) problems.push(`${path}: HTTP ${status} (linked from ${referrers(path).join(', ') || 'nowhere'})`);
      for (const { target, hash } of links) {
        const page = visited.get(target);
        if (hash && page?.status === 200 && !page.anchors.has(hash)) problems.push(`${path}: link to ${target}#${hash}: no such anchor`);
      }
    }
    // Every page the build produced must be reachable by a reader: no orphans.
    for (const file of htmlFiles(dist)) {
      const path = `/${file}`;
      const alias = path.endsWith('/index.html') ? path.slice(0, -'index.html'.length) : undefined;
      if (!visited.has(path) && !(alias && visited.has(alias))) problems.push(`${path}: built, but no link leads to it`);
    }
    const count = [...visited.values()].filter((v) => v.status === 200).length;
    console.log(`visited ${visited.size} pages (${count} OK)`);
    assert.ok(count >= 30, `expected at least 30 pages, found ${count}`);
    for (const required of ['/guide/getting-started.html', '/packages/supervisor.html', '/api/index.html', '/performance.html']) {
      assert.ok(visited.has(required) || visited.has(required.replace(/index\.html$/, '')), `${required} is not reachable from the home page`);
    }
    assert.deepEqual(problems, [], `problems found:\n${problems.join('\n')}`);
  });

  function referrers(target) {
    return [...visited].filter(([, v]) => v.links?.some((l) => l.target === target)).map(([p]) => p);
  }

  it('finds "supervisor" with the search box', async () => {
    const { page, errors } = await openPage();
    await page.goto(origin + '/', { waitUntil: 'networkidle' });
    await page.click('.VPNavBarSearch button');
    const input = page.locator('#localsearch-input');
    await input.waitFor();
    await input.fill('supervisor');
    const results = page.locator('.VPLocalSearchBox .results li a');
    await results.first().waitFor({ timeout: 10_000 });
    const hrefs = await results.evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    assert.ok(hrefs.length > 0, 'the search returned nothing for "supervisor"');
    assert.ok(
      hrefs.some((h) => /packages\/supervisor|concepts\/supervision/.test(h)),
      `no result leads to the supervisor guide: ${hrefs.join(', ')}`,
    );
    // Following the first result lands on a page.
    await results.first().click();
    await page.waitForLoadState('networkidle');
    assert.match(await page.locator('.vp-doc h1').first().innerText(), /\S/);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('saves screenshots of the home page and a guide', async () => {
    mkdirSync(artifacts, { recursive: true });
    const { page, errors } = await openPage(1440, 900);
    await page.goto(origin + '/', { waitUntil: 'networkidle' });
    await page.screenshot({ path: join(artifacts, 'home.png') });
    await page.goto(origin + '/concepts/supervision.html', { waitUntil: 'networkidle' });
    await page.screenshot({ path: join(artifacts, 'guide.png') });
    await page.goto(origin + '/guide/getting-started.html', { waitUntil: 'networkidle' });
    await page.screenshot({ path: join(artifacts, 'getting-started.png'), fullPage: true });
    assert.deepEqual(errors, []);
    for (const name of ['home.png', 'guide.png']) assert.ok(statSync(join(artifacts, name)).size > 10_000, `${name} looks empty`);
    console.log(`screenshots: ${join(artifacts, 'home.png')}, ${join(artifacts, 'guide.png')}`);
    await page.close();
  });
});
