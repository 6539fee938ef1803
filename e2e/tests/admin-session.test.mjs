// The session ends while a news item is being written (its password was
// changed elsewhere, which revokes every token): saving shows the sign-in
// dialog over the editor, and after signing in again the unsaved form is
// still there and saves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, shot } from '../lib.mjs';
import { ADMIN, signIn, token, apiAs, activeUser } from '../admin-lib.mjs';

const TABLET = { width: 1180, height: 900 };
const ACCOUNT = 'e2e-webmaster';
const FIRST = 'First-pass-2026-e2e';
const SECOND = 'Second-pass-2026-e2e';
const TITLE = `校外教學通知（e2e ${Date.now()}）`;

test('an expired session signs in again over the news editor without losing the form', async () => {
  const admin = await token('admin');
  const groups = (await apiAs(admin, 'GET', '/groups')).body;
  const adminGroup = groups.find((g) => g.kind === 'admin');
  assert.ok(adminGroup, 'the demo has an admin group');
  await activeUser(admin, ACCOUNT, FIRST, [adminGroup.id]);

  const b = await launch(TABLET);
  try {
    await signIn(b.page, ACCOUNT, FIRST);
    await b.page.goto(`${ADMIN}/news/new`);
    await b.page.locator('#news-title').fill(TITLE);
    await b.page.locator('[data-rte="body"]').click();
    await b.page.keyboard.type('請於週五前繳回家長同意書。');
    await b.page.locator('#news-tags').fill('校外教學');

    // Elsewhere, the password changes: every token of this account is revoked.
    const other = await fetch(`${BASE}/api/v1/sites/demo/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ account: ACCOUNT, password: FIRST }),
    });
    const tok = (await other.json()).access_token;
    const changed = await apiAs(tok, 'POST', '/me/password', { current_password: FIRST, new_password: SECOND });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));

    // Saving now finds the session gone: the sign-in dialog covers the editor.
    await b.page.getByRole('button', { name: '儲存', exact: true }).click();
    const dialog = b.page.getByRole('dialog');
    await dialog.waitFor();
    assert.match(await dialog.textContent(), /登入已逾時/);
    assert.equal(await b.page.locator('#news-title').inputValue(), TITLE, 'the title is kept under the dialog');
    await shot(b.page, 'admin-session-expired');

    // Signing in again (account filled in) closes the dialog; the form is intact.
    assert.equal(await dialog.locator('#login-account').inputValue(), ACCOUNT);
    await dialog.locator('#login-password').fill(SECOND);
    await dialog.getByRole('button', { name: '登入', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await b.page.locator('#news-title').inputValue(), TITLE);
    assert.match(await b.page.locator('[data-rte="body"]').textContent(), /家長同意書/);
    assert.equal(await b.page.locator('#news-tags').inputValue(), '校外教學');
    await b.page.getByRole('button', { name: '儲存', exact: true }).click();
    await b.page.waitForURL(/\/admin\/news\/\d+/);
    const id = Number(b.page.url().match(/news\/(\d+)/)[1]);
    const got = await apiAs(admin, 'GET', `/news/${id}`);
    assert.equal(got.status, 200);
    assert.equal(got.body.title, TITLE);
    assert.match(got.body.body, /家長同意書/);
    assert.deepEqual(b.errors, []);
  } finally {
    await b.close();
  }
});
