// Links on the homepage and link owners: a site admin reorders the homepage
// links by keyboard (checked on the public homepage) and chooses a link's
// owner group; a staff user is offered only their own staff groups and no
// buttons for another group's links.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, DESKTOP, launch, shot } from '../lib.mjs';
import { ADMIN, apiAs, signIn, token } from '../admin-lib.mjs';

const TABLET = { width: 768, height: 1024 };
const homeLinks = async () =>
  (await fetch(`${BASE}/api/v1/sites/demo/links/homepage`, { cache: 'no-store' })).json();
const allLinks = async () =>
  (await (await fetch(`${BASE}/api/v1/sites/demo/links`, { cache: 'no-store' })).json()).flatMap((c) => c.links);

async function openLinks(page) {
  await page.locator('.adm-side a', { hasText: '網站連結' }).click();
  await page.locator('[data-screen="links"]').waitFor();
}

test('a site admin reorders the homepage links by keyboard; visitors see the new order', async () => {
  const before = await homeLinks();
  assert.ok(before.length >= 2, 'the demo has homepage links');
  const moved = before.at(-1);
  const expected = before.map((l) => l.title);
  expected.splice(-2, 2, moved.title, expected.at(-2));

  const b = await launch(TABLET);
  try {
    await signIn(b.page, 'admin');
    await openLinks(b.page);
    const rows = b.page.locator('[data-homepage-links] li');
    await rows.first().waitFor();
    assert.deepEqual(
      await rows.evaluateAll((l) => l.map((x) => x.dataset.homeLink)),
      before.map((l) => l.title),
      'the dashboard lists the homepage links in homepage order',
    );
    // The last one has no "down"; move it up with the keyboard.
    assert.equal(await b.page.locator(`#home-${moved.id}-down`).isDisabled(), true);
    await b.page.locator(`#home-${moved.id}-up`).focus();
    await b.page.keyboard.press('Enter');
    await b.page.waitForFunction(
      ([title, at]) => [...document.querySelectorAll('[data-homepage-links] li')][at]?.dataset.homeLink === title,
      [moved.title, before.length - 2],
    );
    await b.page.locator('[data-screen="links"] .adm-note.ok', { hasText: '已移動' }).first().waitFor();
    // Focus stays on the moved link's button.
    const focused = await b.page.evaluate(() => document.activeElement?.id);
    assert.ok([`home-${moved.id}-up`, `home-${moved.id}-down`].includes(focused), `focus on ${focused}`);
    assert.deepEqual(await rows.evaluateAll((l) => l.map((x) => x.dataset.homeLink)), expected);
    await shot(b.page, 'admin-links-homepage');
    assert.deepEqual(b.errors, []);
  } finally {
    await b.close();
  }
  assert.deepEqual((await homeLinks()).map((l) => l.title), expected, 'the API stored the new order');

  const v = await launch(DESKTOP);
  try {
    await v.page.goto(`${BASE}/s/demo/`);
    const shown = v.page.locator('section[aria-labelledby="home-links-h"] .link-list li');
    await shown.first().waitFor();
    const texts = await shown.allInnerTexts();
    assert.ok(texts.length >= 2, texts.join('|'));
    texts.forEach((t, i) => assert.ok(t.includes(expected[i]), `homepage link ${i}: ${t} (want ${expected[i]})`));
  } finally {
    await v.close();
  }
});

test('the homepage order marks the links past the layout\'s cut-off', async () => {
  const admin = await token('admin');
  const layout = (await apiAs(admin, 'GET', '/homepage-layout')).body;
  const home = await homeLinks();
  assert.ok(home.length >= 2, 'the demo has homepage links');
  const cut = home.length - 1;
  const links = { kind: 'links', enabled: true, count: cut };
  const narrowed = {
    blocks: layout.blocks.some((b) => b.kind === 'links')
      ? layout.blocks.map((b) => (b.kind === 'links' ? links : b))
      : [...layout.blocks, links],
  };
  assert.equal((await apiAs(admin, 'PUT', '/homepage-layout', narrowed)).status, 200);
  const b = await launch(TABLET);
  try {
    await signIn(b.page, 'admin');
    await openLinks(b.page);
    await b.page.locator(`[data-homepage-links] [data-home-limit="${cut}"]`).waitFor();
    const rows = b.page.locator('[data-homepage-links] li');
    const marked = await rows.evaluateAll((l) => l.map((x) => x.hasAttribute('data-past-limit')));
    assert.deepEqual(marked, home.map((_, i) => i >= cut), 'only the links past the cut-off are marked');
    assert.match(await rows.last().innerText(), /首頁不顯示/);
    await shot(b.page, 'admin-links-cutoff');
    assert.deepEqual(b.errors, []);
  } finally {
    await b.close();
    assert.equal((await apiAs(admin, 'PUT', '/homepage-layout', layout)).status, 200);
  }
});

test('owner groups: admins choose any group, staff only their own; others\' links offer no buttons', async () => {
  const admin = await token('admin');
  const groups = (await apiAs(admin, 'GET', '/groups')).body;
  const academic = groups.find((g) => g.name === '教務處');
  const student = groups.find((g) => g.name === '學務處');
  assert.ok(academic && student, 'demo groups exist');
  const title = `教務處連結 e2e ${Date.now() % 100000}`;

  const b = await launch(TABLET);
  try {
    await signIn(b.page, 'admin');
    await openLinks(b.page);
    // Site admins are offered "none" and every group (the groups arrive
    // after the screen does: wait for them, not for the first paint).
    await b.page.waitForFunction((n) => document.querySelectorAll('#lnk-group option').length >= n, groups.length + 1);
    const values = await b.page.locator('#lnk-group option').evaluateAll((o) => o.map((x) => x.value));
    assert.ok(values.includes(''), 'no owner: site admins only');
    for (const g of groups) assert.ok(values.includes(String(g.id)), `group ${g.name} offered`);
    await b.page.locator('#lnk-title').fill(title);
    await b.page.locator('#lnk-url').fill('https://example.edu.tw/academic');
    await b.page.locator('#lnk-group').selectOption(String(academic.id));
    await b.page.locator('form[data-form="link"] button[type="submit"]').click();
    await b.page.locator(`li[data-link="${title}"]`).waitFor();
    const made = (await allLinks()).find((l) => l.title === title);
    assert.equal(made.group_id, academic.id, 'stored with the chosen owner group');
    // Editing shows the owner; the form is back to "none" after saving.
    assert.equal(await b.page.locator('#lnk-group').inputValue(), '');
    await b.page.locator(`li[data-link="${title}"] [data-action="edit"]`).click();
    assert.equal(await b.page.locator('#lnk-group').inputValue(), String(academic.id));
  } finally {
    await b.close();
  }

  const regMe = (await apiAs(await token('registry'), 'GET', '/me')).body;
  const own = regMe.rights.staff_group_ids.map(String);
  assert.ok(own.length > 0 && !own.includes(String(student.id)));
  const s = await launch(TABLET);
  try {
    await signIn(s.page, 'registry');
    await openLinks(s.page);
    const values = await s.page.locator('#lnk-group option').evaluateAll((o) => o.map((x) => x.value));
    assert.deepEqual([...values].sort(), [...own].sort(), 'only the user\'s own staff groups');
    // A link of 學務處 (demo) is shown without edit or delete buttons.
    const foreign = (await allLinks()).find((l) => l.group_id === student.id);
    assert.ok(foreign, 'the demo has a 學務處 link');
    const row = s.page.locator(`li[data-link="${foreign.title}"]`);
    await row.waitFor();
    assert.equal(await row.locator('[data-action="edit"], [data-action="delete"]').count(), 0);
    // No reordering controls for staff either.
    assert.equal(await s.page.locator('[data-homepage-links], [data-action="up"]').count(), 0);
    assert.deepEqual(s.errors, []);
  } finally {
    await s.close();
  }
});
