// End-to-end publishing test in Chromium with JavaScript off (the site needs none): an official
// of Surabaya signs in, records an agreement for MANAGED_TIE with a PDF and publishes it, writes
// and publishes a roadmap with one milestone, writes a report (empty first: the errors; then a
// preview) and publishes it, leaves an activity as a draft; then a new, signed-out context loads
// the public tie page and must show the agreement with the PDF's SHA-256 (and serve the same
// bytes), the roadmap, the milestone, the report, and not the draft.
//   PANTAU_TEST_EMAIL=… PANTAU_TEST_PASSWORD=… node tools/browser/publish.mjs BASE_URL [--out DIR]
//   (or --email E --password P). The account must be an official of Surabaya (.ci/run creates
//   one with `pantau user add` on the server's database).
// Every form is screenshotted at 360×740 (full page) into DIR/forms/ (DIR defaults to
// screenshots/), English along the way and Indonesian at the end; a form wider than the screen
// fails. Prints one line per check, then `publish: N passed, M failed`; exits 1 on any failure.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { guardRequests, launch, parseArgs, signIn } from './lib.mjs';
import { MANAGED_TIE } from './pages.mjs';

const usage = 'usage: node publish.mjs BASE_URL [--out DIR] [--email E --password P] (or PANTAU_TEST_EMAIL / PANTAU_TEST_PASSWORD)';
const { base, out, email, password } = parseArgs(usage);
if (!email || !password) { console.error(usage); process.exit(2); }
const formsDir = path.join(out, 'forms');
fs.mkdirSync(formsDir, { recursive: true });

const VIEWPORT = { width: 360, height: 740 };
const TIE = MANAGED_TIE;
// A tag that makes this run's records recognisable when the database is reused.
const RUN = new Date().toISOString().replace(/\D/g, '').slice(0, 14);

/** A small, well-formed one-page PDF 1.4 (cross-reference offsets computed, ends with %%EOF). */
function minimalPdf(text) {
  const safe = text.replace(/[()\\]/g, '\\$&');
  const content = `BT /F1 18 Tf 72 770 Td (${safe}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
    `<< /Length ${Buffer.byteLength(content)} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let pdf = '%PDF-1.4\n';
  const offsets = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(pdf));
    pdf += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(pdf);
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) pdf += `${String(off).padStart(10, '0')} 00000 n \n`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

const pdf = minimalPdf(`MoU Surabaya - Liverpool, test ${RUN}`);
const pdfSha = crypto.createHash('sha256').update(pdf).digest('hex');
const pdfPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pantau-publish-')), 'mou-surabaya-liverpool.pdf');
fs.writeFileSync(pdfPath, pdf);

const data = {
  signatories: `Eri Cahyadi; Mayor of Liverpool (test ${RUN})`,
  roadmap: `Roadmap Surabaya–Liverpool 2027–2029 (test ${RUN})`,
  milestone: `Joint port-city workshop (test ${RUN})`,
  target: '40 officials trained in port logistics',
  report: `Evaluation 2026 (test ${RUN})`,
  activity: `Draft visit that stays private (test ${RUN})`,
};

// ---------------------------------------------------------------------------------------------
let passed = 0;
const failures = [];
function check(name, ok, detail = '') {
  if (ok) { passed++; console.log(`ok   ${name}`); } else { failures.push(name); console.log(`FAIL ${name}${detail ? `: ${detail}` : ''}`); }
  return ok;
}
/** Like check, but stops the flow (later steps depend on this one). */
function must(name, ok, detail = '') {
  if (!check(name, ok, detail)) throw new Error(`stopped: ${name}`);
}

const shots = [];
/** Full-page screenshot at 360 px; a page wider than the screen is a failure. */
async function shot(page, name) {
  const file = path.join(formsDir, `${name}-${VIEWPORT.width}.png`);
  await page.screenshot({ path: file, fullPage: true });
  shots.push(file);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  check(`${name}: fits ${VIEWPORT.width} px`, overflow <= 0, `${overflow}px wider than the screen`);
}

async function open(page, p, expected = 200) {
  const res = await page.goto(base + p, { waitUntil: 'load' });
  const status = res ? res.status() : 0;
  must(`GET ${p} → ${expected}`, status === expected && new URL(page.url()).pathname === p.split('?')[0], `status ${status} at ${new URL(page.url()).pathname}`);
  return res;
}

/** Click a submit button and wait for the page the form leads to (after any 303). */
async function submit(page, selector) {
  const [res] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click(selector)]);
  return { status: res ? res.status() : 0, path: new URL(page.url()).pathname };
}

const text = (page, sel) => page.locator(sel).first().innerText().catch(() => '');
const flash = (page) => text(page, '.flash');

/** Save a filled editor: 303 to /en/<segment>/<id>/edit with "Saved."; returns the id. */
async function save(page, segment) {
  const r = await submit(page, 'form.editor button[value=save]');
  const m = new RegExp(`^/en/${segment}/(\\d+)/edit$`).exec(r.path);
  const err = r.status === 200 ? '' : ` ${await text(page, '.form-error')} ${(await page.locator('.field-error').allInnerTexts()).join(' | ')}`;
  must(`save ${segment}: 303 → edit page`, r.status === 200 && m, `status ${r.status} at ${r.path}${err}`);
  check(`save ${segment}: flash "Saved."`, (await flash(page)) === 'Saved.', await flash(page));
  check(`save ${segment}: draft until published`, /Draft: not public yet|still a draft/.test(await text(page, 'main')));
  return Number(m[1]);
}

/** Press Publish on an edit page: back on the edit page, "Published.", no Publish button left. */
async function publish(page, segment, id) {
  // The editor links to the confirmation step, which says what becomes public; its button publishes.
  await page.locator('.publish-form a.publish').click();
  await page.waitForLoadState('load');
  check(`publish ${segment} ${id}: confirmation page first`, new URL(page.url()).pathname === `/en/${segment}/${id}/publish`, page.url());
  const r = await submit(page, 'form.publish-form button.publish');
  must(`publish ${segment} ${id}: 303 → edit page`, r.status === 200 && r.path === `/en/${segment}/${id}/edit`, `status ${r.status} at ${r.path}`);
  check(`publish ${segment} ${id}: flash "Published."`, (await flash(page)) === 'Published.', await flash(page));
  check(`publish ${segment} ${id}: now published`, /Published on/.test(await text(page, 'main')) && (await page.locator('.publish-form').count()) === 0);
}

// ---------------------------------------------------------------------------------------------
const started = Date.now();
const ids = {};
const browser = await launch();
try {
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1, javaScriptEnabled: false, serviceWorkers: 'block' });
  const guard = await guardRequests(context, base);
  const page = await context.newPage();

  try {
    // Sign in.
    await open(page, '/en/sign-in');
    await shot(page, 'en-sign-in');
    const landed = await signIn(page, base, { email, password, next: `/en/ties/${TIE}/manage` });
    must('sign in: back on the page asked for', landed.status() === 200 && new URL(page.url()).pathname === `/en/ties/${TIE}/manage`, new URL(page.url()).pathname);
    check('sign in: flash "You are signed in."', (await flash(page)) === 'You are signed in.', await flash(page));
    check('sign in: account bar shows the account', (await text(page, '.account-bar')).includes(email));
    await open(page, '/en/dashboard');
    await shot(page, 'en-dashboard');
    await open(page, `/en/ties/${TIE}/manage`);
    await shot(page, 'en-manage');

    // Agreement with a PDF.
    await open(page, `/en/ties/${TIE}/agreements/new`);
    check('agreement form: multipart', (await page.getAttribute('form.editor', 'enctype')) === 'multipart/form-data');
    await shot(page, 'en-agreement-new');
    await page.selectOption('#f-kind', 'mou');
    await page.fill('#f-title', `Memorandum of Understanding on sister-city cooperation (test ${RUN})`);
    await page.fill('#f-signed_on', '2026-09-15');
    await page.fill('#f-in_force_from', '2026-09-15');
    await page.fill('#f-expires_on', '2031-09-14');
    await page.fill('#f-signatories', data.signatories);
    await page.setInputFiles('#f-document', pdfPath);
    await page.fill('#f-note', 'Recorded by the end-to-end test.');
    ids.agreement = await save(page, 'agreements');
    check('agreement: stored PDF shown with its SHA-256', (await text(page, 'main')).includes(pdfSha));
    await shot(page, 'en-agreement-edit-draft');
    await publish(page, 'agreements', ids.agreement);

    // Roadmap, its milestone, then publish (the milestone goes public with it).
    await open(page, `/en/ties/${TIE}/roadmaps/new`);
    await shot(page, 'en-roadmap-new');
    await page.fill('#f-title', data.roadmap);
    await page.fill('#f-period_start', '2027-01-01');
    await page.fill('#f-period_end', '2029-12-31');
    await page.fill('#f-body_md', '## Aims\n\n- Port logistics exchange\n- **Smart city** pilots in both cities');
    await page.fill('#f-budget_amount', '150000000');
    await page.fill('#f-budget_currency', 'idr');
    ids.roadmap = await save(page, 'roadmaps');
    await open(page, `/en/roadmaps/${ids.roadmap}/milestones/new`);
    await shot(page, 'en-milestone-new');
    await page.fill('#f-title', data.milestone);
    await page.fill('#f-target', data.target);
    await page.fill('#f-due_on', '2027-06-30');
    await page.selectOption('#f-status', 'planned');
    const ms = await submit(page, 'form.editor button[value=save]');
    must('save milestone: 303 → roadmap edit page', ms.status === 200 && ms.path === `/en/roadmaps/${ids.roadmap}/edit`, `status ${ms.status} at ${ms.path} ${(await page.locator('.field-error').allInnerTexts()).join(' | ')}`);
    check('save milestone: flash "Saved."', (await flash(page)) === 'Saved.');
    await shot(page, 'en-roadmap-edit-draft');
    await publish(page, 'roadmaps', ids.roadmap);

    // Report: errors first, then a preview, then save and publish.
    await open(page, `/en/ties/${TIE}/reports/new`);
    await shot(page, 'en-report-new');
    const empty = await submit(page, 'form.editor button[value=save]');
    check('empty report: 422 with the form again', empty.status === 422 && empty.path === `/en/ties/${TIE}/reports/new`, `status ${empty.status} at ${empty.path}`);
    check('empty report: form error and field errors', (await page.locator('.form-error[role=alert]').count()) === 1 && (await page.locator('#f-title-error').count()) === 1 && (await page.getAttribute('#f-title', 'aria-invalid')) === 'true');
    await shot(page, 'en-report-errors');
    await page.fill('#f-title', data.report);
    await page.fill('#f-period_start', '2026-01-01');
    await page.fill('#f-period_end', '2026-10-31');
    await page.fill('#f-body_md', '## Findings\n\nThe LoI of 2017 led to **one MoU** in 2026; a roadmap now names targets and dates.');
    await page.selectOption('#f-rating_commitment', '2');
    await page.fill('#f-comment_commitment', 'Both mayors signed; budget lines exist.');
    await page.locator('input[name=factors]').first().check();
    const pv = await submit(page, 'form.editor button[value=preview]');
    check('report preview: 200, Markdown rendered', pv.status === 200 && (await page.locator('.preview strong').first().innerText().catch(() => '')) === 'one MoU', `status ${pv.status}`);
    check('report preview: values kept', (await page.inputValue('#f-title')) === data.report);
    await shot(page, 'en-report-preview');
    ids.report = await save(page, 'reports');
    await publish(page, 'reports', ids.report);

    // An activity left as a draft: it must not appear on the public page.
    await open(page, `/en/ties/${TIE}/activities/new`);
    await shot(page, 'en-activity-new');
    await page.fill('#f-occurred_on', '2026-10-01');
    await page.selectOption('#f-kind', { index: 0 });
    await page.fill('#f-title', data.activity);
    ids.activity = await save(page, 'activities');

    await open(page, `/en/ties/${TIE}/steps/new`);
    await shot(page, 'en-step-new');
    await open(page, `/en/ties/${TIE}/manage`);
    await shot(page, 'en-manage-with-records');
    const manage = await text(page, 'main');
    check('manage page: lists the new records', [data.roadmap, data.report, data.activity].every((s) => manage.includes(s)));

    // The Indonesian forms, for the screenshots (longer labels).
    for (const [name, p] of [
      ['id-dashboard', '/id/dashboard'],
      ['id-manage', `/id/ties/${TIE}/manage`],
      ['id-agreement-new', `/id/ties/${TIE}/agreements/new`],
      ['id-step-new', `/id/ties/${TIE}/steps/new`],
      ['id-roadmap-new', `/id/ties/${TIE}/roadmaps/new`],
      ['id-milestone-new', `/id/roadmaps/${ids.roadmap}/milestones/new`],
      ['id-activity-new', `/id/ties/${TIE}/activities/new`],
      ['id-report-new', `/id/ties/${TIE}/reports/new`],
      ['id-report-edit-published', `/id/reports/${ids.report}/edit`],
    ]) {
      await open(page, p);
      await shot(page, name);
    }
  } catch (e) {
    if (!String(e.message).startsWith('stopped:')) check('publishing flow', false, e.message);
  }
  for (const url of new Set(guard.thirdParty.map((t) => t.url))) check('no third-party request', false, url);
  await context.close();

  // The public page, signed out.
  const pub = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1, javaScriptEnabled: false, serviceWorkers: 'block' });
  const pubGuard = await guardRequests(pub, base);
  const view = await pub.newPage();
  try {
    await open(view, `/en/ties/${TIE}`);
    await view.screenshot({ path: path.join(formsDir, `en-tie-public-${VIEWPORT.width}.png`), fullPage: true });
    const main = await text(view, 'main');
    const section = (id) => view.locator(`section[aria-labelledby="${id}"]`).first().innerText().catch(() => '');
    check('public: signed out (no account bar)', (await view.locator('.account-bar').count()) === 0);
    check('public: the agreement, as an MoU with its signatories', /Memorandum of Understanding|MoU/.test(await section('h-agreements')) && (await section('h-agreements')).includes(data.signatories));
    check('public: the agreement\'s SHA-256', (await section('h-agreements')).includes(`SHA-256 ${pdfSha}`));
    check('public: the document listed with its SHA-256', (await section('h-corrections')).includes(pdfSha));
    const roadmap = await section('h-roadmap');
    check('public: the roadmap', roadmap.includes(data.roadmap));
    check('public: the milestone with its target and due date', roadmap.includes(data.milestone) && roadmap.includes(data.target) && /30 June 2027|2027-06-30/.test(roadmap), roadmap.slice(0, 300));
    const reports = await section('h-reports');
    check('public: the report, with its Markdown rendered', reports.includes(data.report) && reports.includes('one MoU'));
    check('public: the draft activity is not shown', !main.includes(data.activity));
    if (ids.agreement) {
      const doc = await view.request.get(`${base}/en/agreements/${ids.agreement}/document`);
      const body = await doc.body();
      check('public: the PDF downloads as stored (same SHA-256)', doc.status() === 200 && /application\/pdf/.test(doc.headers()['content-type'] || '') && crypto.createHash('sha256').update(body).digest('hex') === pdfSha, `status ${doc.status()}`);
    }
    if (ids.activity) {
      const draft = await view.request.get(`${base}/en/activities/${ids.activity}/edit`, { maxRedirects: 0 });
      check('public: the draft\'s edit page needs a sign-in', draft.status() === 303 || draft.status() === 302, `status ${draft.status()}`);
    }
  } catch (e) {
    if (!String(e.message).startsWith('stopped:')) check('public page', false, e.message);
  }
  for (const url of new Set(pubGuard.thirdParty.map((t) => t.url))) check('no third-party request (public)', false, url);
  await pub.close();
} finally {
  await browser.close();
  fs.rmSync(path.dirname(pdfPath), { recursive: true, force: true });
}

console.log(`screenshots: ${shots.length + 1} in ${path.relative(process.cwd(), formsDir) || '.'}; ${((Date.now() - started) / 1000).toFixed(1)} s`);
if (failures.length) console.log(`failed: ${failures.join('; ')}`);
console.log(`publish: ${passed} passed, ${failures.length} failed`);
process.exit(failures.length ? 1 : 0);
