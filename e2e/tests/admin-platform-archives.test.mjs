// Moving a school (issue 17) on the platform admin screen: export the demo
// school as a job and download its archive from the secret address, then
// upload that file to make a new school; the new school answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BASE, launch, shot, axe } from '../lib.mjs';
import { PLATFORM, signInPlatform } from '../admin-lib.mjs';

const SLUG = `moved-${Date.now().toString(36)}`;

test('platform admin: export a school, download it, and make a new school of the file', async (t) => {
  if (!PLATFORM.account) {
    t.skip('no platform admin (run through e2e/run.sh, which creates one)');
    return;
  }
  const b = await launch({ width: 1280, height: 900 });
  const dir = mkdtempSync(join(tmpdir(), 'yass-e2e-archive-'));
  try {
    await signInPlatform(b.page);
    const screen = b.page.locator('[data-screen="site-archives"]');
    await screen.waitFor();
    await b.page.locator('tr[data-site="demo"]').waitFor();
    assert.deepEqual(await axe(b.page), []);

    // Export: the job runs, then the download link appears.
    await b.page.locator('#arch-export-site').selectOption('demo');
    await b.page.locator('form[data-form="archive-export"] button[type="submit"]').click();
    const link = b.page.locator('a[data-download]');
    await link.waitFor({ timeout: 30000 });
    const href = await link.getAttribute('href');
    assert.match(href, /^\/api\/v1\/site-archives\/\d+\/download\?key=/);
    // The address alone downloads it (as the browser's own download does).
    const res = await fetch(`${BASE}${href}`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/x-tar');
    const bytes = Buffer.from(await res.arrayBuffer());
    assert.equal(bytes.subarray(0, 13).toString(), 'manifest.json');
    const file = join(dir, 'demo.tar');
    writeFileSync(file, bytes);

    // Import: upload with progress, the job makes the new school.
    await b.page.locator('#arch-import-file').setInputFiles(file);
    await b.page.locator('#arch-import-slug').fill(SLUG);
    await b.page.locator('form[data-form="archive-import"] button[type="submit"]').click();
    await b.page
      .locator('form[data-form="archive-import"] .adm-note.ok', { hasText: SLUG })
      .waitFor({ timeout: 60000 });
    const site = await fetch(`${BASE}/api/v1/sites/${SLUG}`);
    assert.equal(site.status, 200);
    assert.equal((await site.json()).name, '臺北市立示範國民小學');
    // The list of sites shows it, and the jobs table both jobs.
    await b.page.locator(`tr[data-site="${SLUG}"]`).waitFor();
    assert.ok((await b.page.locator('table[data-list="archive-jobs"] tbody tr').count()) >= 2);
    await shot(b.page, 'admin-platform-archives');
    assert.deepEqual(b.errors, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await b.close();
  }
});
