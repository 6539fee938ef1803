// Not found (restricted page, unknown ids, unknown school), site disabled,
// API unreachable: always a friendly view, never a blank screen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { BASE, DESKTOP, PHONE, launch, shot, axe } from '../lib.mjs';

const SITE = `${BASE}/s/demo`;

async function restrictedPageId() {
  if (process.env.E2E_RESTRICTED_PAGE_ID) return +process.env.E2E_RESTRICTED_PAGE_ID;
  const f = process.env.E2E_DEMO_JSON;
  if (f && existsSync(f)) {
    const v = JSON.parse(readFileSync(f, 'utf8'));
    if (v.restricted_page_id) return +v.restricted_page_id;
  }
  // The demo's site admin (printed by `yass serve --demo`: password <account>-demo-pass).
  const account = process.env.E2E_ADMIN_ACCOUNT || 'admin';
  const login = await fetch(`${BASE}/api/v1/sites/demo/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ account, password: process.env.E2E_ADMIN_PASSWORD || `${account}-demo-pass` }),
  });
  if (!login.ok) return null;
  const { access_token: token } = await login.json();
  const r = await fetch(`${BASE}/api/v1/sites/demo/manage/pages?per_page=100`, {
    headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
  });
  if (!r.ok) return null;
  const body = await r.json();
  const pages = Array.isArray(body) ? body : body.items || [];
  const p = pages.find((x) => x.title === '教職員專區') || pages.find((x) => (x.read_group_ids || []).length > 0);
  return p ? p.id : null;
}

async function expectTrouble(page, kind, heading) {
  const sec = page.locator(`[data-trouble="${kind}"]`);
  await sec.waitFor();
  assert.equal(await sec.locator('h1').innerText(), heading);
}

test('a restricted page is "not found" for an anonymous visitor', async (t) => {
  const id = await restrictedPageId();
  if (!id) {
    t.skip('restricted demo page id unknown (see e2e/REQUESTS.md)');
    return;
  }
  const anon = await fetch(`${BASE}/api/v1/sites/demo/pages/${id}`);
  assert.equal(anon.status, 404);
  const b = await launch(DESKTOP);
  try {
    await b.page.goto(`${SITE}/pages/${id}`);
    await expectTrouble(b.page, 'not-found', '找不到頁面');
    // Still inside the school's layout, with a way home.
    assert.equal(await b.page.locator('header.site-header').count(), 1);
    assert.equal(await b.page.locator('[data-trouble="not-found"] a').getAttribute('href'), '/s/demo/');
    await shot(b.page, 'restricted-page-not-found');
    const bad = await axe(b.page);
    assert.deepEqual(bad, [], JSON.stringify(bad, null, 2));
  } finally {
    await b.close();
  }
});

test('unknown news, unknown path and unknown school show the not-found view', async () => {
  const b = await launch(PHONE);
  try {
    const { page } = b;
    await page.goto(`${SITE}/news/987654321`);
    await expectTrouble(page, 'not-found', '找不到頁面');
    await page.goto(`${SITE}/no-such-thing`);
    await expectTrouble(page, 'not-found', '找不到頁面');
    await page.goto(`${BASE}/s/no-such-school/`);
    await expectTrouble(page, 'not-found', '找不到頁面');
    await shot(page, 'unknown-school');
  } finally {
    await b.close();
  }
});

test('a disabled site says so', async () => {
  const b = await launch(DESKTOP);
  try {
    const { page } = b;
    // The demo has no disabled school: answer as the API does for one.
    await page.route('**/api/v1/sites/demo/homepage', (route) => route.fulfill({
      status: 404,
      contentType: 'application/problem+json',
      body: JSON.stringify({ type: 'about:blank', title: 'Site disabled', status: 404, code: 'site_disabled' }),
    }));
    await page.goto(`${SITE}/`);
    await expectTrouble(page, 'site-disabled', '本網站已停用');
    await shot(page, 'site-disabled');
  } finally {
    await b.close();
  }
});

test('API unreachable: a message and a retry button, not a blank page', async () => {
  const b = await launch(PHONE);
  try {
    const { page } = b;
    await page.route('**/api/**', (route) => route.abort('connectionrefused'));
    await page.goto(`${SITE}/news`);
    await expectTrouble(page, 'unreachable', '無法連線');
    assert.equal(await page.locator('[data-trouble="unreachable"] button').innerText(), '重試');
    await shot(page, 'api-unreachable');
    const bad = await axe(page);
    assert.deepEqual(bad, [], JSON.stringify(bad, null, 2));
  } finally {
    await b.close();
  }
});

test('the platform host root and /admin have their own views', async () => {
  const b = await launch(DESKTOP);
  try {
    const { page } = b;
    await page.goto(`${BASE}/admin`);
    await page.locator('[data-screen="admin"] h1').waitFor();
    assert.equal(await page.locator('[data-screen="admin"] h1').innerText(), '管理後台');
    await page.goto(`${BASE}/`);
    await page.locator('[data-trouble="platform"] h1').waitFor();
  } finally {
    await b.close();
  }
});

test("on a school's own hostname the URLs have no /s/{slug} prefix", async (t) => {
  const home = await (await fetch(`${BASE}/api/v1/sites/demo/homepage`)).json();
  const host = home.site.primary_host;
  if (!host) {
    t.skip('the demo school has no hostname');
    return;
  }
  const resolved = await fetch(`${BASE}/api/v1/resolve?host=${encodeURIComponent(host)}`);
  assert.equal(resolved.status, 200);
  const port = new URL(BASE).port;
  const b = await launch(DESKTOP, { hosts: [host] });
  try {
    const { page } = b;
    await page.goto(`http://${host}:${port}/news`);
    await page.locator('.news-index h1').waitFor();
    assert.equal(await page.locator('.news-index h1').innerText(), '最新消息');
    const first = await page.locator('.news-list a.news-title').first().getAttribute('href');
    assert.match(first, /^\/news\/\d+$/);
    assert.equal(await page.locator('h1.site-name, p.site-name').locator('a').getAttribute('href'), '/');
    await page.click('.news-list a.news-title');
    await page.waitForURL(/\/news\/\d+$/);
    await page.locator('article.news-detail h1').waitFor();
  } finally {
    await b.close();
  }
});
