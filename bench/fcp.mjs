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
  // LCP from a buffered observer; resource timing tells whether the
  // homepage's data was on its way before the WASM had arrived (the shell's
  // preload) and whether the SPA reused it (one request, not two).
  const m = await page.evaluate(async () => {
    const lcp = await new Promise((resolve) => {
      let last = null;
      new PerformanceObserver((l) => {
        for (const e of l.getEntries()) last = e.startTime;
      }).observe({ type: 'largest-contentful-paint', buffered: true });
      setTimeout(() => resolve(last), 200);
    });
    const res = performance.getEntriesByType('resource');
    const data = res.filter((r) => r.name.includes('/homepage'));
    const wasm = res.find((r) => r.name.endsWith('.wasm'));
    return {
      fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
      lcp,
      content: performance.now(),
      data_requests: data.length,
      data_start: data[0]?.startTime ?? null,
      wasm_end: wasm?.responseEnd ?? null,
    };
  });
  results.push(m);
  await ctx.close();
}
const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(JSON.stringify({
  url,
  runs,
  fcp_median_ms: median(results.map((r) => r.fcp)),
  lcp_median_ms: median(results.map((r) => r.lcp)),
  content_median_ms: Math.round(median(results.map((r) => r.content))),
  // Homepage data requested before the WASM finished loading, in how many runs.
  data_before_wasm: results.filter((r) => r.data_start !== null && r.wasm_end !== null && r.data_start < r.wasm_end).length,
  data_requests_max: Math.max(...results.map((r) => r.data_requests)),
}));
