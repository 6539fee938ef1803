// The SPA is two bundles (docs/decisions/0006-spa-two-bundles.md): visitors
// never download the admin dashboard's wasm, and moving between the site and
// the dashboard is a full page load that brings the other bundle.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, DESKTOP, launch } from '../lib.mjs';

const SITE = `${BASE}/s/demo`;
const VISITOR_WASM = /\/yass-web-spa_bg-[0-9a-f]{8}\.wasm$/;
const ADMIN_WASM = /\/yass-web-admin_bg-[0-9a-f]{8}\.wasm$/;

/** Every URL the page requests from now on. */
function record(page) {
  const urls = [];
  page.on('request', (r) => urls.push(r.url()));
  return {
    urls,
    some: (re) => urls.some((u) => re.test(new URL(u).pathname)),
    clear: () => urls.splice(0),
  };
}

test('each HTML shell names its own bundle only', async () => {
  const site = await (await fetch(`${SITE}/news`)).text();
  const admin = await (await fetch(`${SITE}/admin/news`)).text();
  assert.match(site, /yass-web-spa_bg-[0-9a-f]{8}\.wasm/);
  assert.doesNotMatch(site, /yass-web-admin/);
  assert.match(admin, /yass-web-admin_bg-[0-9a-f]{8}\.wasm/);
  assert.doesNotMatch(admin, /yass-web-spa/);
  assert.ok(!admin.includes('<!--yass:head-->'), 'the admin shell gets its head too');
  for (const html of [site, admin]) {
    const start = html.match(/<script type="module" src="(\/[^"]+-start-[0-9a-f]{8}\.js)"/);
    assert.ok(start, 'the shell starts its bundle from a hashed module (no inline script)');
    const r = await fetch(BASE + start[1]);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /javascript/);
    assert.match(r.headers.get('cache-control'), /immutable/);
  }
});

test('a visitor page never loads the admin wasm; the dashboard loads only its own', async () => {
  const b = await launch(DESKTOP);
  try {
    const { page, errors } = b;
    const req = record(page);
    await page.goto(`${SITE}/`);
    await page.locator('header.site-header').waitFor();
    await page.waitForLoadState('networkidle');
    assert.ok(req.some(VISITOR_WASM), `visitor wasm requested: ${req.urls.join(' ')}`);
    assert.ok(!req.some(ADMIN_WASM), 'a visitor page does not request the admin wasm');

    // The footer's dashboard link is a full page load into the admin bundle.
    req.clear();
    await page.locator('footer.site-footer a[href="/s/demo/admin"]').click();
    await page.locator('#login-account').waitFor();
    assert.equal(new URL(page.url()).pathname, '/s/demo/admin');
    assert.ok(req.some(ADMIN_WASM), `admin wasm requested: ${req.urls.join(' ')}`);
    assert.ok(!req.some(VISITOR_WASM), 'the dashboard does not request the visitor wasm');

    // Back returns to the visitor site.
    await page.goBack();
    await page.locator('header.site-header').waitFor();
    assert.equal(new URL(page.url()).pathname, '/s/demo/');
    assert.deepEqual(errors, []);
  } finally {
    await b.close();
  }
});

test('a client-side move to the other bundle becomes a full page load', async () => {
  const b = await launch(DESKTOP);
  try {
    const { page, errors } = b;
    const req = record(page);
    // A plain link the router intercepts (unlike the footer's rel=external one).
    const clickLink = async (href) => {
      await page.evaluate((h) => {
        const a = document.createElement('a');
        a.href = h;
        a.id = 'e2e-cross';
        a.textContent = 'cross';
        document.body.prepend(a);
      }, href);
      await page.locator('#e2e-cross').click();
    };

    await page.goto(`${SITE}/news`);
    await page.locator('header.site-header').waitFor();
    req.clear();
    await clickLink('/s/demo/admin');
    await page.locator('#login-account').waitFor();
    assert.equal(new URL(page.url()).pathname, '/s/demo/admin');
    assert.ok(req.some(ADMIN_WASM), 'the admin bundle was loaded');

    req.clear();
    await clickLink('/s/demo/links');
    await page.locator('header.site-header').waitFor();
    assert.equal(new URL(page.url()).pathname, '/s/demo/links');
    assert.ok(req.some(VISITOR_WASM), 'the visitor bundle was loaded');
    assert.ok(!req.some(ADMIN_WASM));

    // History holds one entry per page: back twice returns to the news list.
    await page.goBack();
    await page.locator('#login-account').waitFor();
    await page.goBack();
    await page.locator('header.site-header').waitFor();
    assert.equal(new URL(page.url()).pathname, '/s/demo/news');
    assert.deepEqual(errors, []);
  } finally {
    await b.close();
  }
});
