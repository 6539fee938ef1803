// Admin sign-in: the dashboard, silent refresh across reloads, sign-out,
// the forced password change, rights-filtered navigation, and the lockout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, DESKTOP, launch, shot } from '../lib.mjs';
import { ADMIN, signIn, token, apiAs } from '../admin-lib.mjs';

const TABLET = { width: 1024, height: 768 };

test('a site admin signs in, sees the dashboard and every admin menu entry', async () => {
  const b = await launch(TABLET);
  try {
    await signIn(b.page, 'admin');
    await b.page.locator('[data-screen="dashboard"]').waitFor();
    await b.page.locator('[data-stats]').first().waitFor();
    const side = await b.page.locator('.adm-side a').allTextContents();
    for (const label of ['總覽', '最新消息', '選單', '使用者', '群組', '登入紀錄']) {
      assert.ok(side.includes(label), `${label} in ${side}`);
    }
    assert.equal(await b.page.locator('[data-user]').textContent(), '資訊組長');
    await shot(b.page, 'admin-dashboard');
    // The access token is in memory only: nothing in web storage.
    const stored = await b.page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
    assert.ok(!/eyJ/.test(stored), 'no JWT in web storage');
    // A reload signs in again silently through the HttpOnly refresh cookie.
    await b.page.reload();
    await b.page.locator('[data-screen="dashboard"]').waitFor();
    // English through the language switch.
    await b.page.getByRole('button', { name: 'English' }).click();
    await b.page.getByRole('heading', { name: 'Overview' }).waitFor();
    await b.page.getByRole('button', { name: '中文' }).click();
    // Sign out: back to the form, and a reload stays signed out.
    await b.page.getByRole('button', { name: '登出' }).click();
    await b.page.locator('#login-account').waitFor();
    await b.page.reload();
    await b.page.locator('#login-account').waitFor();
    assert.deepEqual(b.errors, []);
  } finally {
    await b.close();
  }
});

test('a staff user sees only what their rights allow', async () => {
  const b = await launch(TABLET);
  try {
    await signIn(b.page, 'registry');
    const side = await b.page.locator('.adm-side a').allTextContents();
    assert.ok(side.includes('最新消息'), side.join());
    for (const label of ['選單', '使用者', '群組', '登入紀錄', 'API 權杖']) {
      assert.ok(!side.includes(label), `${label} must not be offered: ${side}`);
    }
    // Typing the URL of an admin-only screen shows a refusal, not the screen.
    await b.page.goto(`${ADMIN}/users`);
    await b.page.getByRole('heading', { name: '沒有權限' }).waitFor();
  } finally {
    await b.close();
  }
});

test('a wrong password never says which field was wrong', async () => {
  const b = await launch(DESKTOP);
  try {
    await b.page.goto(ADMIN);
    await b.page.locator('#login-account').fill('no-such-account');
    await b.page.locator('#login-password').fill('whatever');
    await b.page.getByRole('button', { name: '登入' }).click();
    const msg = await b.page.locator('#login-error').textContent();
    assert.equal(msg, '帳號或密碼不正確。');
  } finally {
    await b.close();
  }
});

test('a user whose password must change is sent to the change form first', async () => {
  const admin = await token('admin');
  const created = await apiAs(admin, 'POST', '/users', {
    account: 'newteacher', password: 'Temp-pass-2026!', display_name: '新老師', group_ids: [],
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const b = await launch(DESKTOP);
  try {
    await b.page.goto(ADMIN);
    await b.page.locator('#login-account').fill('newteacher');
    await b.page.locator('#login-password').fill('Temp-pass-2026!');
    await b.page.getByRole('button', { name: '登入' }).click();
    await b.page.locator('form[data-form="password"]').waitFor();
    await b.page.locator('#pw-current').fill('Temp-pass-2026!');
    await b.page.locator('#pw-new').fill('A-much-better-pass-2026');
    await b.page.locator('#pw-again').fill('A-much-better-pass-2026');
    await b.page.getByRole('button', { name: '變更密碼' }).click();
    await b.page.locator('[data-screen="dashboard"]').waitFor();
  } finally {
    await b.close();
  }
});

test('five wrong passwords show the lockout message with minutes', async () => {
  const b = await launch(DESKTOP);
  try {
    await b.page.goto(ADMIN);
    let msg = '';
    for (let i = 0; i < 6 && !/分鐘後再試/.test(msg); i++) {
      await b.page.locator('#login-account').fill('student');
      await b.page.locator('#login-password').fill(`wrong-${i}`);
      await b.page.getByRole('button', { name: '登入' }).click();
      await b.page.locator('#login-error').waitFor();
      await b.page.waitForFunction(() => !document.querySelector('.adm-login-form button[disabled]'));
      msg = await b.page.locator('#login-error').textContent();
    }
    assert.match(msg, /請於 \d+ 分鐘後再試/);
    await shot(b.page, 'admin-lockout');
  } finally {
    await b.close();
  }
});
