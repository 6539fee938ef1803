// Homepage on a phone and a desktop: content, nested menu, tap-to-call,
// language switch, Taipei dates, accessibility.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, PHONE, DESKTOP, launch, api, shot, axe, taipeiDate, waitAttr } from '../lib.mjs';

const SITE = `${BASE}/s/demo/`;
let home;

before(async () => {
  home = await api('/api/v1/sites/demo/homepage');
});

async function openHome(viewport) {
  const b = await launch(viewport);
  await b.page.goto(SITE);
  await b.page.waitForSelector('.news-card .news-row, .news-card p.muted');
  return b;
}

const visible = (items) => items.filter((i) => i.visible);
const nested = (items) => visible(items).find((i) => visible(i.children).some((c) => c.target.type !== 'divider'));

for (const [label, viewport] of [['phone', PHONE], ['desktop', DESKTOP]]) {
  test(`homepage renders on a ${label} (${viewport.width}x${viewport.height}) without serious axe violations`, async () => {
    const b = await openHome(viewport);
    try {
      const { page } = b;
      assert.equal(await page.locator('h1.site-name').innerText(), home.site.name);
      assert.equal(await page.getAttribute('html', 'lang'), 'zh-Hant');
      // Landmarks, skip link and the ::: accesskey anchors.
      for (const sel of ['header.site-header', 'nav.main-nav', 'main#main', 'footer.site-footer']) {
        assert.equal(await page.locator(sel).count(), 1, sel);
      }
      assert.equal(await page.locator('a.skip-link[href="#main"]').count(), 1);
      for (const key of ['U', 'C', 'Z']) {
        assert.equal(await page.locator(`a[accesskey="${key}"][href="#${key}"]`).innerText(), ':::');
      }
      // Pinned news first, marked 置頂.
      for (const n of home.pinned_news) {
        const row = page.locator(`.news-card li[data-news-id="${n.id}"]`);
        assert.equal(await row.locator('.badge').innerText(), '置頂');
      }
      if (home.announcements.length) {
        assert.match(await page.locator('.announcements').innerText(), new RegExp(home.announcements[0].title));
      }
      if (home.site.phone_uri) {
        assert.equal(await page.locator('footer a[href^="tel:"]').first().getAttribute('href'), home.site.phone_uri);
      }
      await shot(page, `home-${label}`);
      const bad = await axe(page);
      assert.deepEqual(bad, [], JSON.stringify(bad, null, 2));
      assert.deepEqual(b.errors, []);
    } finally {
      await b.close();
    }
  });
}

test('dates are shown in Asia/Taipei while the browser runs in UTC', async () => {
  const b = await openHome(DESKTOP);
  try {
    const news = [...home.pinned_news, ...home.latest_news];
    assert.ok(news.length > 0, 'the demo has news');
    for (const n of news) {
      const t = b.page.locator(`.news-card li[data-news-id="${n.id}"] time`);
      assert.equal(await t.innerText(), taipeiDate(n.display_at), `news ${n.id} (${n.display_at})`);
      assert.match(await t.getAttribute('datetime'), /\+08:00$/);
    }
    // The browser really is in UTC (otherwise this test proves nothing).
    assert.equal(await b.page.evaluate(() => new Date().getTimezoneOffset()), 0);
  } finally {
    await b.close();
  }
});

test('tap-to-call links are exactly the API tel_uri', async () => {
  const exts = await api('/api/v1/sites/demo/extensions');
  const withTel = exts.filter((e) => e.tel_uri);
  assert.ok(withTel.length > 0, 'the demo has extensions with a tel_uri');
  const b = await launch(PHONE);
  try {
    await b.page.goto(`${SITE}extensions`);
    await b.page.waitForSelector('table.ext-table');
    for (const e of withTel) {
      const href = await b.page.locator(`a.call[data-extension-id="${e.id}"]`).getAttribute('href');
      assert.equal(href, e.tel_uri);
    }
    await shot(b.page, 'extensions-phone');
    // The homepage directory uses the same URIs.
    await b.page.goto(SITE);
    await b.page.waitForSelector('.news-card');
    for (const e of home.extensions.filter((x) => x.tel_uri)) {
      assert.equal(await b.page.locator(`.home a.call[data-extension-id="${e.id}"]`).getAttribute('href'), e.tel_uri);
    }
    const bad = await axe(b.page);
    assert.deepEqual(bad, [], JSON.stringify(bad, null, 2));
  } finally {
    await b.close();
  }
});

test('desktop: a nested menu opens on hover and with the keyboard', async () => {
  const top = nested(home.nav);
  assert.ok(top, 'the demo nav has an item with children');
  const b = await openHome(DESKTOP);
  try {
    const { page } = b;
    const li = page.locator('#main-menu > li.has-sub').first();
    const toggle = li.locator('> .submenu-toggle');
    const sub = li.locator('> ul.submenu');
    assert.equal(await sub.isVisible(), false);
    await li.hover();
    await sub.waitFor({ state: 'visible' });
    await waitAttr(toggle, 'aria-expanded', 'true');
    const names = await sub.locator('> li > a, > li > .submenu-toggle').allInnerTexts();
    const expected = visible(top.children).filter((c) => c.target.type !== 'divider').map((c) => c.name);
    assert.deepEqual(names.map((s) => s.replace(/（另開新視窗）/, '').trim()), expected);
    await shot(page, 'menu-desktop-hover');
    // Away with the mouse: closed. Keyboard: focus the toggle, Enter keeps it open, Escape closes.
    await page.mouse.move(5, 700);
    await sub.waitFor({ state: 'hidden' });
    await toggle.focus();
    await page.keyboard.press('Enter');
    await sub.waitFor({ state: 'visible' });
    await waitAttr(toggle, 'aria-expanded', 'true');
    await page.keyboard.press('Tab');
    const focusedInside = await page.evaluate(() => !!document.activeElement.closest('#main-menu .submenu'));
    assert.ok(focusedInside, 'Tab moves into the open submenu');
    await page.keyboard.press('Escape');
    await sub.waitFor({ state: 'hidden' });
    assert.equal(await page.evaluate(() => document.activeElement.classList.contains('submenu-toggle')), true);
  } finally {
    await b.close();
  }
});

test('phone: the menu button and nested levels expand and collapse', async () => {
  const b = await openHome(PHONE);
  try {
    const { page } = b;
    const button = page.locator('button.menu-toggle');
    await waitAttr(button, 'aria-expanded', 'false');
    assert.equal(await page.locator('#main-menu').isVisible(), false);
    await button.click();
    await waitAttr(button, 'aria-expanded', 'true');
    await page.locator('#main-menu').waitFor({ state: 'visible' });
    const li = page.locator('#main-menu > li.has-sub').first();
    const toggle = li.locator('> .submenu-toggle');
    await waitAttr(toggle, 'aria-expanded', 'false');
    await toggle.click();
    await waitAttr(toggle, 'aria-expanded', 'true');
    const firstChild = li.locator('> ul.submenu > li > a, > ul.submenu > li > .submenu-toggle').first();
    await firstChild.waitFor({ state: 'visible' });
    // A second level, if the demo has one.
    const deeper = li.locator('> ul.submenu > li.has-sub').first();
    if (await deeper.count()) {
      const t2 = deeper.locator('> .submenu-toggle');
      await t2.click();
      await waitAttr(t2, 'aria-expanded', 'true');
      await deeper.locator('> ul.submenu').waitFor({ state: 'visible' });
    }
    await shot(page, 'menu-phone-open');
    const bad = await axe(page);
    assert.deepEqual(bad, [], JSON.stringify(bad, null, 2));
    await toggle.click();
    await waitAttr(toggle, 'aria-expanded', 'false');
  } finally {
    await b.close();
  }
});

test('language switch: English labels, lang attribute, kept across reloads', async () => {
  const b = await openHome(DESKTOP);
  try {
    const { page } = b;
    assert.equal(await page.locator('#home-news-h').innerText(), '最新消息');
    await page.click('button.lang-switch');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    assert.equal(await page.locator('#home-news-h').innerText(), 'Latest news');
    assert.equal(await page.locator('button.lang-switch').innerText(), '中文');
    for (const n of home.pinned_news) {
      assert.equal(await page.locator(`li[data-news-id="${n.id}"] .badge`).innerText(), 'Pinned');
    }
    await shot(page, 'home-desktop-en');
    const bad = await axe(page);
    assert.deepEqual(bad, [], JSON.stringify(bad, null, 2));
    await page.reload();
    await page.waitForSelector('#home-news-h');
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.equal(await page.locator('#home-news-h').innerText(), 'Latest news');
    await page.click('button.lang-switch');
    await page.waitForFunction(() => document.documentElement.lang === 'zh-Hant');
    assert.equal(await page.locator('#home-news-h').innerText(), '最新消息');
  } finally {
    await b.close();
  }
});

test('keyboard: the first Tab shows the skip link, which moves focus into main; ::: anchors focus their region', async () => {
  const b = await openHome(DESKTOP);
  try {
    const { page } = b;
    await page.keyboard.press('Tab');
    const skip = page.locator('a.skip-link');
    assert.equal(await page.evaluate(() => document.activeElement.className), 'skip-link');
    const box = await skip.boundingBox();
    assert.ok(box && box.width > 20 && box.height > 20, 'the focused skip link is visible');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement.id === 'main');
    // The next Tab lands on the ::: anchor of the centre region, then on content.
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('accesskey')), 'C');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'C');
    // Every focusable element shows a focus outline.
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    assert.notEqual(outline, 'none');
  } finally {
    await b.close();
  }
});
