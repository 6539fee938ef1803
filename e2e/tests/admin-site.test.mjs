// Site-admin screens: phone extensions with the exact tap-to-call link,
// API tokens shown once, and the sign-in log.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch } from '../lib.mjs';
import { ADMIN, signIn } from '../admin-lib.mjs';

const TABLET = { width: 1180, height: 900 };

test('extensions: the preview shows the exact tap-to-call link that is then stored', async () => {
  const site = await (await fetch(`${BASE}/api/v1/sites/demo`)).json();
  assert.ok(site.phone_uri, 'the demo site has a phone');
  const b = await launch(TABLET);
  try {
    await signIn(b.page, 'admin');
    await b.page.locator('.adm-side a', { hasText: '分機表' }).click();
    await b.page.locator('[data-list="extensions"]').waitFor();
    await b.page.locator('#ext-title').fill('資訊組 e2e');
    await b.page.locator('#ext-number').fill('987');
    assert.match(await b.page.locator('[data-preview]').textContent(), new RegExp(`${site.phone_uri.replace('+', '\\+')},987$`));
    await b.page.locator('form[data-form="extension"] button[type="submit"]').click();
    const link = b.page.locator('tr[data-extension="987"] a[data-tel]');
    await link.waitFor();
    assert.equal(await link.getAttribute('href'), `${site.phone_uri},987`);
  } finally {
    await b.close();
  }
});

test('API tokens are shown once; the sign-in log lists sign-ins', async () => {
  const b = await launch(TABLET);
  try {
    await signIn(b.page, 'admin');
    await b.page.goto(`${ADMIN}/tokens`);
    await b.page.locator('#tok-name').fill('校務系統同步');
    await b.page.locator('form[data-form="token"] button[type="submit"]').click();
    const secret = await b.page.locator('[data-secret]').textContent();
    assert.ok(secret.length > 20);
    await b.page.locator('tr[data-token="校務系統同步"]').waitFor();
    const r = await fetch(`${BASE}/api/v1/sites/demo/users`, { headers: { authorization: `Bearer ${secret}` } });
    assert.notEqual(r.status, 401, 'the token authenticates');
    await b.page.goto(`${ADMIN}/auth-log`);
    await b.page.locator('[data-list="auth-log"] tr[data-kind="login"]').first().waitFor();
  } finally {
    await b.close();
  }
});

test('pages: a page restricted to one group is not public', async () => {
  const b = await launch(TABLET);
  let id;
  try {
    await signIn(b.page, 'admin');
    await b.page.goto(`${ADMIN}/pages`);
    await b.page.locator('[data-action="new-page"]').click();
    await b.page.locator('#page-title').fill('教師研習資料 e2e');
    await b.page.locator('[data-rte="body"]').click();
    await b.page.keyboard.type('僅限教師閱讀。');
    await b.page.locator('input[data-group="edit:教務處"]').check();
    await b.page.locator('input[data-visibility="restricted"]').check();
    await b.page.locator('input[data-group="read:全體教師"]').check();
    await b.page.locator('form[data-form="page"] button[type="submit"]').click();
    await b.page.waitForURL(/\/admin\/pages\/\d+/);
    id = Number(b.page.url().match(/pages\/(\d+)/)[1]);
  } finally {
    await b.close();
  }
  const anon = await fetch(`${BASE}/api/v1/sites/demo/pages/${id}`);
  assert.equal(anon.status, 404, 'visitors may not read it');
});
