// The navigation editor: a two-level menu built from the dashboard shows on
// the public site; keyboard buttons and drag and drop reorder and move;
// deleting an item with sub-items asks what to do with them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, DESKTOP, launch, shot } from '../lib.mjs';
import { ADMIN, signIn } from '../admin-lib.mjs';

const TABLET = { width: 1180, height: 900 };
const TOP = `家長專區 ${Date.now() % 100000}`;

async function publicNav() {
  const r = await fetch(`${BASE}/api/v1/sites/demo/nav`, { cache: 'no-store' });
  return r.json();
}
const row = (page, name) => page.locator(`li.tree-row[data-nav-name="${name}"]`);

async function addItem(page, { name, kind = 'link', url, parentButton }) {
  if (parentButton) await parentButton.click();
  else await page.locator('[data-action="add-top"]').click();
  await page.locator('#nav-name').fill(name);
  await page.locator('#nav-kind').selectOption(kind);
  if (url) await page.locator('#nav-url').fill(url);
  await page.locator('form[data-form="nav"] button[type="submit"]').click();
  await row(page, name).waitFor();
}

test('a site admin builds a two-level menu that shows on the public site', async (t) => {
  const b = await launch(TABLET);
  try {
    await signIn(b.page, 'admin');
    await b.page.locator('.adm-side a', { hasText: '選單' }).click();
    await b.page.locator('[data-tree="nav"]').waitFor();
    await addItem(b.page, { name: TOP, kind: 'submenu' });
    await addItem(b.page, {
      name: '午餐菜單', url: 'https://example.org/lunch',
      parentButton: row(b.page, TOP).locator('[data-action="add-child"]'),
    });
    assert.equal(await row(b.page, '午餐菜單').getAttribute('data-depth'), '1');
    // A top-level item indented with the keyboard button becomes a sub-item.
    await addItem(b.page, { name: '校友會', url: 'https://example.org/alumni' });
    const alumni = row(b.page, '校友會');
    const id = await alumni.getAttribute('data-nav-id');
    await alumni.locator(`#nav-${id}-in`).click();
    await b.page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-depth') === '1',
      'li.tree-row[data-nav-name="校友會"]');
    // Focus stays on the control that was used.
    await b.page.waitForFunction((fid) => document.activeElement?.id === fid, `nav-${id}-in`);
    // ↑ puts it before 午餐菜單 (keyboard: Enter on the focused button).
    await b.page.locator(`#nav-${id}-up`).focus();
    await b.page.keyboard.press('Enter');
    await b.page.waitForFunction((name) => {
      const names = [...document.querySelectorAll('li.tree-row[data-depth="1"]')].map((e) => e.dataset.navName);
      return names.indexOf(name) >= 0 && names.indexOf(name) < names.indexOf('午餐菜單');
    }, '校友會');
    // Drag and drop: 午餐菜單 onto 校友會's place.
    await row(b.page, '午餐菜單').dragTo(row(b.page, '校友會'));
    await b.page.waitForFunction(() => {
      const names = [...document.querySelectorAll('li.tree-row[data-depth="1"]')].map((e) => e.dataset.navName);
      return names.indexOf('午餐菜單') >= 0 && names.indexOf('午餐菜單') < names.indexOf('校友會');
    });
    await shot(b.page, 'admin-nav-editor');
    assert.deepEqual(b.errors, []);
  } finally {
    await b.close();
  }
  const nav = await publicNav();
  const top = nav.find((n) => n.name === TOP);
  assert.ok(top, 'the submenu is public');
  assert.deepEqual(top.children.map((c) => c.name), ['午餐菜單', '校友會']);
  if ((await fetch(`${BASE}/api/v1/sites/demo/homepage`)).ok) {
    const v = await launch(DESKTOP);
    try {
      await v.page.goto(`${BASE}/s/demo/`);
      await v.page.getByText(TOP).first().waitFor();
    } finally {
      await v.close();
    }
  } else {
    t.diagnostic('GET /api/v1/sites/demo/homepage missing: checked the public nav API instead of the visitor page');
  }
});

test('deleting an item with sub-items asks what to do with them', async () => {
  const b = await launch(TABLET);
  try {
    await signIn(b.page, 'admin');
    await b.page.goto(`${ADMIN}/nav`);
    await row(b.page, TOP).waitFor();
    await row(b.page, TOP).locator('[data-action="delete"]').click();
    await b.page.locator('[data-delete-choice]').waitFor();
    await b.page.locator('[data-choice="lift"]').click();
    await b.page.waitForFunction((n) => !document.querySelector(`li.tree-row[data-nav-name="${n}"]`), TOP);
    assert.equal(await row(b.page, '午餐菜單').getAttribute('data-depth'), '0');
  } finally {
    await b.close();
  }
  const nav = await publicNav();
  assert.ok(!nav.some((n) => n.name === TOP));
  assert.ok(nav.some((n) => n.name === '午餐菜單'), 'children were lifted to the top level');
});
