// Platform administration on the platform host's /admin: a platform admin
// (created by run.sh with the yass CLI) lists sites, creates one with a
// hostname, edits its name and hostnames, and disables it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, shot } from '../lib.mjs';
import { PLATFORM, signInPlatform } from '../admin-lib.mjs';

const TABLET = { width: 1180, height: 900 };
const SLUG = `e2e-${Date.now().toString(36)}`;
const HOST = `${SLUG}.school.test`;

const resolve = async (host) => fetch(`${BASE}/api/v1/resolve?host=${encodeURIComponent(host)}`);

test('platform admin: list, create, edit and disable a site and its hostnames', async (t) => {
  if (!PLATFORM.account) {
    t.skip('no platform admin (run through e2e/run.sh, which creates one)');
    return;
  }
  const b = await launch(TABLET);
  try {
    await signInPlatform(b.page);
    await b.page.locator('[data-screen="platform-sites"]').waitFor();
    await b.page.locator('tr[data-site="demo"]').waitFor();
    // Site screens (and the site profile) do not apply to a platform admin: not offered.
    assert.deepEqual(await b.page.locator('.adm-side a').allTextContents(), ['總覽', '全市公告', '平台管理員']);
    // A taken slug: the API's message is shown under the field, the form is kept.
    await b.page.locator('#ns-slug').fill('demo');
    await b.page.locator('#ns-name').fill('測試國小');
    await b.page.locator('#ns-hosts').fill(HOST);
    await b.page.locator('form[data-form="site-new"] button[type="submit"]').click();
    await b.page.locator('#ns-slug-err').waitFor();
    assert.equal(await b.page.locator('#ns-name').inputValue(), '測試國小');
    // A free slug creates the site; its hostname now resolves to it.
    await b.page.locator('#ns-slug').fill(SLUG);
    await b.page.locator('form[data-form="site-new"] button[type="submit"]').click();
    const row = b.page.locator(`tr[data-site="${SLUG}"]`);
    await row.waitFor();
    let r = await resolve(HOST);
    assert.equal(r.status, 200);
    assert.equal((await r.json()).slug, SLUG);
    // Edit the name and add a second hostname.
    await b.page.locator(`#name-${SLUG}`).fill('測試國民小學');
    await b.page.locator(`#hosts-${SLUG}`).fill(`${HOST}, www.${HOST}`);
    await row.locator('[data-action="save"]').click();
    await b.page.locator('.adm-note.ok', { hasText: '已儲存' }).waitFor();
    const site = await (await fetch(`${BASE}/api/v1/sites/${SLUG}`)).json();
    assert.equal(site.name, '測試國民小學');
    r = await resolve(`www.${HOST}`);
    assert.equal((await r.json()).slug, SLUG);
    // An invalid hostname is refused next to the field.
    await b.page.locator(`#hosts-${SLUG}`).fill(`${HOST}, not a host!`);
    await row.locator('[data-action="save"]').click();
    await b.page.locator(`#hosts-${SLUG}-err`).waitFor();
    await b.page.locator(`#hosts-${SLUG}`).fill(`${HOST}, www.${HOST}`);
    // Disable after confirming: visitors then get site_disabled.
    b.page.once('dialog', (d) => d.accept());
    await row.locator('[data-action="toggle"]').click();
    await b.page.locator(`tr[data-site="${SLUG}"] [data-enabled="false"]`).waitFor();
    const gone = await fetch(`${BASE}/api/v1/sites/${SLUG}`);
    assert.equal(gone.status, 404);
    assert.equal((await gone.json()).code, 'site_disabled');
    await shot(b.page, 'admin-platform-sites');
    assert.deepEqual(b.errors, []);
  } finally {
    await b.close();
  }
});
