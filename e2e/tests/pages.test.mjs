// Pages (through the menu), links, calendar: content and accessibility.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, DESKTOP, launch, api, shot, axe } from '../lib.mjs';

const SITE = `${BASE}/s/demo`;

function pagesIn(items, out = []) {
  for (const i of items) {
    if (!i.visible) continue;
    if (i.target.type === 'page') out.push(i);
    pagesIn(i.children, out);
  }
  return out;
}

test('a page reached through the menu shows its title, body and attachments', async (t) => {
  const home = await api('/api/v1/sites/demo/homepage');
  const item = pagesIn(home.nav)[0];
  if (!item) {
    t.skip('the demo menu has no page item');
    return;
  }
  const pageData = await api(`/api/v1/sites/demo/pages/${item.target.page_id}`);
  const b = await launch(DESKTOP);
  try {
    const { page } = b;
    await page.goto(`${SITE}/`);
    await page.waitForSelector('#main-menu');
    const link = page.locator(`#main-menu a[href="/s/demo/pages/${pageData.id}"]`).first();
    // It may sit in a closed submenu: open its ancestors first.
    const toggles = await link.evaluate((a) => {
      const out = [];
      for (let li = a.closest('ul.submenu')?.closest('li'); li; li = li.parentElement.closest('li.has-sub')) {
        out.unshift(li.querySelector(':scope > .submenu-toggle').getAttribute('aria-controls'));
      }
      return out;
    });
    for (const id of toggles) await page.click(`.submenu-toggle[aria-controls="${id}"]`);
    await link.click();
    await page.waitForURL(`${SITE}/pages/${pageData.id}`);
    await page.waitForSelector('article.page h1');
    assert.equal(await page.locator('article.page h1').innerText(), pageData.title);
    assert.equal(await page.locator('.attachments li').count(), pageData.attachments.length);
    await shot(page, 'page');
    const bad = await axe(page);
    assert.deepEqual(bad, [], JSON.stringify(bad, null, 2));
  } finally {
    await b.close();
  }
});

test('links by category and the calendar page', async () => {
  const cats = (await api('/api/v1/sites/demo/links')).filter((c) => c.links.length);
  const b = await launch(DESKTOP);
  try {
    const { page } = b;
    await page.goto(`${SITE}/links`);
    await page.waitForSelector('.links-index h1');
    await page.waitForFunction(() => !document.querySelector('.loading'));
    assert.deepEqual(await page.locator('.links-index h2').allInnerTexts(), cats.map((c) => c.name));
    let bad = await axe(page);
    assert.deepEqual(bad, [], JSON.stringify(bad, null, 2));

    const home = await api('/api/v1/sites/demo/homepage');
    await page.goto(`${SITE}/calendar`);
    await page.waitForSelector('.calendar-index h1');
    await page.waitForFunction(() => !document.querySelector('.loading'));
    assert.equal(await page.locator('.calendar-index a[href$=".ics"], .calendar-index a.button').first().getAttribute('href'), home.calendar.ics_url);
    if (home.calendar.google_embed_url) {
      assert.equal(await page.locator('.gcal iframe').getAttribute('src'), home.calendar.google_embed_url);
    }
    await shot(page, 'calendar');
    bad = await axe(page);
    assert.deepEqual(bad, [], JSON.stringify(bad, null, 2));
  } finally {
    await b.close();
  }
});
