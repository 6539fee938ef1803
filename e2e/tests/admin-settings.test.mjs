// Site settings (per-field errors, the slogan on the public homepage, the
// homepage layout) and news categories.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch } from '../lib.mjs';
import { ADMIN, signIn } from '../admin-lib.mjs';

const TABLET = { width: 1180, height: 900 };

test('site settings: a bad e-mail is shown at its field; a new slogan reaches the homepage', async () => {
  const before = await (await fetch(`${BASE}/api/v1/sites/demo`)).json();
  const b = await launch(TABLET);
  try {
    await signIn(b.page, 'admin');
    await b.page.locator('.adm-side a', { hasText: '網站設定' }).click();
    const form = b.page.locator('form[data-form="site"]');
    await form.waitFor();
    // The current values are loaded into the form.
    await b.page.waitForFunction((n) => document.querySelector('#site-name')?.value === n, before.name);
    assert.equal(await b.page.locator('a[data-preview]').getAttribute('href'), '/s/demo/');

    await b.page.locator('#site-email').fill('not-an-address');
    await form.locator('button[type="submit"]').click();
    await b.page.locator('#site-email-err').waitFor();
    assert.equal(await b.page.locator('#site-email').getAttribute('aria-invalid'), 'true');

    await b.page.locator('#site-email').fill(before.email ?? '');
    const slogan = `e2e 標語 ${Date.now()}`;
    await b.page.locator('#site-slogan').fill(slogan);
    await form.locator('button[type="submit"]').click();
    await b.page.locator('.adm-note.ok').first().waitFor();
    assert.equal(await b.page.locator('#site-email-err').count(), 0);

    const after = await (await fetch(`${BASE}/api/v1/sites/demo`)).json();
    assert.equal(after.slogan, slogan);
    await b.page.goto(`${BASE}/s/demo/`);
    await b.page.locator('.slogan', { hasText: slogan }).waitFor();
  } finally {
    await b.close();
  }
});

test('homepage layout: moving a block up is saved', async () => {
  const b = await launch(TABLET);
  try {
    await signIn(b.page, 'admin');
    await b.page.goto(`${ADMIN}/settings`);
    const rows = b.page.locator('[data-list="blocks"] tbody tr');
    await rows.first().waitFor();
    const keys = await rows.evaluateAll((trs) => trs.map((t) => t.dataset.block));
    assert.ok(keys.length >= 2);
    await rows.nth(1).locator('button', { hasText: '↑' }).click();
    await b.page.locator('form[data-form="layout"] button[type="submit"]').click();
    await b.page.locator('form[data-form="layout"] .adm-note.ok').waitFor();
    await b.page.reload();
    await rows.first().waitFor();
    const now = await rows.evaluateAll((trs) => trs.map((t) => t.dataset.block));
    assert.deepEqual(now.slice(0, 2), [keys[1], keys[0]]);
    // Put it back for the other tests.
    await rows.nth(1).locator('button', { hasText: '↑' }).click();
    await b.page.locator('form[data-form="layout"] button[type="submit"]').click();
    await b.page.locator('form[data-form="layout"] .adm-note.ok').waitFor();
  } finally {
    await b.close();
  }
});

test('news categories: create, then delete after confirming', async () => {
  const b = await launch(TABLET);
  try {
    await signIn(b.page, 'admin');
    await b.page.goto(`${ADMIN}/news`);
    await b.page.locator('[data-action="news-categories"]').click();
    await b.page.locator('[data-list="categories"]').waitFor();
    await b.page.locator('form[data-form="category"] button[type="submit"]').click();
    await b.page.locator('#cat-name-err').waitFor();
    await b.page.locator('#cat-name').fill('e2e 分類');
    await b.page.locator('form[data-form="category"] button[type="submit"]').click();
    const row = b.page.locator('tr[data-category="e2e 分類"]');
    await row.waitFor();
    const cats = await (await fetch(`${BASE}/api/v1/sites/demo/news/categories`)).json();
    assert.ok(cats.some((c) => c.name === 'e2e 分類'), 'the category is public');
    b.page.once('dialog', (d) => d.accept());
    await row.locator('[data-action="delete"]').click();
    await row.waitFor({ state: 'detached' });
  } finally {
    await b.close();
  }
});
