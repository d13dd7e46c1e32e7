// Suggestions from the public, end to end in Chromium with JavaScript OFF (the site needs none):
// an editor publishes an activity on a tie; an anonymous reader suggests a correction of it from
// the tie page, sees the private status link; the editor accepts it in the moderation queue and
// corrects the activity through the normal edit form (the reason comes pre-filled with "public
// suggestion #N" and its source); the public tie page shows the change and the credit, the history
// cites the suggestion and its source, the status page says accepted. A second suggestion is
// rejected with a reason (its status page says so), a third marked spam: it appears on no public
// page, feed, export or API answer.
//   PANTAU_TEST_EMAIL=… PANTAU_TEST_PASSWORD=… node tools/browser/suggest.mjs BASE_URL [--out DIR]
//   (or --email E --password P). The account must be an EDITOR (.ci/run makes one with
//   `pantau user add --role editor`). Readers come through the server's trusted proxy address
//   (127.0.0.1) with their own X-Forwarded-For, so the per-address hourly limit of another check
//   run on the same server is not theirs.
// Screenshots of the suggestion form, the status page and the moderation queue at 360 and 1280 px
// in both languages go to DIR/suggest/ (DIR defaults to screenshots/); a page wider than the
// screen fails. Prints one line per check, then `suggest: N passed, M failed`; exits 1 on failure.
import fs from 'node:fs';
import path from 'node:path';
import { guardRequests, launch, parseArgs, signIn } from './lib.mjs';
import { MANAGED_TIE, PAGES } from './pages.mjs';

const usage = 'usage: node suggest.mjs BASE_URL [--out DIR] [--email E --password P] (or PANTAU_TEST_EMAIL / PANTAU_TEST_PASSWORD; an editor)';
const { base, out, email, password } = parseArgs(usage);
if (!email || !password) { console.error(usage); process.exit(2); }
const shotsDir = path.join(out, 'suggest');
fs.mkdirSync(shotsDir, { recursive: true });
const RUN = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
const WIDTHS = [360, 1280];

let passed = 0;
const failures = [];
function check(name, ok, detail = '') {
  if (ok) { passed++; console.log(`ok   ${name}`); } else { failures.push(name); console.log(`FAIL ${name}${detail ? `: ${detail}` : ''}`); }
  return ok;
}
function must(name, ok, detail = '') {
  if (!check(name, ok, detail)) throw new Error(`stopped: ${name}`);
}

const text = (page, sel) => page.locator(sel).first().innerText().catch(() => '');
const flash = (page) => text(page, '.flash');

async function open(page, p, expected = 200) {
  const res = await page.goto(base + p, { waitUntil: 'load' });
  const status = res ? res.status() : 0;
  must(`GET ${p} → ${expected}`, status === expected, `status ${status} at ${new URL(page.url()).pathname}`);
  return res;
}

async function submit(page, selector) {
  const [res] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.locator(selector).first().click()]);
  return { status: res ? res.status() : 0, path: new URL(page.url()).pathname, search: new URL(page.url()).search };
}

/** Full-page screenshots of the page at `p` at every width (the page is loaded again at each). */
async function shots(page, name, p) {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 800 });
    await page.goto(base + p, { waitUntil: 'load' });
    const file = path.join(shotsDir, `${name}-${width}.png`);
    await page.screenshot({ path: file, fullPage: true });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    check(`${name} @${width}: fits the screen`, overflow <= 0, `${overflow}px wider`);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

let readers = 0;
/** A new reader: no account, no JavaScript, an address of their own. */
async function readerContext(browser) {
  readers += 1;
  const ctx = await browser.newContext({
    javaScriptEnabled: false,
    viewport: { width: 1280, height: 800 },
    extraHTTPHeaders: { 'x-forwarded-for': `203.0.113.${(Number(RUN.slice(-2)) + readers * 7) % 250 + 1}` },
  });
  await guardRequests(ctx, base);
  return ctx;
}

/** An anonymous reader suggests from a tie page; returns the status page's path and the number. */
async function suggestFromTiePage(browser, tie, body, source) {
  const ctx = await readerContext(browser);
  const page = await ctx.newPage();
  await open(page, `/id/ties/${tie}`);
  const link = page.locator(`a[href="/id/ties/${tie}/suggest"]`).first();
  must('tie page links to the suggestion form', (await link.count()) === 1);
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), link.click()]);
  check('suggestion form: in Indonesian', (await text(page, 'h1')) === 'Sarankan koreksi atau tambahkan bukti', await text(page, 'h1'));
  check('suggestion form: says how long contacts are kept', (await text(page, 'main')).includes('dihapus 90 hari setelah usulan Anda diputuskan'));
  await page.fill('#f-body', body);
  await page.fill('#f-source_url', source);
  await page.fill('#f-contact_name', `Pembaca ${RUN}`);
  await page.fill('#f-contact_email', `pembaca.${RUN}@contoh.id`);
  await page.locator('input[name=consent]').check();
  // A person takes more than the minimum fill time (3 s).
  await page.waitForTimeout(3300);
  const r = await submit(page, 'form[enctype="multipart/form-data"] button[type=submit]');
  must('suggestion sent: 303 → private status page', r.status === 200 && /^\/id\/suggestions\/[0-9a-f]{64}$/.test(r.path), `status ${r.status} at ${r.path} ${await text(page, '.form-error')}`);
  check('status page: thanks the reader (flash)', (await flash(page)).startsWith('Terima kasih'), await flash(page));
  check('status page: pending', (await text(page, 'main')).includes('Menunggu pemeriksaan'));
  const n = Number(/#(\d+)/.exec(await text(page, 'h1'))?.[1]);
  must('status page: names the suggestion', n > 0, await text(page, 'h1'));
  await ctx.close();
  return { status: r.path, n };
}

const browser = await launch();
let statusPaths = [];
try {
  // The tie: one of the starter data's last, away from the other browser checks' ties.
  const used = PAGES.map((p) => p.path).join(' ') + ` ${MANAGED_TIE}`;
  const all = [];
  for (let page = 1; page < 10; page++) {
    const doc = await (await fetch(`${base}/api/v1/ties?per_page=100&page=${page}`)).json();
    all.push(...doc.ties);
    if (!doc.next) break;
  }
  const tie = all.map((t) => t.id).sort().reverse().find((id) => !used.includes(id));
  must('a tie to work on', Boolean(tie));
  const ed = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 800 } });
  await guardRequests(ed, base);
  const page = await ed.newPage();
  await signIn(page, base, { email, password, lang: 'en', next: '/en/dashboard' });
  check('editor signed in', (await text(page, '.account-bar')).includes('Editor'));

  // 1. The editor publishes an activity the reader will correct.
  const wrongTitle = `Mayor's visit (test ${RUN})`;
  const rightTitle = `Working visit of the deputy mayor (test ${RUN})`;
  await open(page, `/en/ties/${tie}/activities/new`);
  await page.fill('#f-occurred_on', '2026-03-10');
  await page.selectOption('#f-kind', { index: 0 });
  await page.fill('#f-title', wrongTitle);
  let r = await submit(page, 'form.editor button[value=save]');
  const activity = Number(/^\/en\/activities\/(\d+)\/edit$/.exec(r.path)?.[1]);
  must('activity saved', r.status === 200 && activity > 0, `status ${r.status} at ${r.path}`);
  await page.locator('.publish-form a.publish').click();
  await page.waitForLoadState('load');
  r = await submit(page, 'form.publish-form button.publish');
  must('activity published', r.status === 200 && (await flash(page)) === 'Published.', `${r.status} ${await flash(page)}`);

  // 2. Three readers: a correction, one to reject, one that is spam.
  const source = `https://example.org/berita/kunjungan-${RUN}`;
  const good = await suggestFromTiePage(browser, tie, `Judul kegiatan keliru: yang datang wakil wali kota, bukan wali kota (${RUN}).`, source);
  const rejected = await suggestFromTiePage(browser, tie, `Kerja sama ini sudah berakhir tahun lalu (${RUN}).`, `https://example.org/rumor-${RUN}`);
  const spamText = `spam${RUN} jual obat murah`;
  const spam = await suggestFromTiePage(browser, tie, spamText, `https://example.org/spam-${RUN}`);
  statusPaths = [good.status, rejected.status, spam.status];

  // 3. The editor decides in the moderation queue.
  await open(page, '/en/moderation');
  for (const s of [good, rejected, spam]) check(`queue lists #${s.n}`, (await page.locator(`#s-${s.n}`).count()) === 1);
  check('queue: shows the sender for follow-up', (await text(page, `#s-${good.n}`)).includes(`pembaca.${RUN}@contoh.id`));
  check('queue: the other suggestions about the same tie', (await text(page, `#s-${good.n} .note`)).includes(`#${rejected.n}`));
  await shots(page, 'id-moderation', '/id/moderation');
  await shots(page, 'en-moderation', '/en/moderation');
  r = await submit(page, `#s-${good.n} form[action$="/accept"] button`);
  must('accept → the tie\'s records, carrying the suggestion', r.path === `/en/ties/${tie}/manage` && r.search === `?suggestion=${good.n}`, `${r.status} ${r.path}${r.search}`);
  const edit = page.locator(`a[href="/en/activities/${activity}/edit?suggestion=${good.n}"]`).first();
  must('manage page: the activity\'s edit link carries the suggestion', (await edit.count()) === 1);
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), edit.click()]);
  const reason = await page.inputValue('#f-reason');
  check('correction reason pre-filled with the suggestion and its source', reason.includes(`public suggestion #${good.n}`) && reason.includes(source), reason);
  await page.fill('#f-title', rightTitle);
  r = await submit(page, 'form.editor button[value=save]');
  must('correction saved', r.status === 200 && r.path === `/en/activities/${activity}/edit`, `${r.status} ${r.path} ${await text(page, '.form-error')}`);
  await open(page, '/en/moderation');
  await page.selectOption(`#r-${rejected.n}`, 'source-disagrees');
  await page.fill(`#n-${rejected.n}`, 'The city\'s own page lists the tie as active.');
  r = await submit(page, `#s-${rejected.n} form[action$="/reject"] button`);
  check('rejected with a reason', r.path === '/en/moderation' && (await flash(page)).length > 0, `${r.path} ${await flash(page)}`);
  r = await submit(page, `#s-${spam.n} form[action$="/spam"] button`);
  check('marked as spam', r.path === '/en/moderation' && (await page.locator(`#s-${spam.n}`).count()) === 0);
  await shots(page, 'en-moderation-after', '/en/moderation');

  // 4. What the public sees.
  const pub = await readerContext(browser);
  const p = await pub.newPage();
  await open(p, `/id/ties/${tie}`);
  const tiePage = await text(p, 'main');
  check('tie page: shows the correction', tiePage.includes(rightTitle) && !tiePage.includes(wrongTitle));
  check('tie page: credits the public', tiePage.includes('Diperbaiki dengan bantuan publik: 1 usulan'));
  await open(p, `/en/ties/${tie}/history`);
  const history = await text(p, 'main');
  check('history: the correction cites the suggestion and its source', history.includes(`Based on public suggestion #${good.n}; source: ${source}`));
  check('history: lists the accepted suggestion with its source', history.includes(`Public suggestion #${good.n}`) && (await p.locator(`#suggestion-${good.n} a[href="${source}"]`).count()) === 1);
  check('history: never the sender', !history.includes(`pembaca.${RUN}`) && !history.includes(`Pembaca ${RUN}`));
  await open(p, good.status);
  check('status page: accepted', (await text(p, 'main')).includes('Diterima'));
  await open(p, rejected.status);
  const rej = await text(p, 'main');
  check('status page: rejected, with the reason', rej.includes('Ditolak') && rej.includes('Sumber tidak mendukung usulan') && rej.includes('lists the tie as active'), rej.slice(0, 300));
  await open(p, spam.status);
  check('status page of spam: says declined, not spam', (await text(p, 'main')).includes('Ditolak') && !(await text(p, 'main')).includes('Pesan sampah'));
  // The spam nowhere public (pages, feeds, exports, API, search).
  for (const q of [`/id/ties/${tie}`, `/en/ties/${tie}/history`, `/id/ties/${tie}/history`, `/en/ties/${tie}/feed.atom`, '/id/feed.atom', `/api/v1/ties/${tie}`, '/en/ties.json', '/data/pantau.jsonl', `/id/search?q=spam${RUN}`]) {
    const res = await fetch(base + q);
    const body = await res.text();
    // (The search page repeats its query: the suggestion's other words must not be there.)
    check(`spam absent from ${q}`, res.status === 200 && !body.includes('jual obat murah') && !body.includes(`spam-${RUN}`) && !body.includes(`pembaca.${RUN}`), `status ${res.status}`);
  }
  // Screenshots of the reader's pages in both languages.
  const token = good.status.split('/').pop();
  for (const lang of ['id', 'en']) {
    await shots(p, `${lang}-suggest-tie`, `/${lang}/ties/${tie}/suggest`);
    await shots(p, `${lang}-suggest-missing`, `/${lang}/suggest?place=${all.find((t) => t.id === tie).indonesian_place_slug}`);
    await shots(p, `${lang}-status-accepted`, `/${lang}/suggestions/${token}`);
    await shots(p, `${lang}-status-rejected`, `/${lang}/suggestions/${rejected.status.split('/').pop()}`);
  }
  await pub.close();
  await ed.close();
} catch (e) {
  console.log(`FAIL ${e.message}`);
  failures.push(e.message);
} finally {
  await browser.close();
}
console.log(`suggest: ${passed} passed, ${failures.length} failed; screenshots in ${path.relative(process.cwd(), shotsDir) || '.'}`);
if (statusPaths.length) console.log(`status pages: ${statusPaths.join(' ')}`);
process.exit(failures.length ? 1 : 0);
