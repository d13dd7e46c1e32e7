// Shared by screenshots.mjs, check.mjs and publish.mjs: arguments, the page lists, the system
// Chromium, and signing in.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { LANGS, PAGES, SIGNED_IN_PAGES } from './pages.mjs';

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(HERE, '..', '..');

// Never let Playwright fetch a browser of its own: only the system Chromium is used.
process.env.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD = '1';

/**
 * BASE_URL [--out DIR] [--email E] [--password P]. The account for signed-in pages may also come
 * from PANTAU_TEST_EMAIL and PANTAU_TEST_PASSWORD (better: no password on a command line).
 */
export function parseArgs(usage) {
  const args = process.argv.slice(2);
  let base = process.env.PANTAU_BASE_URL || '';
  let out = path.join(REPO, 'screenshots');
  let email = process.env.PANTAU_TEST_EMAIL || '';
  let password = process.env.PANTAU_TEST_PASSWORD || '';
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--out') out = path.resolve(args[++i]);
    else if (args[i] === '--email') email = args[++i];
    else if (args[i] === '--password') password = args[++i];
    else if (args[i] === '-h' || args[i] === '--help') { console.log(usage); process.exit(0); }
    else base = args[i];
  }
  if (!base) { console.error(usage); process.exit(2); }
  return { base: new URL(base).origin, out, email, password };
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

/**
 * Every signed-in page in every language. `{name}` placeholders in a path are filled from `ids`
 * (see `recordIds`); a page whose placeholder has no value gets `missing` set instead of a URL.
 */
export function signedInTargets(base, ids = {}) {
  const list = [];
  for (const page of SIGNED_IN_PAGES) {
    for (const lang of LANGS) {
      let missing = '';
      const p = `/${lang}${page.path}`.replace(/\{(\w+)\}/g, (_, k) => {
        if (ids[k] == null) { missing = k; return `{${k}}`; }
        return String(ids[k]);
      });
      list.push({ id: `${lang}-${page.name}`, lang, name: page.name, path: p, url: base + p, status: page.status ?? 200, signedIn: true, missing });
    }
  }
  return list;
}

/**
 * Sign in through the form, as a person would (works with JavaScript off). Returns the response
 * of the page the form leads to; throws with the reason when the sign-in did not succeed.
 */
export async function signIn(page, base, { email, password, lang = 'en', next = '' }) {
  const q = next ? `?next=${encodeURIComponent(next)}` : '';
  const res = await page.goto(`${base}/${lang}/sign-in${q}`, { waitUntil: 'load' });
  if (!res || res.status() !== 200) throw new Error(`sign-in form: status ${res ? res.status() : 'none'}`);
  await page.fill('#f-email', email);
  await page.fill('#f-password', password);
  const [nav] = await Promise.all([
    page.waitForNavigation({ waitUntil: 'load' }),
    page.click('form.editor button[type=submit]'),
  ]);
  const where = new URL(page.url()).pathname;
  if (!nav || nav.status() !== 200 || where.endsWith('/sign-in')) {
    const alert = await page.locator('[role=alert]').first().innerText().catch(() => '');
    throw new Error(`sign-in as ${email} failed: status ${nav ? nav.status() : 'none'} at ${where}${alert ? ` (${alert})` : ''}`);
  }
  return nav;
}

/**
 * The ids of records on a tie's manage page, for `{placeholders}` in SIGNED_IN_PAGES: the last
 * (newest) roadmap, agreement, report and so on listed there, by their edit links.
 */
export async function recordIds(page, base, lang, tie) {
  await page.goto(`${base}/${lang}/ties/${tie}/manage`, { waitUntil: 'load' });
  const hrefs = await page.$$eval('main a[href]', (as) => as.map((a) => a.getAttribute('href')));
  const ids = {};
  for (const h of hrefs) {
    const m = /\/(agreements|steps|roadmaps|milestones|activities|reports)\/(\d+)\/edit$/.exec(h);
    if (!m) continue;
    const key = { agreements: 'agreement', steps: 'step', roadmaps: 'roadmap', milestones: 'milestone', activities: 'activity', reports: 'report' }[m[1]];
    ids[key] = Number(m[2]);
  }
  return ids;
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
