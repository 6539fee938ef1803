// The change log (異動紀錄): a change made through the API shows in the
// admin's log with who made it, what changed and a link to the item.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, axe } from '../lib.mjs';
import { ADMIN, PLATFORM, signIn, signInPlatform, token, apiAs, eventually } from '../admin-lib.mjs';

const TABLET = { width: 1180, height: 900 };

/** In an editor's history of two versions: compares them; returns the body's diff. */
async function compareFirstTwo(page) {
  const rows = page.locator('[data-list="revisions"] tbody tr');
  await rows.first().waitFor();
  assert.equal(await rows.count(), 2);
  await page.locator('tr[data-version="1"] input[name="diff-from"]').check();
  await page.locator('tr[data-version="2"] input[name="diff-to"]').check();
  await page.locator('[data-action="compare"]').click();
  const body = page.locator('[data-diff="1-2"] [data-part="body"]');
  await body.waitFor();
  return body;
}

/** Restores version 1 (confirming), which makes version 3. */
async function restoreFirst(page) {
  page.once('dialog', (d) => d.accept());
  await page.locator('tr[data-version="1"] [data-action="restore"]').click();
  await page.locator('[data-restored]').waitFor();
  await page.locator('tr[data-version="3"]').waitFor();
}

test('the change log shows who changed an item, what changed, and links to it', async () => {
  const admin = await token('admin');
  const title = `資訊組 e2e ${Date.now() % 100000}`;
  const made = await apiAs(admin, 'POST', '/extensions', { title, extension: '321' });
  assert.equal(made.status, 201);
  const changed = await apiAs(admin, 'PUT', `/extensions/${made.body.id}`, { title, extension: '322' });
  assert.equal(changed.status, 200);
  const b = await launch(TABLET);
  try {
    await signIn(b.page, 'admin');
    await b.page.locator('.adm-side a', { hasText: '異動紀錄' }).click();
    await b.page.locator('[data-list="audit-log"]').waitFor();
    await b.page.locator('#audit-kind').selectOption('extension');
    const row = b.page.locator('[data-list="audit-log"] tr[data-kind="extension"][data-action="update"]').first();
    await row.waitFor();
    const text = await row.textContent();
    assert.match(text, /修改/);
    assert.match(text, /admin/);
    assert.ok(text.includes(title), 'the item is named');
    assert.match(text, /extension: 321 → 322/, 'before and after');
    assert.equal(await row.locator('a').getAttribute('href'), `${new URL(ADMIN).pathname}/extensions`);
    const bad = await axe(b.page);
    assert.deepEqual(bad, [], JSON.stringify(bad, null, 2));
  } finally {
    await b.close();
  }
});

test('history: two versions are compared by their text and the older one restored', async () => {
  const admin = await token('admin');
  const groups = (await apiAs(admin, 'GET', '/groups')).body;
  const group = groups.find((g) => g.kind === 'staff');
  const made = await apiAs(admin, 'POST', '/news', {
    title: '運動會 e2e', body: '<p>日期：十月一日</p><p>地點：操場</p>', group_id: group.id,
  });
  assert.equal(made.status, 201);
  const id = made.body.id;
  const edited = await apiAs(admin, 'PATCH', `/news/${id}`, { title: '運動會延期 e2e', body: '<p>日期：十月八日</p><p>地點：操場</p>' });
  assert.equal(edited.status, 200);
  const b = await launch(TABLET);
  try {
    await signIn(b.page, 'admin');
    await b.page.goto(`${ADMIN}/news/${id}`);
    const body = await compareFirstTwo(b.page);
    assert.equal(await body.locator('del').first().textContent(), '一');
    assert.equal(await body.locator('ins').first().textContent(), '八');
    assert.ok(!(await body.innerHTML()).includes('&lt;p'), 'text, not markup');
    const bad = await axe(b.page);
    assert.deepEqual(bad, [], JSON.stringify(bad, null, 2));

    await restoreFirst(b.page);
    await eventually(async () => (await b.page.locator('#news-title').inputValue()) === '運動會 e2e', 'the editor shows the restored version');
  } finally {
    await b.close();
  }
  const now = await apiAs(admin, 'GET', `/news/${id}`);
  assert.equal(now.body.title, '運動會 e2e');
  assert.equal(now.body.body, made.body.body, 'byte for byte');
});

test('trash: a deleted page is restored and visible again on the public site', async () => {
  const admin = await token('admin');
  const title = `招生說明 e2e ${Date.now() % 100000}`;
  const made = await apiAs(admin, 'POST', '/pages', { title, body: '<p>歡迎參加招生說明會。</p>' });
  assert.equal(made.status, 201);
  const id = made.body.id;
  const b = await launch(TABLET);
  try {
    await signIn(b.page, 'admin');
    await b.page.goto(`${ADMIN}/pages/${id}`);
    await b.page.locator('form[data-form="page"]').waitFor();
    b.page.once('dialog', (d) => d.accept());
    await b.page.locator('form[data-form="page"] button.danger').click();
    await b.page.waitForURL(/\/admin\/pages$/);
    const gone = await fetch(`${BASE}/api/v1/sites/demo/pages/${id}`);
    assert.equal(gone.status, 404, 'gone from the public site at once');

    await b.page.locator('.adm-side a', { hasText: '垃圾桶' }).click();
    const row = b.page.locator(`[data-list="trash"] tr[data-kind="page"][data-item="${id}"]`);
    await row.waitFor();
    assert.ok((await row.textContent()).includes(title));
    const bad = await axe(b.page);
    assert.deepEqual(bad, [], JSON.stringify(bad, null, 2));
    await row.locator('[data-action="restore"]').click();
    await b.page.locator('[data-restored]').waitFor();
    await row.waitFor({ state: 'detached' });
  } finally {
    await b.close();
  }
  const v = await launch(TABLET);
  try {
    await v.page.goto(`${BASE}/s/demo/pages/${id}`);
    await v.page.getByText('歡迎參加招生說明會。').waitFor();
  } finally {
    await v.close();
  }
});

test('history of a page: the versions are compared and the first one restored', async () => {
  const admin = await token('admin');
  const title = `校史沿革 e2e ${Date.now() % 100000}`;
  const made = await apiAs(admin, 'POST', '/pages', { title, body: '<p>創校於民國六十年。</p>' });
  assert.equal(made.status, 201);
  const id = made.body.id;
  const edited = await apiAs(admin, 'PUT', `/pages/${id}`, { title, body: '<p>創校於民國六十一年。</p>' });
  assert.equal(edited.status, 200);
  const b = await launch(TABLET);
  try {
    await signIn(b.page, 'admin');
    await b.page.goto(`${ADMIN}/pages/${id}`);
    const body = await compareFirstTwo(b.page);
    assert.equal(await body.locator('ins').first().textContent(), '一');
    await restoreFirst(b.page);
  } finally {
    await b.close();
  }
  const now = await apiAs(admin, 'GET', `/pages/${id}`);
  assert.equal(now.body.body, made.body.body, 'byte for byte');
  const v = await launch(TABLET);
  try {
    await v.page.goto(`${BASE}/s/demo/pages/${id}`);
    await v.page.getByText('創校於民國六十年。').waitFor();
  } finally {
    await v.close();
  }
});

test('trash: delete for good asks first; declined, the item stays; confirmed, it is gone', async () => {
  const admin = await token('admin');
  const title = `舊公告頁 e2e ${Date.now() % 100000}`;
  const made = await apiAs(admin, 'POST', '/pages', { title, body: '<p>過期的內容。</p>' });
  assert.equal(made.status, 201);
  const id = made.body.id;
  assert.equal((await apiAs(admin, 'DELETE', `/pages/${id}`)).status, 204);
  const inTrash = async () => (await apiAs(admin, 'GET', '/trash')).body.find((t) => t.kind === 'page' && t.item_id === id);
  const entry = await inTrash();
  assert.ok(entry, 'the deleted page is in the trash');
  const b = await launch(TABLET);
  try {
    await signIn(b.page, 'admin');
    await b.page.locator('.adm-side a', { hasText: '垃圾桶' }).click();
    const row = b.page.locator(`[data-list="trash"] tr[data-kind="page"][data-item="${id}"]`);
    await row.waitFor();
    const asked = [];
    b.page.once('dialog', (d) => { asked.push(d.message()); d.dismiss(); });
    await row.locator('[data-action="purge"]').click();
    await eventually(async () => asked.length === 1, 'a confirmation is asked');
    assert.match(asked[0], /永久刪除/);
    assert.ok(await inTrash(), 'declined: still in the trash');
    await row.waitFor();
    b.page.once('dialog', (d) => d.accept());
    await row.locator('[data-action="purge"]').click();
    await row.waitFor({ state: 'detached' });
  } finally {
    await b.close();
  }
  assert.equal(await inTrash(), undefined, 'gone from the trash');
  const again = await apiAs(admin, 'POST', `/trash/${entry.id}/restore`);
  assert.equal(again.status, 404, 'and cannot be restored');
  const log = await apiAs(admin, 'GET', `/audit-log?kind=page&entity=${id}`);
  assert.deepEqual(log.body.items.map((e) => e.action), ['purge', 'delete', 'create']);
});

test('platform admins read the platform log: an announcement they published is in it', async () => {
  const login = await fetch(`${BASE}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ account: PLATFORM.account, password: PLATFORM.password }),
  });
  assert.equal(login.status, 200);
  const root = (await login.json()).access_token;
  const title = `颱風停課 e2e ${Date.now() % 100000}`;
  const made = await fetch(`${BASE}/api/v1/announcements`, {
    method: 'POST',
    headers: { authorization: `Bearer ${root}`, 'content-type': 'application/json' },
    body: JSON.stringify({ title, body: '<p>停課一天。</p>' }),
  });
  assert.equal(made.status, 201);
  const b = await launch(TABLET);
  try {
    await signInPlatform(b.page);
    const row = b.page.locator('[data-screen="platform-log"] tr[data-kind="announcement"][data-action="create"]', { hasText: title });
    await row.waitFor();
    assert.match(await row.textContent(), /（平臺）/);
  } finally {
    await b.close();
  }
});
