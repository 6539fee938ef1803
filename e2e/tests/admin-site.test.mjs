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
