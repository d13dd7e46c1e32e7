// Page checks over every page in pages.mjs, in both languages (the signed-in ones too when given
// an account: both contexts sign in through the form first and keep their session cookie):
//   - the page answers with its expected status (the 404 page with 404);
//   - no request goes to a host other than the server (all requests recorded, third-party ones aborted);
//   - no console errors (a Content-Security-Policy violation shows up as one);
//   - with JavaScript disabled the page renders the same, non-empty <main>;
//   - axe-core finds no WCAG 2.2 A/AA violation;
//   - the Nu HTML Checker (vnu) finds no error in the HTML as served;
//   - HTML + CSS weight, gzip-compressed, is reported (goal under 30 KB; a warning, not a failure).
//   node tools/browser/check.mjs http://127.0.0.1:8080 [--out DIR] [--email E --password P]
//   (or PANTAU_TEST_EMAIL / PANTAU_TEST_PASSWORD; without an account the signed-in pages are skipped)
// Saves the HTML to DIR/html/, writes DIR/results.md, prints `pages: N passed, M failed`, and
// exits non-zero if any page failed.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import zlib from 'node:zlib';
import { HERE, guardRequests, launch, parseArgs, recordIds, signIn, signedInTargets, targets } from './lib.mjs';
import { MANAGED_TIE } from './pages.mjs';

const WEIGHT_GOAL = 30 * 1024;
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
/** Viewport widths axe runs at: a desktop and a 360 px phone. */
const AXE_WIDTHS = [1280, 360];

const { base, out, email, password } = parseArgs('usage: node check.mjs BASE_URL [--out DIR] [--email E --password P]');
const htmlDir = path.join(out, 'html');
fs.mkdirSync(htmlDir, { recursive: true });

const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const vnuJar = path.join(HERE, 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar');

/** GET a URL asking for gzip; the bytes as sent on the wire and whether they were gzipped. */
function wireSize(url) {
  return new Promise((resolve, reject) => {
    http.get(url, { headers: { 'Accept-Encoding': 'gzip' } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        const gzipped = /gzip/.test(res.headers['content-encoding'] || '');
        // If the server sent it uncompressed, report what gzip would make of it.
        resolve({ bytes: gzipped ? body.length : zlib.gzipSync(body, { level: 6 }).length, gzipped });
      });
    }).on('error', reject);
  });
}

const kb = (n) => (n / 1024).toFixed(1);
const started = Date.now();
const results = [];
const cssSizes = new Map();
const skipped = [];

/** All checks of one page but vnu, in a context with JavaScript and one without. */
async function checkTarget(t, { page, noJsPage, jsGuard, noJsGuard }) {
  const r = { ...t, problems: [], notes: [], vnu: 0, axe: 0 };
  results.push(r);
  const consoleErrors = [];
  const onConsole = (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); };
  page.on('console', onConsole);
  const before = jsGuard.thirdParty.length;
  const requestsBefore = jsGuard.all.length;

  // With JavaScript: status, HTML as served, axe.
  const res = await page.goto(t.url, { waitUntil: 'load' });
  const status = res ? res.status() : 0;
  if (status !== t.status) r.problems.push(`status ${status}, expected ${t.status}`);
  // A signed-in page that redirects (to the sign-in form) was not checked at all.
  if (t.signedIn && new URL(page.url()).pathname !== t.path) r.problems.push(`redirected to ${new URL(page.url()).pathname}`);
  const html = res ? await res.text() : '';
  r.file = path.join(htmlDir, `${t.id}.html`);
  fs.writeFileSync(r.file, html);
  const mainText = await page.locator('main').first().innerText().catch(() => '');

  // axe runs through the DevTools protocol, so the page's CSP (no inline scripts) stays in force.
  // It runs at 1280 px and again at 360 px (a phone), where other rules can fail (scrolling
  // regions, reflow, target sizes).
  await page.evaluate(axeSource);
  for (const width of AXE_WIDTHS) {
    await page.setViewportSize({ width, height: 800 });
    const axe = await page.evaluate(async (tags) => {
      const result = await window.axe.run(document, { runOnly: { type: 'tag', values: tags } });
      return {
        violations: result.violations.map((v) => ({
          id: v.id, impact: v.impact, help: v.help,
          nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
        })),
        incomplete: result.incomplete.map((v) => `${v.id} ×${v.nodes.length}`),
      };
    }, AXE_TAGS);
    // "Incomplete" means axe could not decide (a person should look); reported, not failed.
    if (axe.incomplete.length) r.notes.push(`axe at ${width} px needs review: ${axe.incomplete.join(', ')}`);
    for (const v of axe.violations) {
      r.axe += v.nodes.length;
      r.problems.push(`axe at ${width} px ${v.id} (${v.impact}): ${v.help}`);
      for (const n of v.nodes.slice(0, 5)) r.problems.push(`    at ${n.target}: ${n.summary.replace(/\s+/g, ' ')}`);
      if (v.nodes.length > 5) r.problems.push(`    … and ${v.nodes.length - 5} more`);
    }
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  page.off('console', onConsole);
  for (const e of consoleErrors) {
    // Chromium logs the expected error status of the page itself (404, 403) as a console error.
    if (t.status !== 200 && e.includes(`status of ${t.status}`)) continue;
    r.problems.push(`console error: ${e}`);
  }
  for (const tp of jsGuard.thirdParty.slice(before)) r.problems.push(`third-party request: ${tp.url}`);
  r.requests = jsGuard.all.length - requestsBefore;

  // Without JavaScript: same status, same non-empty <main>.
  const noJsBefore = noJsGuard.thirdParty.length;
  const res2 = await noJsPage.goto(t.url, { waitUntil: 'load' });
  const status2 = res2 ? res2.status() : 0;
  if (status2 !== t.status) r.problems.push(`without JavaScript: status ${status2}, expected ${t.status}`);
  const noJsMain = await noJsPage.locator('main').first().innerText().catch(() => '');
  if (!noJsMain.trim()) r.problems.push('without JavaScript: <main> is missing or empty');
  // The sessions page marks the browser's own session: the two browsers here are two sessions,
  // so their pages differ in which row is "this device" (and in the order of the rows).
  else if (noJsMain !== mainText && !/\/account\/sessions$/.test(new URL(t.url).pathname)) {
    r.problems.push('without JavaScript: <main> differs from the page with JavaScript');
  }
  for (const tp of noJsGuard.thirdParty.slice(noJsBefore)) r.problems.push(`third-party request (no JS): ${tp.url}`);

  // Weight: the HTML and every stylesheet it links, gzip-compressed. A signed-in page is
  // measured from the browser's response (a plain request would only get the redirect).
  if (t.signedIn) {
    r.htmlGz = zlib.gzipSync(Buffer.from(html), { level: 6 }).length;
  } else {
    const html_ = await wireSize(t.url);
    r.htmlGz = html_.bytes;
    if (!html_.gzipped) r.notes.push('HTML not served gzipped');
  }
  const cssHrefs = await page.$$eval('link[rel~="stylesheet"]', (ls) => ls.map((l) => l.href));
  r.cssGz = 0;
  for (const href of cssHrefs) {
    if (!cssSizes.has(href)) cssSizes.set(href, await wireSize(href));
    r.cssGz += cssSizes.get(href).bytes;
  }
  r.totalGz = r.htmlGz + r.cssGz;
  if (r.totalGz > WEIGHT_GOAL) r.notes.push(`over the ${kb(WEIGHT_GOAL)} KB goal`);
}

/** A context with JavaScript and one without, their request guards, and a page in each. */
async function contextPair(browser) {
  const jsContext = await browser.newContext({ viewport: { width: 1280, height: 800 }, serviceWorkers: 'block' });
  const noJsContext = await browser.newContext({ viewport: { width: 1280, height: 800 }, javaScriptEnabled: false, serviceWorkers: 'block' });
  const jsGuard = await guardRequests(jsContext, base);
  const noJsGuard = await guardRequests(noJsContext, base);
  const page = await jsContext.newPage();
  const noJsPage = await noJsContext.newPage();
  return { page, noJsPage, jsGuard, noJsGuard, close: async () => { await jsContext.close(); await noJsContext.close(); } };
}

const browser = await launch();
try {
  const pub = await contextPair(browser);
  for (const t of targets(base)) await checkTarget(t, pub);
  await pub.close();

  // Signed-in pages: both contexts sign in first (one session each), then every page of
  // SIGNED_IN_PAGES in both languages goes through the same checks.
  if (email && password) {
    const priv = await contextPair(browser);
    try {
      await signIn(priv.page, base, { email, password });
      await signIn(priv.noJsPage, base, { email, password });
      const ids = await recordIds(priv.page, base, 'en', MANAGED_TIE);
      for (const t of signedInTargets(base, ids)) {
        if (t.missing) {
          skipped.push(`${t.path}: no ${t.missing} on /en/ties/${MANAGED_TIE}/manage yet (run publish.mjs first)`);
          continue;
        }
        await checkTarget(t, priv);
      }
    } catch (e) {
      results.push({ id: 'sign-in', path: '(signed-in pages)', problems: [`could not check the signed-in pages: ${e.message}`], notes: [], vnu: 0, axe: 0, htmlGz: 0, cssGz: 0, totalGz: 0 });
    }
    await priv.close();
  } else {
    skipped.push('signed-in pages: no account given (--email/--password or PANTAU_TEST_EMAIL/PANTAU_TEST_PASSWORD)');
  }
} finally {
  await browser.close();
}

// vnu over the saved files in one JVM start (it refuses loopback URLs, so files it is).
const vnu = spawnSync('java', ['-jar', vnuJar, '--errors-only', '--format', 'json', ...results.filter((r) => r.file).map((r) => r.file)], { encoding: 'utf8', maxBuffer: 64 << 20 });
if (vnu.error || (vnu.status !== 0 && vnu.status !== 1)) {
  console.error(`vnu could not run (java -jar ${vnuJar}): ${vnu.error ?? `exit ${vnu.status}`}\n${vnu.stderr ?? ''}`);
  process.exit(1);
}
let messages = [];
try {
  messages = JSON.parse(vnu.stderr).messages;
} catch {
  console.error(`vnu did not answer with JSON (exit ${vnu.status}):\n${vnu.stderr}\n${vnu.stdout}`);
  process.exit(1);
}
for (const m of messages) {
  if (m.type !== 'error' && !(m.type === 'non-document-error')) continue;
  const file = m.url ? decodeURIComponent(new URL(m.url).pathname) : '';
  const r = results.find((x) => x.file === file);
  const where = m.lastLine ? `line ${m.lastLine}` : '';
  const msg = `vnu ${where}: ${m.message}${m.extract ? ` — ${JSON.stringify(m.extract.trim())}` : ''}`;
  if (r) { r.vnu++; r.problems.push(msg); } else {
    results.push({ id: 'vnu', path: file || '(vnu)', problems: [msg], notes: [], vnu: 1, axe: 0, htmlGz: 0, cssGz: 0, totalGz: 0 });
  }
}

// Report.
const failed = results.filter((r) => r.problems.length);
const vnuErrors = results.reduce((a, r) => a + r.vnu, 0);
const axeViolations = results.reduce((a, r) => a + r.axe, 0);
const lines = [
  '# Page checks',
  '',
  `Server ${base}, ${new Date().toISOString()}. vnu errors: ${vnuErrors}; axe violations (${AXE_TAGS.join(', ')}): ${axeViolations}.`,
  '',
  '| page | status | requests | vnu errors | axe violations | HTML gz KB | CSS gz KB | total gz KB | result |',
  '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
];
for (const r of results) {
  const verdict = r.problems.length ? 'FAIL' : 'ok';
  lines.push(`| ${r.path} | ${r.status ?? ''} | ${r.requests ?? ''} | ${r.vnu} | ${r.axe} | ${kb(r.htmlGz)} | ${kb(r.cssGz)} | ${kb(r.totalGz)} | ${verdict}${r.notes.length ? ` (${r.notes.join('; ')})` : ''} |`);
}
if (skipped.length) {
  lines.push('', '## Skipped', '');
  for (const k of skipped) lines.push(`- ${k}`);
}
if (failed.length) {
  lines.push('', '## Problems', '');
  for (const r of failed) {
    lines.push(`### ${r.path}`, '');
    for (const p of r.problems) lines.push(`- ${p}`);
    lines.push('');
  }
}
fs.writeFileSync(path.join(out, 'results.md'), lines.join('\n') + '\n');

for (const r of results) {
  console.log(`${r.problems.length ? 'FAIL' : 'ok  '} ${r.path.padEnd(40)} ${String(r.requests ?? 0).padStart(2)} req  html ${kb(r.htmlGz).padStart(5)} KB + css ${kb(r.cssGz)} KB = ${kb(r.totalGz).padStart(5)} KB gz${r.notes.length ? `  (${r.notes.join('; ')})` : ''}`);
  for (const p of r.problems) console.log(`       ${p}`);
}
for (const k of skipped) console.log(`skip ${k}`);
console.log(`vnu errors: ${vnuErrors}; axe violations: ${axeViolations}; report: ${path.join(out, 'results.md')}; ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`pages: ${results.length - failed.length} passed, ${failed.length} failed`);
process.exit(failed.length ? 1 : 0);
