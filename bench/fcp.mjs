// First contentful paint of a page in headless Debian chromium, read from the
// browser's performance API. Usage: node bench/fcp.mjs URL [runs]
// (run from the repo root; playwright-core comes from e2e/node_modules).
import { createRequire } from 'node:module';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(new URL('../e2e/package.json', import.meta.url));
const { chromium } = require('playwright-core');
const url = process.argv[2];
const runs = Number(process.argv[3] || 5);
const results = [];
for (let i = 0; i < runs; i++) {
  const ctx = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'fcp-')), {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await ctx.newPage();
  await page.goto(url, { waitUntil: 'load' });
  // The SPA paints its content after fetching the homepage JSON.
  await page.waitForSelector('main h2, main h1', { timeout: 10000 });
  // FCP may be the static loading line of index.html; `content_ms` is when the
  // homepage's own headings were in the DOM (ms since navigation start).
  const m = await page.evaluate(() => ({
    fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
    content: performance.now(),
  }));
  results.push(m);
  await ctx.close();
}
const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(JSON.stringify({
  url,
  runs,
  fcp_median_ms: median(results.map((r) => r.fcp)),
  content_median_ms: Math.round(median(results.map((r) => r.content))),
}));
