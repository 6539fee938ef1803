// The messages the real SMTP server (aiosmtpd, started by run.sh) wrote to
// its Maildir (E2E_MAILDIR): recipient, subject and the plain-text body,
// decoded from base64 or quoted-printable.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const MAILDIR = process.env.E2E_MAILDIR || '';

function decode(body, encoding) {
  const enc = (encoding || '').toLowerCase();
  if (enc === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (enc === 'quoted-printable') {
    const bytes = [];
    const flat = body.replace(/=\r?\n/g, '');
    for (let i = 0; i < flat.length; i++) {
      if (flat[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(flat.slice(i + 1, i + 3))) {
        bytes.push(parseInt(flat.slice(i + 1, i + 3), 16));
        i += 2;
      } else {
        bytes.push(...Buffer.from(flat[i], 'utf8'));
      }
    }
    return Buffer.from(bytes).toString('utf8');
  }
  return body;
}

function headers(block) {
  const out = {};
  for (const line of block.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) out[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
  }
  return out;
}

/** One message: `{ to, subject, text }`. */
export function parse(raw) {
  const split = raw.search(/\r?\n\r?\n/);
  const head = headers(raw.slice(0, split));
  const boundary = /boundary="?([^";]+)"?/.exec(head['content-type'] || '')?.[1];
  let text = '';
  if (boundary) {
    for (const part of raw.split(`--${boundary}`)) {
      const at = part.search(/\r?\n\r?\n/);
      if (at < 0) continue;
      const h = headers(part.slice(0, at).trim());
      if ((h['content-type'] || '').startsWith('text/plain')) {
        text = decode(part.slice(at).trim(), h['content-transfer-encoding']);
      }
    }
  } else {
    text = decode(raw.slice(split).trim(), head['content-transfer-encoding']);
  }
  const subject = (head.subject || '').replace(/=\?utf-8\?b\?([^?]+)\?=/gi, (_, b) => Buffer.from(b, 'base64').toString('utf8'))
    .replace(/\?=\s+=\?/g, '');
  return { to: head.to || '', subject, text };
}

/** Every message to `to` so far. */
export function messagesTo(to) {
  const out = [];
  for (const sub of ['new', 'cur']) {
    let names = [];
    try { names = readdirSync(join(MAILDIR, sub)); } catch { continue; }
    for (const n of names) {
      const m = parse(readFileSync(join(MAILDIR, sub, n), 'utf8'));
      if (m.to.includes(to)) out.push(m);
    }
  }
  return out;
}

/** Waits until a message to `to` whose text contains `needle` arrives. */
export async function waitForMail(to, needle, ms = 15000) {
  const end = Date.now() + ms;
  for (;;) {
    const m = messagesTo(to).find((x) => x.text.includes(needle));
    if (m) return m;
    if (Date.now() > end) throw new Error(`no mail to ${to} containing ${needle}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The first link in `text` that contains `path`. */
export function linkTo(text, path) {
  const line = text.split(/\r?\n/).find((l) => l.includes(path) && l.includes('#'));
  if (!line) throw new Error(`no link to ${path} in ${text}`);
  return line.trim();
}
