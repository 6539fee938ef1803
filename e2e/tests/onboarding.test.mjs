// A school's whole journey in the browser: apply on the platform host →
// read the confirmation mail from the real SMTP server → confirm → a
// platform admin approves → read the set-up mail → choose a password →
// the new school's dashboard → publish a first news item → see it on the
// school's public homepage. And a rejection, with its reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, axe, launch, shot } from '../lib.mjs';
import { PLATFORM, signInPlatform } from '../admin-lib.mjs';
import { MAILDIR, linkTo, waitForMail } from '../mail.mjs';

const TABLET = { width: 1180, height: 900 };

function school(tag) {
  const n = Date.now().toString(36);
  return {
    name: `臺北市立${tag}國民小學`,
    code: String(100000 + Math.floor(Math.random() * 899999)),
    slug: `e2e-${tag === '申請' ? 'ap' : 'rj'}-${n}`,
    email: `wm-${n}-${tag === '申請' ? 'a' : 'r'}@es.tp.edu.tw`,
    account: `wm${n}`,
  };
}

async function fill(page, s) {
  await page.locator('form[data-form="apply"]').waitFor();
  await page.locator('#ap-level option[value="國小"]').waitFor({ state: 'attached' });
  await page.locator('#ap-name').fill(s.name);
  await page.locator('#ap-code').fill(s.code);
  await page.locator('#ap-level').selectOption('國小');
  await page.locator('#ap-district').selectOption('大安');
  await page.locator('#ap-contact').fill('王小明');
  await page.locator('#ap-email').fill(s.email);
  await page.locator('#ap-phone').fill('02-2345-6789#123');
  await page.locator('#ap-slug').fill(s.slug);
  await page.locator('#ap-account').fill(s.account);
}

async function apply(page, s) {
  await page.goto(`${BASE}/admin/apply`);
  await fill(page, s);
  await page.getByRole('button', { name: '送出申請' }).click();
  await page.locator('[data-applied]').waitFor();
}

async function confirmByMail(page, s) {
  const mail = await waitForMail(s.email, '/admin/apply/confirm#');
  assert.match(mail.subject, /請確認電子郵件地址/);
  await page.goto(linkTo(mail.text, '/admin/apply/confirm'));
  await page.locator('[data-screen="apply-confirm"] .adm-note.ok').waitFor();
  assert.equal(await page.locator('[data-state]').textContent(), '審核中');
  // The secret is gone from the address bar once read.
  assert.ok(!page.url().includes('#'), page.url());
  return mail;
}

test('a school applies, confirms, is approved, sets a password and publishes', async (t) => {
  if (!PLATFORM.account || !MAILDIR) {
    t.skip('run through e2e/run.sh (platform admin and SMTP server)');
    return;
  }
  const s = school('申請');
  const b = await launch(TABLET);
  try {
    // The platform's sign-in page leads to the form.
    await b.page.goto(`${BASE}/admin`);
    await b.page.locator('[data-link="apply"]').click();
    await b.page.locator('form[data-form="apply"]').waitFor();
    assert.deepEqual(await axe(b.page), []);
    // A wrong address is explained next to its field; the form is kept.
    await fill(b.page, { ...s, email: 'someone@gmail.com' });
    await b.page.getByRole('button', { name: '送出申請' }).click();
    await b.page.locator('#ap-email-err').waitFor();
    assert.equal(await b.page.locator('#ap-name').inputValue(), s.name);
    await b.page.locator('#ap-email').fill(s.email);
    await b.page.getByRole('button', { name: '送出申請' }).click();
    await b.page.locator('[data-applied]').waitFor();
    await shot(b.page, 'onboarding-applied');

    await confirmByMail(b.page, s);
    assert.deepEqual(await axe(b.page), []);

    // A platform admin approves it from the review queue.
    await signInPlatform(b.page);
    const card = b.page.locator(`[data-application="${s.slug}"]`);
    await card.waitFor();
    assert.deepEqual(await axe(b.page), []);
    b.page.once('dialog', (d) => d.accept());
    await card.locator('[data-action="approve"]').click();
    await b.page.locator('.adm-note.ok', { hasText: '已核准' }).waitFor();
    await b.page.getByRole('button', { name: '登出' }).click();

    // The set-up mail: choose a password, land in the school's dashboard.
    const setup = await waitForMail(s.email, '/admin/account/set-up#');
    assert.ok(setup.text.includes(s.account));
    await b.page.goto(linkTo(setup.text, '/admin/account/set-up'));
    await b.page.locator('[data-account]').waitFor();
    assert.equal(await b.page.locator('[data-account]').textContent(), s.account);
    assert.deepEqual(await axe(b.page), []);
    await b.page.locator('#lp-password').fill('e2e new webmaster pass');
    await b.page.locator('#lp-again').fill('e2e new webmaster pass');
    await b.page.getByRole('button', { name: '設定密碼' }).click();
    await b.page.waitForURL(`**/s/${s.slug}/admin**`);
    await b.page.locator('[data-screen="dashboard"]').waitFor();
    // A new school is shown where to start; nothing is done yet.
    await b.page.locator('[data-first-steps]').waitFor();
    assert.equal(await b.page.locator('[data-first-steps] [data-done="true"]').count(), 0);
    assert.deepEqual(await axe(b.page), []);
    await shot(b.page, 'onboarding-dashboard');

    // The first news item, owned by one of the default offices.
    await b.page.goto(`${BASE}/s/${s.slug}/admin/news/new`);
    await b.page.locator('form[data-form="news"]').waitFor();
    await b.page.locator('#news-title').fill('本校網站開張');
    await b.page.locator('#news-group').selectOption({ label: '教務處' });
    await b.page.getByRole('button', { name: '儲存', exact: true }).click();
    await b.page.locator('.adm-note.ok', { hasText: '已儲存' }).waitFor();

    // Visitors see it at once on /s/{slug}/, with the default menu.
    const v = await launch(TABLET);
    try {
      await v.page.goto(`${BASE}/s/${s.slug}/`);
      await v.page.getByText('本校網站開張').first().waitFor();
      await v.page.getByRole('link', { name: '聯絡我們' }).first().waitFor();
      await shot(v.page, 'onboarding-homepage');
    } finally {
      await v.close();
    }
  } finally {
    await b.close();
  }
});

test('a rejected school reads why, by mail and on its status page', async (t) => {
  if (!PLATFORM.account || !MAILDIR) {
    t.skip('run through e2e/run.sh (platform admin and SMTP server)');
    return;
  }
  const s = school('退件');
  const b = await launch(TABLET);
  try {
    await apply(b.page, s);
    const first = await confirmByMail(b.page, s);
    await signInPlatform(b.page);
    const card = b.page.locator(`[data-application="${s.slug}"]`);
    await card.waitFor();
    const reason = '學校代碼與校名不符，請確認後重新申請。';
    await card.locator('textarea').fill(reason);
    await card.locator('[data-action="reject"]').click();
    await b.page.locator('.adm-note.ok', { hasText: '已退回' }).waitFor();
    await b.page.locator('#aq-filter').selectOption('rejected');
    await b.page.locator(`[data-application="${s.slug}"]`).waitFor();

    const told = await waitForMail(s.email, reason);
    assert.match(told.subject, /未通過/);
    await b.page.goto(linkTo(first.text, '/admin/apply/status'));
    await b.page.locator('[data-reason]').waitFor();
    assert.equal(await b.page.locator('[data-state]').textContent(), '未通過');
    assert.equal(await b.page.locator('[data-reason]').textContent(), reason);
    assert.deepEqual(await axe(b.page), []);
  } finally {
    await b.close();
  }
});
