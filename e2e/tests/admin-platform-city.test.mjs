// The platform admin's own screens: city-wide announcements (write one
// with a preview, see it on a school's homepage, end it now) and the
// platform admins (add one; nobody can disable themselves).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, axe, launch, shot } from '../lib.mjs';
import { PLATFORM, signInPlatform } from '../admin-lib.mjs';

const TABLET = { width: 1180, height: 900 };

async function homepageTitles() {
  const h = await (await fetch(`${BASE}/api/v1/sites/demo/homepage`, { cache: 'no-store' })).json();
  return h.announcements.map((a) => a.title);
}

test('platform admin: a typhoon-day announcement, previewed, shown city-wide, ended now', async (t) => {
  if (!PLATFORM.account) {
    t.skip('no platform admin (run through e2e/run.sh, which creates one)');
    return;
  }
  const title = `颱風停課 ${Date.now().toString(36)}`;
  const b = await launch(TABLET);
  try {
    await signInPlatform(b.page);
    await b.page.locator('.adm-side a', { hasText: '全市公告' }).click();
    await b.page.locator('[data-screen="announcements"]').waitFor();
    await b.page.locator('#an-title').fill(title);
    await b.page.locator('#an-body').fill('明日（週五）全市停止上班上課。\n\n請注意安全。');
    // The preview shows it as a homepage will, before saving.
    await b.page.locator('[data-preview] h3', { hasText: title }).waitFor();
    assert.equal(await b.page.locator('[data-preview] article p').count(), 2);
    assert.deepEqual(await axe(b.page), []);
    await b.page.locator('form[data-form="announcement"] button[type="submit"]').click();
    await b.page.locator('.adm-note.ok', { hasText: '已儲存' }).waitFor();
    const row = b.page.locator('tr[data-announcement]', { hasText: title });
    await row.locator('[data-state="visible"]').waitFor();
    await shot(b.page, 'platform-announcements');
    // Every school's homepage shows it (the cache follows the content version).
    for (let i = 0; i < 50 && !(await homepageTitles()).includes(title); i++) {
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.ok((await homepageTitles()).includes(title));
    // End it now: it leaves the homepages.
    await row.locator('[data-action="end"]').click();
    await row.locator('[data-state="expired"]').waitFor();
    for (let i = 0; i < 50 && (await homepageTitles()).includes(title); i++) {
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.ok(!(await homepageTitles()).includes(title));
  } finally {
    await b.close();
  }
});

test('platform admin: add another platform admin; nobody can disable themselves', async (t) => {
  if (!PLATFORM.account) {
    t.skip('no platform admin (run through e2e/run.sh, which creates one)');
    return;
  }
  const account = `pa${Date.now().toString(36)}`;
  const b = await launch(TABLET);
  try {
    await signInPlatform(b.page);
    await b.page.locator('.adm-side a', { hasText: '平台管理員' }).click();
    await b.page.locator('[data-screen="platform-admins"]').waitFor();
    // My own row offers no "disable".
    const mine = b.page.locator(`tr[data-admin="${PLATFORM.account}"]`);
    await mine.waitFor();
    assert.equal(await mine.locator('[data-action="toggle"]').count(), 0);
    await b.page.locator('#pa-account').fill(account);
    await b.page.locator('#pa-name').fill('資訊教育科');
    await b.page.locator('#pa-password').fill('first platform pass');
    await b.page.locator('form[data-form="platform-admin-new"] button[type="submit"]').click();
    const row = b.page.locator(`tr[data-admin="${account}"]`);
    await row.waitFor();
    assert.deepEqual(await axe(b.page), []);
    b.page.once('dialog', (d) => d.accept());
    await row.locator('[data-action="toggle"]').click();
    await row.locator('[data-enabled="false"]').waitFor();
  } finally {
    await b.close();
  }
});
