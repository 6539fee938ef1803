// Shared helpers for the browser tests: launching Debian's chromium through
// playwright-core (never a downloaded browser), API look-ups, axe-core.
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const BASE = process.env.YASS_URL || 'http://127.0.0.1:8080';
export const ARTIFACTS = process.env.E2E_ARTIFACTS || join(here, 'artifacts');
mkdirSync(ARTIFACTS, { recursive: true });

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 800 };

/** A fresh browser profile per context; returns { context, page, close }. */
export async function launch(viewport = DESKTOP, { hosts = [], ...extra } = {}) {
  // `hosts` are extra hostnames mapped to 127.0.0.1 (a school's own domain).
  const mapArgs = hosts.length ? [`--host-resolver-rules=${hosts.map((h) => `MAP ${h} 127.0.0.1`).join(',')}`] : [];
  const dir = mkdtempSync(join(tmpdir(), 'yass-e2e-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    timezoneId: 'UTC',
    locale: 'zh-TW',
    viewport,
    acceptDownloads: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', ...mapArgs],
    ...extra,
  });
  // External resources (e.g. the Google Calendar embed) are unreachable here: fail them fast.
  const local = new Set(['127.0.0.1', 'localhost', ...hosts]);
  await context.route((url) => !local.has(url.hostname) && /^https?:$/.test(url.protocol), (route) => route.abort());
  // Every page reports what its Content-Security-Policy refused (the event
  // fires in the page; Chrome also logs a console error): any violation
  // fails the test when it closes the browser, so the policy yass sends and
  // what the SPA does never drift apart. DevTools evaluation (page.evaluate)
  // is not subject to the policy; inline scripts the tests inject would be.
  const cspViolations = [];
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile || e.documentURI}:${e.lineNumber}`);
    });
  });
  context.on('console', (msg) => {
    const text = msg.text();
    if (/^CSP violation: |Content Security Policy/.test(text)) cspViolations.push(text);
  });
  const page = context.pages()[0] || (await context.newPage());
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  return {
    context,
    page,
    errors,
    cspViolations,
    async close() {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
      if (cspViolations.length) {
        throw new Error(`Content-Security-Policy violations:\n${[...new Set(cspViolations)].join('\n')}`);
      }
    },
  };
}

export async function api(path) {
  const r = await fetch(BASE + path, { headers: { accept: 'application/json' } });
  if (!r.ok) throw new Error(`${path}: HTTP ${r.status}`);
  return r.json();
}

export async function shot(page, name) {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

const require = createRequire(import.meta.url);
const axePath = require.resolve('axe-core/axe.min.js');

/** Runs axe-core (WCAG 2.x A/AA rules); returns the serious and critical violations. */
export async function axe(page) {
  // Evaluated through DevTools, not added as an inline <script>: the page's
  // CSP (script-src 'self') rightly refuses inline scripts.
  await page.evaluate(readFileSync(axePath, 'utf8'));
  const res = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    return await window.axe.run(document, {
      iframes: false,
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
  });
  return res.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
}

/** Calendar date of an instant in Asia/Taipei (UTC+8, no DST), computed without the browser. */
export function taipeiDate(iso) {
  const t = new Date(Date.parse(iso) + 8 * 3600 * 1000);
  return t.toISOString().slice(0, 10);
}

/** Waits until an attribute has a value (the UI updates on the next tick, not synchronously). */
export async function waitAttr(locator, name, value, timeout = 5000) {
  const end = Date.now() + timeout;
  let v;
  while (Date.now() < end) {
    v = await locator.getAttribute(name);
    if (v === value) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${name}="${v}", expected "${value}"`);
}
