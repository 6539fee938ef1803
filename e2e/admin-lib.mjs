// Helpers for the admin dashboard tests (additive; lib.mjs is the visitors').
import { BASE } from './lib.mjs';

export const ADMIN = `${BASE}/s/demo/admin`;

/** Signs in through the form; waits for the dashboard frame. */
export async function signIn(page, account, password = `${account}-demo-pass`) {
  await page.goto(ADMIN);
  await page.locator('#login-account').fill(account);
  await page.locator('#login-password').fill(password);
  await page.getByRole('button', { name: '登入' }).click();
  await page.locator('.adm-side').waitFor();
}

/** A bearer token for API set-up and checks, as an integrator would get one. */
export async function token(account, password = `${account}-demo-pass`) {
  const r = await fetch(`${BASE}/api/v1/sites/demo/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ account, password }),
  });
  if (!r.ok) throw new Error(`login ${account}: HTTP ${r.status}`);
  return (await r.json()).access_token;
}

export async function apiAs(tok, method, path, body) {
  const r = await fetch(`${BASE}/api/v1/sites/demo${path}`, {
    method,
    headers: { authorization: `Bearer ${tok}`, 'content-type': 'application/json', accept: 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : null };
}

/** True when the API answers this route (not a 404/405 from a missing handler). */
export async function routeExists(method, path) {
  const r = await fetch(`${BASE}/api/v1/sites/demo${path}`, { method, headers: { accept: 'application/json' } });
  if (r.status === 404) {
    const p = await r.json().catch(() => null);
    return p && p.code !== 'not_found' && p.code !== undefined ? true : false;
  }
  return r.status !== 405;
}

/** The platform admin `run.sh` creates with the CLI (none in the demo itself). */
export const PLATFORM = {
  account: process.env.E2E_PLATFORM_ACCOUNT || '',
  password: process.env.E2E_PLATFORM_PASSWORD || '',
};

/** Signs a platform admin in on the platform host's `/admin`. */
export async function signInPlatform(page) {
  await page.goto(`${BASE}/admin`);
  await page.locator('#login-account').fill(PLATFORM.account);
  await page.locator('#login-password').fill(PLATFORM.password);
  await page.getByRole('button', { name: '登入' }).click();
  await page.locator('.adm-side').waitFor();
}

/** An active site user in the given groups (set up through the API as an admin). */
export async function activeUser(adminToken, account, password, groupIds) {
  const r = await apiAs(adminToken, 'POST', '/users', {
    account, password, display_name: account, group_ids: groupIds, status: 'active',
  });
  if (r.status !== 201) throw new Error(`create ${account}: HTTP ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/** Polls `fn` until it returns a truthy value (API state behind a UI action). */
export async function eventually(fn, what, ms = 5000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
