import { chromium } from 'playwright-core';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--headless','--disable-gpu','--disable-quic','--no-first-run','--disable-background-networking','--disable-component-update','--disable-sync'] });
const p = await b.newPage({ viewport: { width: 1440, height: 900 } });
for (const [n, path, full] of process.argv.slice(2).map((a) => a.split(','))) {
  await p.goto('http://127.0.0.1:4179' + path, { waitUntil: 'networkidle' });
  await p.screenshot({ path: '/tmp/page-' + n + '.png', fullPage: full === 'full' });
}
await b.close();
