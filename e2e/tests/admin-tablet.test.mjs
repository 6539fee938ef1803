// The dashboard on a tablet (768×1024) and by keyboard only: for the
// dashboard, the news list, the news editor and the navigation editor, the
// page never scrolls sideways, the side navigation is reached with Tab and
// opened with Enter, focus lands in the main area and is always visible, and
// the main controls work from the keyboard (search, write and save a news
// item, add a menu item).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, shot } from '../lib.mjs';
import { apiAs, eventually, signIn, token } from '../admin-lib.mjs';

const TABLET = { width: 768, height: 1024 };
const STAMP = Date.now() % 100000;

async function noSidewaysScroll(page, what) {
  const r = await page.evaluate(() => {
    const w = document.documentElement.clientWidth;
    const wide = [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > w + 1 && getComputedStyle(e).position !== 'fixed')
      .filter((e) => !e.closest('.visually-hidden'))
      .slice(0, 5)
      .map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')}#${e.id}`);
    // Nothing sticks out of its screen's panel either (clipped or not).
    const spill = [...document.querySelectorAll('main .adm-section')].flatMap((sec) => {
      const edge = sec.getBoundingClientRect().right;
      return [...sec.querySelectorAll('*')]
        .filter((e) => !e.closest('.visually-hidden') && e.getBoundingClientRect().right > edge + 1)
        .slice(0, 5)
        .map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')}#${e.id}`);
    });
    return { sw: document.documentElement.scrollWidth, w, wide, spill };
  });
  assert.ok(r.sw <= r.w, `${what}: document is ${r.sw}px wide in a ${r.w}px viewport (${r.wide.join(', ')})`);
  assert.deepEqual(r.spill, [], `${what}: sticks out of its panel`);
}

/** Describes the focused element, and whether its focus ring shows. */
const focused = (page) =>
  page.evaluate(() => {
    const e = document.activeElement;
    if (!e || e === document.body) return { tag: 'body' };
    const cs = getComputedStyle(e);
    const box = e.getBoundingClientRect();
    return {
      tag: e.tagName.toLowerCase(),
      id: e.id,
      text: (e.innerText || e.value || '').trim().slice(0, 40),
      inMain: !!e.closest('main'),
      inSide: !!e.closest('.adm-side'),
      ring: e.matches(':focus-visible') && ((cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2) || cs.boxShadow !== 'none'),
      onScreen: box.left >= 0 && box.right <= document.documentElement.clientWidth + 1,
    };
  });

/** Presses Tab (or Shift+Tab) until the focused element matches `selector`. */
async function tabTo(page, selector, { back = false, max = 80 } = {}) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    if (await page.evaluate((sel) => !!document.activeElement?.matches(sel), selector)) {
      const f = await focused(page);
      assert.ok(f.ring, `focus ring on ${selector}: ${JSON.stringify(f)}`);
      assert.ok(f.onScreen, `${selector} is within the viewport: ${JSON.stringify(f)}`);
      return f;
    }
  }
  throw new Error(`${back ? 'Shift+Tab' : 'Tab'} never reached ${selector}; focus on ${JSON.stringify(await focused(page))}`);
}

/** From the side navigation, opens a screen with Enter; focus moves to the main area. */
async function openByKeyboard(page, href, screen, back) {
  await tabTo(page, `.adm-side a[href$="${href}"]`, { back });
  await page.keyboard.press('Enter');
  await page.locator(`[data-screen="${screen}"]`).waitFor();
  const f = await focused(page);
  assert.ok(f.inMain, `after opening ${screen}, focus is in the main area: ${JSON.stringify(f)}`);
}

test('tablet and keyboard: dashboard, news list, news editor and nav editor', async () => {
  const title = `平板鍵盤公告 ${STAMP}`;
  const menu = `平板選單 ${STAMP}`;
  const b = await launch(TABLET);
  try {
    await signIn(b.page, 'admin');
    await b.page.locator('[data-screen="dashboard"] .figs').waitFor();
    await noSidewaysScroll(b.page, 'dashboard');
    // The side navigation shows beside the content at this size.
    assert.equal(await b.page.locator('.adm-side').isVisible(), true);
    assert.equal(await b.page.locator('.adm-menu-btn').isVisible(), false);
    await shot(b.page, 'admin-tablet-dashboard');

    // The skip link is the first stop and leads into the main area.
    // (A reload starts keyboard navigation at the top; the session survives it.)
    await b.page.reload();
    await b.page.locator('[data-screen="dashboard"] .figs').waitFor();
    await tabTo(b.page, '.skip-link', { max: 1 });
    await b.page.keyboard.press('Enter');
    assert.equal(await b.page.evaluate(() => document.activeElement?.id), 'main');

    // News list: reached by keyboard, searched by keyboard.
    await openByKeyboard(b.page, '/admin/news', 'news-list', true);
    await b.page.locator('[data-list="news"] tbody tr').first().waitFor();
    await noSidewaysScroll(b.page, 'news list');
    // The pager is two real buttons (no markup leaking as text).
    assert.equal(await b.page.locator('.pager button').count(), 2);
    assert.equal(await b.page.locator('.pager button', { hasText: '下一頁' }).count(), 1);
    assert.ok(!(await b.page.locator('main').innerText()).includes('page.update'));
    const f1 = await tabTo(b.page, '[data-action="new-news"]');
    assert.ok(f1.inMain);
    const firstTitle = await b.page.locator('[data-list="news"] tbody tr').first().getAttribute('data-title');
    const word = [...firstTitle].slice(0, 4).join('');
    await tabTo(b.page, '#f-q');
    await b.page.keyboard.type(word);
    await b.page.keyboard.press('Enter');
    await b.page.waitForFunction(
      (w) => {
        const rows = [...document.querySelectorAll('[data-list="news"] tbody tr')];
        return rows.length > 0 && rows.every((r) => r.dataset.title.includes(w));
      },
      word,
    );
    await noSidewaysScroll(b.page, 'news list (searched)');
    await shot(b.page, 'admin-tablet-news');

    // News editor: opened, filled and saved without a mouse.
    await tabTo(b.page, '[data-action="new-news"]', { back: true });
    await b.page.keyboard.press('Enter');
    await b.page.locator('form[data-form="news"]').waitFor();
    await noSidewaysScroll(b.page, 'news editor');
    await tabTo(b.page, '#news-title');
    await b.page.keyboard.type(title);
    await tabTo(b.page, '.rte[contenteditable="true"]');
    await b.page.keyboard.type('用鍵盤寫的內容。');
    await tabTo(b.page, '#news-draft');
    await b.page.keyboard.press('Space');
    assert.equal(await b.page.locator('#news-draft').isChecked(), true);
    await tabTo(b.page, 'form[data-form="news"] button[type="submit"]');
    await noSidewaysScroll(b.page, 'news editor (filled)');
    await shot(b.page, 'admin-tablet-news-editor');
    await b.page.keyboard.press('Enter');
    const admin = await token('admin');
    const saved = await eventually(async () => {
      const r = await apiAs(admin, 'GET', `/manage/news?q=${encodeURIComponent(title)}`);
      return r.body?.items?.find((n) => n.title === title);
    }, 'the news item saved from the keyboard');
    assert.equal(saved.state, 'draft');

    // Navigation editor: add a top-level link by keyboard.
    await openByKeyboard(b.page, '/admin/nav', 'nav', true);
    await b.page.locator('li.tree-row').first().waitFor();
    await noSidewaysScroll(b.page, 'nav editor');
    // Each row keeps its buttons beside its name, not wrapped under it.
    const wrapped = await b.page.locator('li.tree-row').evaluateAll((rows) =>
      rows
        .filter((r) => {
          const label = r.querySelector('.label').getBoundingClientRect();
          const actions = r.querySelector('.row-actions').getBoundingClientRect();
          return actions.top >= label.bottom - 1;
        })
        .map((r) => r.dataset.navName));
    assert.deepEqual(wrapped, [], 'nav rows whose buttons wrapped under the name at 768 px');
    await tabTo(b.page, '[data-action="add-top"]');
    await b.page.keyboard.press('Enter');
    await b.page.waitForFunction(() => document.activeElement?.id === 'nav-name');
    await b.page.keyboard.type(menu);
    await tabTo(b.page, '#nav-kind');
    assert.equal(await b.page.locator('#nav-kind').inputValue(), 'link');
    await tabTo(b.page, '#nav-url');
    await b.page.keyboard.press('ControlOrMeta+a');
    await b.page.keyboard.type('https://example.edu.tw/tablet');
    await noSidewaysScroll(b.page, 'nav editor (form)');
    await b.page.keyboard.press('Enter');
    await b.page.locator(`li.tree-row[data-nav-name="${menu}"]`).waitFor();
    const nav = (await apiAs(admin, 'GET', '/manage/nav')).body;
    const flat = JSON.stringify(nav);
    assert.ok(flat.includes(menu) && flat.includes('https://example.edu.tw/tablet'), 'the menu item is stored');
    await noSidewaysScroll(b.page, 'nav editor (added)');
    // Its buttons are in reach of Tab too; delete it again (asks first).
    const row = b.page.locator(`li.tree-row[data-nav-name="${menu}"]`);
    const del = await row.locator('[data-action="delete"]').evaluate((e) => {
      e.setAttribute('data-tablet-target', '');
      return true;
    });
    assert.ok(del);
    let asked = '';
    b.page.once('dialog', (d) => {
      asked = d.message();
      d.accept();
    });
    await tabTo(b.page, '[data-tablet-target]', { max: 200 });
    await b.page.keyboard.press('Enter');
    await row.waitFor({ state: 'detached' });
    assert.ok(asked.includes(menu), `asked before deleting: ${asked}`);
    await shot(b.page, 'admin-tablet-nav');
    assert.deepEqual(b.errors, []);
  } finally {
    await b.close();
  }
});
