// The HTML shell as the server sends it: head tags filled in, hashed assets
// with the right types, and a usable <noscript> fallback.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, DESKTOP, launch, shot } from '../lib.mjs';

test('index.html: server-filled head, hashed assets, noscript links', async () => {
  const r = await fetch(`${BASE}/s/demo/news`);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/html/);
  const html = await r.text();
  assert.ok(!html.includes('<!--yass:head-->'), 'the head marker is replaced');
  assert.equal((html.match(/<title>/g) || []).length, 1, 'exactly one <title>');
  const noscript = html.slice(html.indexOf('<noscript>'), html.indexOf('</noscript>'));
  assert.match(noscript, /href="\/sitemap\.xml"/);
  assert.match(noscript, /href="[^"]*\.rss"/);
  const assets = [...html.matchAll(/(?:href|from|module_or_path:)\s*=?\s*"(\/[^"]+\.(?:js|wasm|css))"/g)].map((m) => m[1]);
  const kinds = { js: /javascript/, wasm: /^application\/wasm/, css: /^text\/css/ };
  for (const ext of Object.keys(kinds)) {
    const path = assets.find((a) => a.endsWith(`.${ext}`));
    assert.ok(path, `index.html references a .${ext}`);
    assert.match(path, /-[0-9a-f]{8}\.[a-z]+$/, `${path} carries a content hash`);
    const a = await fetch(BASE + path);
    assert.equal(a.status, 200, path);
    assert.match(a.headers.get('content-type'), kinds[ext], path);
  }
});

test('without JavaScript the page points to the sitemap and the feed', async () => {
  const b = await launch(DESKTOP, { javaScriptEnabled: false });
  try {
    await b.page.goto(`${BASE}/s/demo/`);
    const links = await b.page.locator('noscript a, .noscript a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    assert.ok(links.includes('/sitemap.xml'), JSON.stringify(links));
    await shot(b.page, 'noscript');
  } finally {
    await b.close();
  }
});

test("the noscript targets answer on a school's own hostname", async (t) => {
  const home = await (await fetch(`${BASE}/api/v1/sites/demo/homepage`)).json();
  const host = home.site.primary_host;
  if (!host) {
    t.skip('the demo school has no hostname');
    return;
  }
  const { request } = await import('node:http');
  const get = (path) => new Promise((resolve, reject) => {
    const u = new URL(BASE);
    request({ host: u.hostname, port: u.port, path, headers: { host: `${host}:${u.port}` } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode, type: res.headers['content-type'] || '', body }));
    }).on('error', reject).end();
  });
  const sitemap = await get('/sitemap.xml');
  assert.equal(sitemap.status, 200);
  assert.match(sitemap.type, /xml/);
  assert.match(sitemap.body, /<urlset/);
  const rss = await get('/news.rss');
  assert.equal(rss.status, 200);
  assert.match(rss.type, /(rss|xml)/);
  assert.match(rss.body, /<rss/);
});

test("the homepage's data is fetched once, while the WASM is still loading", async () => {
  const b = await launch(DESKTOP);
  try {
    await b.page.goto(`${BASE}/s/demo/`);
    await b.page.waitForSelector('main h2, main h1');
    const r = await b.page.evaluate(() => {
      const res = performance.getEntriesByType('resource');
      const data = res.filter((e) => e.name.endsWith('/api/v1/sites/demo/homepage'));
      const wasm = res.find((e) => e.name.endsWith('.wasm'));
      return { data: data.map((e) => e.startTime), wasmEnd: wasm ? wasm.responseEnd : null };
    });
    // The shell's <link rel="preload"> starts it; the SPA's own request takes
    // the preloaded response instead of asking again.
    assert.equal(r.data.length, 1, JSON.stringify(r));
    assert.ok(r.wasmEnd !== null && r.data[0] < r.wasmEnd, JSON.stringify(r));
    assert.deepEqual(b.errors, []);
  } finally {
    await b.close();
  }
});
