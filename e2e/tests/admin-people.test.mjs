// Users and groups from the dashboard: the group tree, creating and moving
// a group, changing a group's kind (and so its members' rights), a new user with groups, a password reset, and effective rights.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, shot } from '../lib.mjs';
import { ADMIN, signIn, token, apiAs, activeUser, eventually } from '../admin-lib.mjs';

const TABLET = { width: 1180, height: 900 };
const grp = (page, name) => page.locator(`[data-tree="groups"] li[data-group="${name}"]`);

test('groups: create under a parent, move to the top, delete after confirming', async () => {
  const b = await launch(TABLET);
  b.page.on('dialog', (d) => d.accept());
  try {
    await signIn(b.page, 'admin');
    await b.page.locator('.adm-side a', { hasText: '群組' }).click();
    await grp(b.page, '教務處').waitFor();
    assert.equal(await grp(b.page, '註冊組').getAttribute('data-depth'), '1');
    await b.page.locator('#grp-name').fill('資訊組');
    await b.page.locator('#grp-parent').selectOption({ label: '教務處' });
    await b.page.getByRole('button', { name: '建立群組' }).click();
    await grp(b.page, '資訊組').waitFor();
    assert.equal(await grp(b.page, '資訊組').getAttribute('data-depth'), '1');
    await grp(b.page, '資訊組').locator('select[data-action="move"]').selectOption('');
    await b.page.waitForFunction(() => document.querySelector('li[data-group="資訊組"]')?.dataset.depth === '0');
    await grp(b.page, '資訊組').locator('[data-action="delete"]').click();
    await b.page.waitForFunction(() => !document.querySelector('li[data-group="資訊組"]'));
  } finally {
    await b.close();
  }
});

test('users: create with groups, reset a password, show effective rights', async () => {
  const b = await launch(TABLET);
  try {
    await signIn(b.page, 'admin');
    await b.page.goto(`${ADMIN}/users`);
    await b.page.locator('[data-list="users"]').waitFor();
    // The effective rights of a sub-group member include the parent group.
    await b.page.locator('tr[data-account="registry"] [data-action="rights"]').click();
    const panel = b.page.locator('[data-rights]');
    await panel.waitFor();
    assert.match(await panel.textContent(), /註冊組/);
    assert.match(await panel.textContent(), /教務處/);
    assert.equal(await panel.locator('[data-site-admin]').getAttribute('data-site-admin'), 'false');
    await shot(b.page, 'admin-users');
    // A new user in 學務處.
    await b.page.locator('[data-action="new-user"]').click();
    await b.page.locator('#usr-account').fill('e2e-teacher');
    await b.page.locator('#usr-name').fill('測試老師');
    await b.page.locator('form[data-form="user"] input[data-group="學務處"]').check();
    await b.page.locator('#usr-password').fill('Temporary-pass-2026');
    await b.page.locator('form[data-form="user"] button[type="submit"]').click();
    const row = b.page.locator('tr[data-account="e2e-teacher"]');
    await row.waitFor();
    assert.match(await row.textContent(), /學務處/);
    assert.equal(await row.locator('[data-status]').getAttribute('data-status'), 'must_change_password');
    // Reset its password and activate it; the new password then works.
    await row.locator('[data-action="edit"]').click();
    await b.page.locator('#usr-status').selectOption('active');
    await b.page.locator('#usr-password').fill('Another-pass-2026');
    await b.page.locator('form[data-form="user"] button[type="submit"]').click();
    await b.page.locator('form[data-form="user"]').waitFor({ state: 'detached' });
  } finally {
    await b.close();
  }
  const tok = await token('e2e-teacher', 'Another-pass-2026');
  assert.ok(tok);
  const admin = await token('admin');
  const users = (await apiAs(admin, 'GET', '/users?per_page=100')).body.items;
  assert.ok(users.some((u) => u.account === 'e2e-teacher'));
});

test("groups: changing a group's kind changes what its members may do", async () => {
  const admin = await token('admin');
  const g = await apiAs(admin, 'POST', '/groups', { name: '值週組 e2e', kind: 'staff' });
  assert.equal(g.status, 201, JSON.stringify(g.body));
  await activeUser(admin, 'e2e-duty', 'Duty-pass-2026-e2e', [g.body.id]);
  const kindOf = async () => (await apiAs(admin, 'GET', '/groups')).body.find((x) => x.id === g.body.id).kind;
  const b = await launch(TABLET);
  try {
    await signIn(b.page, 'admin');
    await b.page.goto(`${ADMIN}/groups`);
    const select = grp(b.page, '值週組 e2e').locator('select[data-action="kind"]');
    await select.waitFor();
    assert.equal(await select.inputValue(), 'staff');
    // Making it an admin group asks first; declining changes nothing.
    b.page.once('dialog', (d) => d.dismiss());
    await select.selectOption('admin');
    await b.page.waitForFunction(() => document.querySelector('li[data-group="值週組 e2e"] select[data-action="kind"]')?.value === 'staff');
    assert.equal(await kindOf(), 'staff');
    b.page.once('dialog', (d) => d.accept());
    await select.selectOption('admin');
    await b.page.locator('.adm-note.ok', { hasText: '已變更種類' }).waitFor();
    assert.equal(await kindOf(), 'admin');
    assert.equal(await grp(b.page, '值週組 e2e').locator('select[data-action="kind"]').inputValue(), 'admin');
  } finally {
    await b.close();
  }
  // Its member is now offered the site-admin screens.
  const m = await launch(TABLET);
  try {
    await signIn(m.page, 'e2e-duty', 'Duty-pass-2026-e2e');
    const side = await m.page.locator('.adm-side a').allTextContents();
    assert.ok(side.includes('使用者') && side.includes('群組'), side.join());
  } finally {
    await m.close();
  }
  // And back to a normal group (taking admin rights away asks first).
  const b2 = await launch(TABLET);
  b2.page.on('dialog', (d) => d.accept());
  try {
    await signIn(b2.page, 'admin');
    await b2.page.goto(`${ADMIN}/groups`);
    await grp(b2.page, '值週組 e2e').locator('select[data-action="kind"]').selectOption('normal');
    await eventually(async () => (await kindOf()) === 'normal', 'the kind to become normal');
  } finally {
    await b2.close();
  }
  const m2 = await launch(TABLET);
  try {
    await signIn(m2.page, 'e2e-duty', 'Duty-pass-2026-e2e');
    const side = await m2.page.locator('.adm-side a').allTextContents();
    assert.ok(!side.includes('使用者') && !side.includes('最新消息'), side.join());
  } finally {
    await m2.close();
  }
});
