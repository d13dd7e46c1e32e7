// Shared by screenshots.mjs and check.mjs: arguments, the page list, and the system Chromium.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { LANGS, PAGES } from './pages.mjs';

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(HERE, '..', '..');

// Never let Playwright fetch a browser of its own: only the system Chromium is used.
process.env.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD = '1';

export function parseArgs(usage) {
  const args = process.argv.slice(2);
  let base = process.env.PANTAU_BASE_URL || '';
  let out = path.join(REPO, 'screenshots');
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--out') out = path.resolve(args[++i]);
    else if (args[i] === '-h' || args[i] === '--help') { console.log(usage); process.exit(0); }
    else base = args[i];
  }
  if (!base) { console.error(usage); process.exit(2); }
  return { base: new URL(base).origin, out };
}

/** Every page in every language, with its full URL and expected status. */
export function targets(base) {
  const list = [];
  for (const page of PAGES) {
    for (const lang of LANGS) {
      const p = `/${lang}${page.path === '/' ? '/' : page.path}`;
      list.push({ id: `${lang}-${page.name}`, lang, name: page.name, path: p, url: base + p, status: page.status ?? 200 });
    }
  }
  return list;
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}

/**
 * Record every request a browser context makes; any whose origin is not the server's is
 * remembered as third-party and aborted, so no check ever reaches outside this machine.
 */
export async function guardRequests(context, base) {
  const thirdParty = [];
  const all = [];
  const origin = new URL(base).origin;
  const isOwn = (url) => {
    try { return url.startsWith('data:') || new URL(url).origin === origin; } catch { return false; }
  };
  context.on('request', (req) => {
    all.push(req.url());
    if (!isOwn(req.url())) thirdParty.push({ url: req.url(), from: req.frame()?.url() ?? '' });
  });
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (isOwn(url)) return route.continue();
    return route.abort('blockedbyclient');
  });
  return { all, thirdParty };
}
