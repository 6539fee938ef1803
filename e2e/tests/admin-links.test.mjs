// Links from the dashboard: field errors on a failed save, editing a link
// (title, address, uploaded icon, homepage), and keyboard reordering of
// links and categories — checked on the public links page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, DESKTOP, launch, shot } from '../lib.mjs';
import { ADMIN, signIn } from '../admin-lib.mjs';

const TABLET = { width: 1180, height: 900 };
const CAT = `家長專區 e2e ${Date.now()}`;
const A = '校務行政系統';
const A2 = '校務系統（新版）';
const B = '教育部';
// A 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

const links = async () => (await fetch(`${BASE}/api/v1/sites/demo/links`, { cache: 'no-store' })).json();
const cat = (page) => page.locator(`section.link-cat[data-category="${CAT}"]`);
const item = (page, title) => cat(page).locator(`li[data-link="${title}"]`);

async function addLink(page, title, url) {
  await page.locator('#lnk-title').fill(title);
  await page.locator('#lnk-url').fill(url);
  await page.locator('#lnk-cat').selectOption({ label: CAT });
  await page.locator('form[data-form="link"] button[type="submit"]').click();
  await item(page, title).waitFor();
}

test('links: edit with an uploaded icon, reorder links and categories by keyboard', async () => {
  const b = await launch(TABLET);
  let catOrderBefore;
  try {
    await signIn(b.page, 'admin');
    await b.page.locator('.adm-side a', { hasText: '網站連結' }).click();
    await b.page.locator('[data-screen="links"]').waitFor();
    await b.page.locator('#lnk-newcat').fill(CAT);
    await b.page.locator('form[data-form="link-category"] button[type="submit"]').click();
    await cat(b.page).waitFor();
    await addLink(b.page, A, 'https://example.edu.tw/a');
    await addLink(b.page, B, 'https://www.edu.tw/');
    assert.deepEqual(await cat(b.page).locator('li').evaluateAll((l) => l.map((x) => x.dataset.link)), [A, B]);

    // Edit A: a bad address is refused next to the field and nothing is lost.
    await item(b.page, A).locator('[data-action="edit"]').click();
    assert.equal(await b.page.locator('#lnk-title').inputValue(), A);
    await b.page.locator('#lnk-title').fill(A2);
    await b.page.locator('#lnk-url').fill('javascript:alert(1)');
    await b.page.locator('form[data-form="link"] button[type="submit"]').click();
    await b.page.locator('#lnk-url-err').waitFor();
    assert.equal(await b.page.locator('#lnk-title').inputValue(), A2);
    // Then a good address, an uploaded icon and "show on the homepage".
    await b.page.locator('#lnk-url').fill('https://example.edu.tw/new');
    await b.page.locator('#lnk-icon-file').setInputFiles({ name: 'icon.png', mimeType: 'image/png', buffer: PNG });
    await b.page.locator('[data-icon-preview]').waitFor();
    await b.page.locator('#lnk-home').check();
    await b.page.locator('form[data-form="link"] button[type="submit"]').click();
    await item(b.page, A2).waitFor();
    let stored = (await links()).find((c) => c.name === CAT);
    const a2 = stored.links.find((l) => l.title === A2);
    assert.equal(a2.url, 'https://example.edu.tw/new');
    assert.match(a2.icon_url, /^\/api\/v1\/sites\/demo\/images\//);
    assert.equal(a2.on_homepage, true);

    // Move B up with the keyboard; focus stays on B (its "down" button, "up" is now disabled).
    const bId = stored.links.find((l) => l.title === B).id;
    await b.page.locator(`#lnk-${bId}-up`).focus();
    await b.page.keyboard.press('Enter');
    await b.page.waitForFunction(
      ([cat, first]) => document.querySelector(`section.link-cat[data-category="${cat}"] li`)?.dataset.link === first,
      [CAT, B],
    );
    assert.equal(await b.page.evaluate(() => document.activeElement?.id), `lnk-${bId}-down`);
    stored = (await links()).find((c) => c.name === CAT);
    assert.deepEqual(stored.links.map((l) => l.title), [B, A2]);

    // The new category is last; move it up one place.
    catOrderBefore = (await links()).map((c) => c.name);
    assert.equal(catOrderBefore.at(-1), CAT);
    await cat(b.page).locator('[data-action="up"]').first().press('Enter');
    await b.page.waitForFunction(
      (cat) => {
        const names = [...document.querySelectorAll('section.link-cat')].map((s) => s.dataset.category);
        return names.indexOf(cat) === names.length - 2;
      },
      CAT,
    );
    await shot(b.page, 'admin-links');
    assert.deepEqual(b.errors, []);
  } finally {
    await b.close();
  }
  const expected = [...catOrderBefore];
  expected.splice(-2, 2, CAT, catOrderBefore.at(-2));
  assert.deepEqual((await links()).map((c) => c.name), expected);

  // Visitors see the new order, the new title and the icon.
  const v = await launch(DESKTOP);
  try {
    await v.page.goto(`${BASE}/s/demo/links`);
    await v.page.locator('.links-index h2', { hasText: CAT }).waitFor();
    const section = v.page.locator('.links-index section', { has: v.page.locator('h2', { hasText: CAT }) });
    const texts = await section.locator('li a').allInnerTexts();
    assert.equal(texts.length, 2, texts.join('|'));
    assert.ok(texts[0].includes(B) && texts[1].includes(A2), `new order: ${texts.join(' | ')}`);
    assert.equal(await section.locator('li', { hasText: A2 }).locator('img.link-icon').count(), 1);
    const headings = await v.page.locator('.links-index h2').allInnerTexts();
    const shown = expected.filter((n) => headings.includes(n));
    assert.deepEqual(headings, shown, 'categories in the new order');
  } finally {
    await v.close();
  }
});
