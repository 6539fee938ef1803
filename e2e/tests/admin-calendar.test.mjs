// Native calendar events from the dashboard: timed events picked in
// Asia/Taipei (the browser runs in UTC), all-day events as dates, field
// errors next to the fields, edit, delete after confirming — and what
// visitors then see on the calendar page and in the iCalendar feed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, DESKTOP, launch, shot } from '../lib.mjs';
import { ADMIN, signIn, eventually } from '../admin-lib.mjs';

const TABLET = { width: 1180, height: 900 };
const STAMP = Date.now();
const TIMED = `家長日 e2e ${STAMP}`;
const TIMED2 = `家長座談會 e2e ${STAMP}`;
const ALLDAY = `運動會 e2e ${STAMP}`;

/** Taipei calendar date `YYYY-MM-DD`, `days` from now. */
const taipeiDay = (days) => new Date(Date.now() + 8 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);
const day1 = taipeiDay(3);
const day2 = taipeiDay(5);
const day3 = taipeiDay(6);

async function events() {
  const r = await fetch(`${BASE}/api/v1/sites/demo/calendar/events?from=${taipeiDay(-1)}&to=${taipeiDay(60)}`, { cache: 'no-store' });
  assert.equal(r.status, 200);
  return r.json();
}

/** The feed with folded lines joined again (RFC 5545 §3.1). */
async function ics() {
  const r = await fetch(`${BASE}/api/v1/sites/demo/calendar.ics`);
  assert.equal(r.status, 200);
  return (await r.text()).replace(/\r?\n[ \t]/g, '');
}

const row = (page, title) => page.locator(`[data-list="events"] tr[data-event="${title}"]`);

test('events: Taipei pickers, field errors, all-day dates; visitors see them', async () => {
  const b = await launch(TABLET);
  try {
    await signIn(b.page, 'admin');
    await b.page.locator('.adm-side a', { hasText: '行事曆' }).click();
    await b.page.locator('[data-list="events"]').waitFor();
    const form = b.page.locator('form[data-form="event"]');
    // No start: the form says so under the field and keeps the title.
    await b.page.locator('#ev-title').fill(TIMED);
    await form.locator('button[type="submit"]').click();
    await b.page.locator('#ev-start-err').waitFor();
    // Ends before it starts: the API's message shows under the end field.
    await b.page.locator('#ev-start').fill(`${day1}T09:00`);
    await b.page.locator('#ev-end').fill(`${day1}T08:00`);
    await form.locator('button[type="submit"]').click();
    await b.page.locator('#ev-end-err').waitFor();
    assert.equal(await b.page.locator('#ev-title').inputValue(), TIMED, 'the form is kept after a failed save');
    // A valid timed event, 09:00–11:30 Taipei time.
    await b.page.locator('#ev-end').fill(`${day1}T11:30`);
    await b.page.locator('#ev-location').fill('大禮堂');
    await form.locator('button[type="submit"]').click();
    await row(b.page, TIMED).waitFor();
    assert.equal(await row(b.page, TIMED).locator('[data-when]').textContent(), `${day1} 09:00 – 11:30`);
    const timed = (await events()).find((e) => e.title === TIMED);
    assert.ok(timed, 'stored');
    assert.deepEqual(timed.when, {
      kind: 'timed',
      start: new Date(`${day1}T09:00:00+08:00`).toISOString().replace('.000Z', 'Z'),
      end: new Date(`${day1}T11:30:00+08:00`).toISOString().replace('.000Z', 'Z'),
    });
    assert.equal(timed.location, '大禮堂');
    // An all-day event over two days uses date pickers and is stored as dates.
    await b.page.locator('#ev-title').fill(ALLDAY);
    await b.page.locator('#ev-all-day').check();
    assert.equal(await b.page.locator('#ev-start').getAttribute('type'), 'date');
    await b.page.locator('#ev-start').fill(day2);
    await b.page.locator('#ev-end').fill(day3);
    await form.locator('button[type="submit"]').click();
    await row(b.page, ALLDAY).waitFor();
    const allDay = (await events()).find((e) => e.title === ALLDAY);
    assert.deepEqual(allDay.when, { kind: 'all_day', start: day2, end: day3 });
    await shot(b.page, 'admin-calendar-events');
    assert.deepEqual(b.errors, []);
  } finally {
    await b.close();
  }
  // Visitors: the calendar page lists both, the feed carries them (all-day as VALUE=DATE).
  const v = await launch(DESKTOP);
  try {
    await v.page.goto(`${BASE}/s/demo/calendar`);
    await v.page.locator('.calendar-index .events').waitFor();
    const items = await v.page.locator('.calendar-index .events li').allTextContents();
    assert.ok(items.some((t) => t.includes(TIMED) && t.includes(`${day1} 09:00 – 11:30`)), items.join('\n'));
    assert.ok(items.some((t) => t.includes(ALLDAY) && t.includes(day2)), items.join('\n'));
  } finally {
    await v.close();
  }
  const feed = await ics();
  assert.match(feed, new RegExp(`SUMMARY:${ALLDAY}`));
  assert.match(feed, new RegExp(`DTSTART;VALUE=DATE:${day2.replaceAll('-', '')}`));
  assert.match(feed, new RegExp(`SUMMARY:${TIMED}`));
});

test('events: edit, then delete only after confirming', async () => {
  const b = await launch(TABLET);
  try {
    await signIn(b.page, 'admin');
    await b.page.goto(`${ADMIN}/calendar`);
    await row(b.page, TIMED).waitFor();
    await row(b.page, TIMED).locator('[data-action="edit"]').click();
    assert.equal(await b.page.locator('#ev-start').inputValue(), `${day1}T09:00`, 'shown again in Taipei time');
    await b.page.locator('#ev-title').fill(TIMED2);
    await b.page.locator('#ev-start').fill(`${day1}T13:30`);
    await b.page.locator('#ev-end').fill(`${day1}T15:00`);
    await b.page.locator('form[data-form="event"] button[type="submit"]').click();
    await row(b.page, TIMED2).waitFor();
    assert.equal(await row(b.page, TIMED).count(), 0);
    const edited = (await events()).find((e) => e.title === TIMED2);
    assert.equal(edited.when.start, new Date(`${day1}T13:30:00+08:00`).toISOString().replace('.000Z', 'Z'));
    // Declining the question keeps the event.
    b.page.once('dialog', (d) => d.dismiss());
    await row(b.page, TIMED2).locator('[data-action="delete"]').click();
    await b.page.waitForTimeout(300);
    assert.ok((await events()).some((e) => e.title === TIMED2), 'kept after declining');
    b.page.once('dialog', (d) => d.accept());
    await row(b.page, TIMED2).locator('[data-action="delete"]').click();
    await row(b.page, TIMED2).waitFor({ state: 'detached' });
    await eventually(async () => !(await events()).some((e) => e.title === TIMED2), 'the event to be deleted');
  } finally {
    await b.close();
  }
  assert.doesNotMatch(await ics(), new RegExp(`SUMMARY:${TIMED2}`));
});
