// News: detail with attachment download (original file name) and owning
// group; paging with pinned items on page 1 only; search form.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, PHONE, DESKTOP, launch, api, shot, axe, taipeiDate } from '../lib.mjs';

const SITE = `${BASE}/s/demo`;

async function allNews() {
  const first = await api('/api/v1/sites/demo/news?per_page=100');
  const items = [...first.pinned, ...first.items];
  for (let p = 2; p <= first.pages; p++) {
    items.push(...(await api(`/api/v1/sites/demo/news?per_page=100&page=${p}`)).items);
  }
  return items;
}

test('follow a news item from the list and download its attachment under the original name', async () => {
  const withFile = (await allNews()).find((n) => n.attachment_count > 0);
  assert.ok(withFile, 'the demo has news with an attachment');
  const full = await api(`/api/v1/sites/demo/news/${withFile.id}`);
  const b = await launch(DESKTOP);
  try {
    const { page } = b;
    await page.goto(`${SITE}/news?per_page=100`);
    const link = page.locator(`li[data-news-id="${withFile.id}"] a.news-title`);
    await link.click();
    await page.waitForURL(`${SITE}/news/${withFile.id}`);
    await page.waitForSelector('article.news-detail h1');
    assert.match(await page.locator('article.news-detail h1').innerText(), new RegExp(escape(full.title)));
    assert.equal(await page.locator('.group-name').innerText(), full.group_name);
    assert.equal(await page.locator('.meta time').innerText(), taipeiDate(full.display_at) + ' ' + taipeiTime(full.display_at));
    assert.match(await page.title(), new RegExp(escape(full.title)));
    const att = full.attachments[0];
    const a = page.locator('.attachments a', { hasText: att.file_name });
    assert.equal(await a.getAttribute('href'), att.url);
    const [download] = await Promise.all([page.waitForEvent('download'), a.click()]);
    assert.equal(download.suggestedFilename(), att.file_name);
    await shot(page, 'news-detail');
    const bad = await axe(page);
    assert.deepEqual(bad, [], JSON.stringify(bad, null, 2));
  } finally {
    await b.close();
  }
});

test('paging: pinned items lead page 1 and never appear on later pages', async () => {
  const per = 2;
  const p1 = await api(`/api/v1/sites/demo/news?per_page=${per}`);
  assert.ok(p1.pinned.length > 0, 'the demo has pinned news');
  assert.ok(p1.pages >= 2, 'the demo has more than one page at per_page=2');
  const pinnedIds = p1.pinned.map((n) => n.id);
  const b = await launch(PHONE);
  try {
    const { page } = b;
    await page.goto(`${SITE}/news?per_page=${per}`);
    await page.waitForSelector('.news-list .news-row');
    const ids1 = (await page.locator('.news-list .news-row').evaluateAll((els) => els.map((e) => +e.dataset.newsId)));
    assert.deepEqual(ids1, [...pinnedIds, ...p1.items.map((n) => n.id)]);
    assert.equal(await page.locator('.news-row.pinned .badge').count(), pinnedIds.length);
    assert.match(await page.locator('.page-of').innerText(), new RegExp(`1 / ${p1.pages}`));
    await shot(page, 'news-page-1-phone');
    let bad = await axe(page);
    assert.deepEqual(bad, [], JSON.stringify(bad, null, 2));

    await page.click('.pager a[rel="next"]');
    await page.waitForURL(/page=2/);
    await page.waitForSelector('.page-of[data-page="2"]');
    const p2 = await api(`/api/v1/sites/demo/news?per_page=${per}&page=2`);
    const ids2 = await page.locator('.news-list .news-row').evaluateAll((els) => els.map((e) => +e.dataset.newsId));
    assert.deepEqual(ids2, p2.items.map((n) => n.id));
    for (const id of pinnedIds) assert.ok(!ids2.includes(id), `pinned ${id} not on page 2`);
    assert.equal(await page.locator('.badge').count(), 0);
    // Back to page 1 through the browser history.
    await page.goBack();
    await page.waitForSelector('.page-of[data-page="1"]');
    assert.equal(await page.locator('.news-row.pinned').count(), pinnedIds.length);
  } finally {
    await b.close();
  }
});

test('category filter and keyword search keep their state in the URL', async () => {
  const cats = await api('/api/v1/sites/demo/news/categories');
  const b = await launch(DESKTOP);
  try {
    const { page } = b;
    await page.goto(`${SITE}/news`);
    await page.waitForSelector('.news-list');
    if (cats.length) {
      await page.waitForSelector(`#news-category option[value="${cats[0].id}"]`, { state: 'attached' });
      await page.selectOption('#news-category', String(cats[0].id));
    }
    const any = (await allNews())[0];
    const word = any.title.slice(0, 2);
    await page.fill('#news-q', word);
    await page.click('form.news-filter button[type="submit"]');
    await page.waitForURL(/q=/);
    const url = new URL(page.url());
    assert.equal(url.searchParams.get('q'), word);
    if (cats.length) assert.equal(url.searchParams.get('category'), String(cats[0].id));
    const expected = await api(`/api/v1/sites/demo/news?${url.searchParams}`);
    await page.waitForFunction((n) => document.querySelectorAll('.news-list .news-row').length === n,
      expected.pinned.length + expected.items.length);
    assert.equal(await page.inputValue('#news-q'), word);
  } finally {
    await b.close();
  }
});

function escape(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function taipeiTime(iso) {
  return new Date(Date.parse(iso) + 8 * 3600 * 1000).toISOString().slice(11, 16);
}
