// XSS corpus check: every payload of tools/xss/payloads.txt goes through every text and Markdown
// field of the publishing forms (agreement, procedure step, roadmap, milestone, activity, report
// with its Markdown body and rating comments, the correction reason), the public suggestion form
// (what is wrong, source address, sender's name; the editor's rejection note), the editorial
// place and tie forms (names, alternative names, PPID contact, reasons; a merge's reason) and a
// session's User-Agent (the sessions page), the uploaded PDF's
// file name, and the query parameters (search `q`, the tie list's `q` and filters, sign-in `next`, the
// API's filters and paging); the records are published, then Chromium — JavaScript ON,
// `bypassCSP: true`, so the sanitising is tested and not only the Content-Security-Policy —
// opens every page, feed, export and API response where the values appear, signed out and
// signed in (manage, edit forms, dashboard, admin audit).
//
//   PANTAU_TEST_EMAIL=… PANTAU_TEST_PASSWORD=… node tools/browser/xss.mjs BASE_URL [--out DIR]
//   (or --email E --password P). The account must be an ADMIN (it writes on many ties and reads
//   the audit log): `printf '%s\n' "$PW" | pantau user add --email E --role admin --database-url …`.
//   XSS_JOBS=N sets the browser tabs working in parallel (default 3). The three pages per payload
//   that only a query parameter makes (search, tie list, sign-in) are fetched from Node and
//   written into a tab of the site's origin (page.setContent: Chromium parses and runs the HTML as
//   served; a navigation costs ~200 ms of CPU here, four times as much); XSS_NAVIGATE=1 navigates
//   to them instead. Every other page is a navigation.
//
// Execution is detected by an init script that defines the payloads' marker `xss(n)` in every
// frame (reported to Node through a binding) and by a dialog handler; after each load the DOM is
// scanned for active content that the site never serves: <script>, any on* attribute,
// javascript:/vbscript:/data: URLs in href/src/action/formaction/xlink:href/…, iframe, frame,
// object, embed, applet, base, portal, meta refresh, SVG animations of href/on*, script-like CSS.
// Feeds are parsed with Chromium's XML parser (must be well-formed, no XHTML elements); JSON must
// parse and its *_html strings are scanned inertly (DOMParser). CSV and JSON-lines exports are
// downloads (never rendered): their type, nosniff, CSV quoting and formula cells, JSON lines and
// content are checked.
// The check cannot pass vacuously: every (payload, field) must be found again on a public page,
// every payload on its tie's page, and each query payload echoed where the page echoes it.
//
// Prints one line per page, then
//   xss: P payloads, F fields, R records, N pages checked, E executed, A active elements
// writes DIR/xss-results.md (DIR defaults to screenshots/), and exits 1 if E or A > 0, or if
// anything was not saved, published or found again.
import fs from 'node:fs';
import path from 'node:path';
import { launch, parseArgs, REPO, signIn } from './lib.mjs';
import { MANAGED_TIE, PAGES } from './pages.mjs';

const usage = 'usage: node xss.mjs BASE_URL [--out DIR] [--email E --password P] (or PANTAU_TEST_EMAIL / PANTAU_TEST_PASSWORD; an admin account)';
const { base, out, email, password } = parseArgs(usage);
if (!email || !password) { console.error(usage); process.exit(2); }
fs.mkdirSync(out, { recursive: true });
const JOBS = Math.max(1, Number(process.env.XSS_JOBS || 3));
const NAVIGATE = process.env.XSS_NAVIGATE === '1';
const PAYLOAD_FILE = path.join(REPO, 'tools', 'xss', 'payloads.txt');
/** Payloads per tie: at most 4 published entries each, so a tie's feed (50 entries) shows them all. */
const PER_TIE = 12;
const started = Date.now();
const LANGS = ['en', 'id'];

// ---------------------------------------------------------------------------------------------
// The corpus.

/** Parse payloads.txt (format described at its top). */
function loadPayloads(file) {
  const list = [];
  const seen = new Map();
  fs.readFileSync(file, 'utf8').split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (line === '' || line.startsWith('#')) return;
    const id = list.length + 1;
    let text = '';
    for (let j = 0; j < line.length; j++) {
      const ch = line[j];
      if (ch !== '\\') { text += ch; continue; }
      const next = line[++j];
      if (next === 'n') text += '\n';
      else if (next === 'r') text += '\r';
      else if (next === 't') text += '\t';
      else if (next === '\\') text += '\\';
      else if (next === '#') text += '#';
      else if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(line.slice(j + 1, j + 5))) {
        text += String.fromCharCode(parseInt(line.slice(j + 1, j + 5), 16));
        j += 4;
      } else throw new Error(`${file}:${i + 1}: unknown escape \\${next ?? ''}`);
    }
    text = text.replaceAll('$ID', String(id));
    if (seen.has(text)) throw new Error(`${file}:${i + 1}: same payload as line ${seen.get(text)}`);
    seen.set(text, i + 1);
    list.push({ id, line: i + 1, text });
  });
  return list;
}

const payloads = loadPayloads(PAYLOAD_FILE);

// What the server stores: forms trim (Unicode White_Space) and turn CRLF into LF. Comparisons
// drop all whitespace on both sides (HTML collapses and reflows it; Fluent adds isolation marks).
// Format characters (Unicode Cf: bidi controls, zero-width characters…) are removed from names
// when saved (see `models::visible_name`), so both sides of a comparison leave them out.
const strip = (s) => s.replace(/[\s\u0085\p{Cf}]/gu, '');

/** The name a PDF upload is stored under (as `publishing::check_document` and FormData make it). */
function storedFileName(name) {
  const sent = name.replace(/\n/g, '%0A').replace(/\r/g, '%0D').replace(/"/g, '%22');
  const last = sent.split(/[/\\]/).pop();
  const clean = [...last].filter((c) => !/\p{Cc}/u.test(c) && c !== '"').slice(0, 200).join('');
  return clean || 'document.pdf';
}

/** A URL field's value carrying the payload (the form accepts only http(s) without whitespace). */
const urlValue = (p) => `https://example.org/xss?p=${p.replace(/[\s\p{Cc}]/gu, (c) => encodeURIComponent(c))}`;

// ---------------------------------------------------------------------------------------------
// HTTP from Node, with a cookie jar (posting is done with fetch(), not by clicking).

class Client {
  constructor() { this.jar = new Map(); }
  cookie() { return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; '); }
  take(res) {
    for (const c of res.headers.getSetCookie()) {
      const [kv] = c.split(';');
      const i = kv.indexOf('=');
      const k = kv.slice(0, i).trim();
      if (/max-age=0/i.test(c)) this.jar.delete(k); else this.jar.set(k, kv.slice(i + 1));
    }
  }
  async req(p, { method = 'GET', body, headers = {} } = {}) {
    const h = { cookie: this.cookie(), ...headers };
    if (method === 'POST') h.origin = base;
    const res = await fetch(base + p, { method, body, headers: h, redirect: 'manual' });
    this.take(res);
    return res;
  }
}

/** A small one-page PDF (the server only checks the `%PDF-` magic). */
function minimalPdf(text) {
  const content = `BT /F1 18 Tf 72 770 Td (${text.replace(/[()\\]/g, '\\$&')}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
    `<< /Length ${Buffer.byteLength(content)} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let pdf = '%PDF-1.4\n';
  const offsets = [];
  objects.forEach((o, i) => { offsets.push(Buffer.byteLength(pdf)); pdf += `${i + 1} 0 obj\n${o}\nendobj\n`; });
  const xref = Buffer.byteLength(pdf);
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) pdf += `${String(off).padStart(10, '0')} 00000 n \n`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}
const PDF = minimalPdf('Pantau XSS corpus test');

const decode = (s) => s.replace(/&(#x[0-9a-f]+|#\d+|quot|amp|lt|gt|#39);/gi, (_, e) => {
  if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
  return { quot: '"', amp: '&', lt: '<', gt: '>' }[e.toLowerCase()];
});

/** The fields of the editor form in an HTML page: name, widget, options. */
function parseEditor(html) {
  const form = /<form[^>]*class="editor"[\s\S]*?<\/form>/.exec(html)?.[0] ?? '';
  const fields = [];
  const tagRe = /<(input|textarea|select)\b([^>]*)>/g;
  let m;
  while ((m = tagRe.exec(form))) {
    const attrs = m[2];
    const attr = (n) => { const a = new RegExp(`\\s${n}="([^"]*)"`).exec(attrs); return a ? decode(a[1]) : null; };
    const name = attr('name');
    if (!name || ['csrf', 'version', 'action', 'reason'].includes(name)) continue;
    if (m[1] === 'textarea') { fields.push({ name, widget: attr('rows') === '14' ? 'markdown' : 'textarea' }); continue; }
    if (m[1] === 'select') {
      const body = form.slice(tagRe.lastIndex, form.indexOf('</select>', tagRe.lastIndex));
      const options = [...body.matchAll(/<option value="([^"]*)"/g)].map((o) => decode(o[1]));
      fields.push({ name, widget: 'select', options });
      continue;
    }
    const type = attr('type');
    if (type === 'checkbox' || type === 'hidden') continue;
    let widget = 'text';
    if (type === 'file') widget = 'file';
    else if (type === 'url') widget = 'url';
    else if (attr('placeholder') === 'YYYY-MM-DD') widget = 'date';
    else if (attr('inputmode') === 'decimal') widget = 'number';
    else if (attr('inputmode') === 'numeric') widget = 'integer';
    fields.push({ name, widget });
  }
  return fields;
}

const fieldErrors = (html) => [...html.matchAll(/<p class="field-error" id="f-([\w-]+)-error">([^<]*)</g)].map((m) => `${m[1]}: ${decode(m[2])}`);
const csrfOf = (html) => /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

// ---------------------------------------------------------------------------------------------
// Results.

const failures = [];
const fail = (what) => { failures.push(what); console.log(`FAIL ${what}`); };
const executions = [];
const activeFindings = [];
const pageRows = [];
const externalRequests = new Set();
const timings = {};
const phase = (name, t0) => { timings[name] = (Date.now() - t0) / 1000; };

// ---------------------------------------------------------------------------------------------
// 1. Sign in (Node), pick ties, learn the forms.

const client = new Client();
{
  const form = await client.req('/en/sign-in');
  const html = await form.text();
  const res = await client.req('/en/sign-in', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf: csrfOf(html), next: '/en/admin/audit', email, password }),
  });
  if (res.status !== 303 || !client.jar.has('pantau_session')) { console.error(`sign-in as ${email} failed: ${res.status}`); process.exit(1); }
  const audit = await client.req('/en/admin/audit');
  if (audit.status !== 200) { console.error(`${email} is not an admin (GET /en/admin/audit: ${audit.status})`); process.exit(1); }
  client.csrf = csrfOf(await audit.text());
}

// Ties for the records: not those the other browser checks show (pages.mjs), so a run before them
// changes nothing they look at; PER_TIE payloads on each.
const ties = [];
{
  const used = PAGES.map((p) => p.path).join(' ') + ` ${MANAGED_TIE}`;
  const all = [];
  for (let page = 1; page < 10; page++) {
    const res = await client.req(`/api/v1/ties?per_page=100&page=${page}`);
    const doc = await res.json();
    all.push(...doc.ties);
    if (!doc.next) break;
  }
  const want = Math.ceil(payloads.length / PER_TIE);
  for (const t of all.sort((a, b) => a.id.localeCompare(b.id))) {
    if (used.includes(t.id) || used.includes(`/places/${t.indonesian_place_slug}`) || used.includes(`/places/${t.partner_slug}`)) continue;
    ties.push({ slug: t.id, place: t.indonesian_place_slug, payloads: [] });
    if (ties.length === want) break;
  }
  if (ties.length < want) { console.error(`only ${ties.length} ties for ${want} needed`); process.exit(1); }
  payloads.forEach((p, i) => { p.tie = ties[Math.floor(i / PER_TIE)]; p.tie.payloads.push(p); p.records = {}; });
}

const KINDS = [
  { kind: 'agreement', seg: 'agreements' },
  { kind: 'step', seg: 'steps' },
  { kind: 'roadmap', seg: 'roadmaps' },
  { kind: 'milestone', seg: 'milestones' },
  { kind: 'activity', seg: 'activities' },
  { kind: 'report', seg: 'reports' },
];
const KIND = Object.fromEntries(KINDS.map((k) => [k.kind, k]));
const TEXT_WIDGETS = new Set(['text', 'textarea', 'markdown']);

/** Dates that pass every cross-field check; milestones are overdue, so the dashboard lists them. */
function dateFor(kind, name) {
  if (kind === 'milestone') return '2020-06-30';
  if (/end|expires/.test(name)) return '2031-12-31';
  if (name === 'signed_on') return '2025-03-01';
  return '2025-06-01';
}

/** Form values for payload `p` in a kind's fields (select options rotate with the payload). */
function valuesFor(k, p) {
  const out = [];
  for (const f of k.fields) {
    if (f.widget === 'file') continue;
    let v;
    if (k.validated.has(f.name)) v = k.validated.get(f.name);
    else if (TEXT_WIDGETS.has(f.widget)) v = p.text;
    else if (f.widget === 'url') v = urlValue(p.text);
    else if (f.widget === 'date') v = dateFor(k.kind, f.name);
    else if (f.widget === 'number') v = '1500';
    else if (f.widget === 'integer') v = '3';
    else if (f.widget === 'select') {
      const opts = f.options.filter((o) => o !== '');
      v = opts[p.id % opts.length] ?? '';
    }
    out.push([f.name, v]);
  }
  return out;
}

function formBody(fields, fileName) {
  if (fileName == null) {
    return { body: new URLSearchParams(fields), headers: { 'content-type': 'application/x-www-form-urlencoded' } };
  }
  const fd = new FormData();
  for (const [k, v] of fields) fd.append(k, v);
  fd.append('document', new Blob([PDF], { type: 'application/pdf' }), fileName);
  return { body: fd, headers: {} };
}

async function post(p, fields, { fileName = null } = {}) {
  const { body, headers } = formBody([['csrf', client.csrf], ...fields], fileName);
  const res = await client.req(p, { method: 'POST', body, headers });
  return { status: res.status, location: res.headers.get('location') || '', html: res.status === 303 ? '' : await res.text() };
}

// Learn each kind's fields from its empty form; then a preview (never saved) with payload 1 in
// every text field shows which text fields are validated (e.g. currencies): they get a valid value.
{
  const t0 = Date.now();
  const probeTie = ties[0].slug;
  for (const k of KINDS) {
    k.newPath = (slug, roadmapId) => (k.kind === 'milestone' ? `/en/roadmaps/${roadmapId}/milestones/new` : `/en/ties/${slug}/${k.seg}/new`);
    k.validated = new Map();
    if (k.kind === 'milestone') continue;
    const res = await client.req(k.newPath(probeTie));
    const html = await res.text();
    if (res.status !== 200) { console.error(`GET ${k.newPath(probeTie)}: ${res.status}`); process.exit(1); }
    k.fields = parseEditor(html);
    k.multipart = /enctype="multipart\/form-data"/.test(/<form[^>]*class="editor"[^>]*>/.exec(html)?.[0] ?? '');
  }
  // The milestone form needs a roadmap: its fields are read from the first roadmap made below.
  for (const k of KINDS.filter((x) => x.kind !== 'milestone')) {
    const probe = await post(k.newPath(probeTie), [...valuesFor(k, payloads[0]), ['action', 'preview']]);
    for (const e of fieldErrors(probe.html)) {
      const name = e.split(':')[0];
      const f = k.fields.find((x) => x.name === name);
      if (f && TEXT_WIDGETS.has(f.widget)) k.validated.set(name, /currency/.test(name) ? 'IDR' : '');
    }
    const again = await post(k.newPath(probeTie), [...valuesFor(k, payloads[0]), ['action', 'preview']]);
    if (again.status !== 200) fail(`${k.kind} form: preview with valid values answers ${again.status} (${fieldErrors(again.html).join('; ')})`);
  }
  phase('forms', t0);
}

// ---------------------------------------------------------------------------------------------
// 2. Post and publish: per payload one record of every kind on its tie, all text fields carrying
// the payload, the PDF named after it; then a correction whose reason is the payload.

async function createRecord(p, k, roadmapId) {
  const fileName = k.fields.some((f) => f.widget === 'file') ? p.text : null;
  const r = await post(k.newPath(p.tie.slug, roadmapId), [...valuesFor(k, p), ['action', 'save']], { fileName: k.multipart ? fileName : null });
  const m = /\/en\/(\w+)\/(\d+)\/edit$/.exec(r.location);
  if (r.status !== 303 || !m) {
    fail(`payload ${p.id} (line ${p.line}): ${k.kind} not saved: ${r.status} ${fieldErrors(r.html).join('; ')}`);
    return null;
  }
  return Number(m[2]);
}

async function publishRecord(p, k, id) {
  const r = await post(`/en/${k.seg}/${id}/publish`, [['version', '1']]);
  if (r.status !== 303 || !r.location.endsWith(`/${k.seg}/${id}/edit`)) { fail(`payload ${p.id}: ${k.kind} ${id} not published: ${r.status}`); return false; }
  return true;
}

async function postPayload(p) {
  for (const kind of ['agreement', 'step', 'roadmap', 'activity', 'report']) {
    const k = KIND[kind];
    const id = await createRecord(p, k);
    if (id == null) continue;
    p.records[kind] = { id, version: 1 };
    if (kind === 'roadmap') {
      const mk = KIND.milestone;
      if (!mk.fields) {
        const res = await client.req(mk.newPath(p.tie.slug, id));
        mk.fields = parseEditor(await res.text());
        mk.multipart = false;
      }
      const r = await post(mk.newPath(p.tie.slug, id), [...valuesFor(mk, p), ['action', 'save']]);
      if (r.status !== 303 || !r.location.endsWith(`/roadmaps/${id}/edit`)) fail(`payload ${p.id}: milestone not saved: ${r.status} ${fieldErrors(r.html).join('; ')}`);
      else p.records.milestone = { id: null, version: 1 };
    }
    if (await publishRecord(p, k, id)) p.records[kind].version = 2;
  }
}

/** Milestone ids, from each tie's manage page (listed by id, so in payload order). */
async function findMilestones(tie) {
  const res = await client.req(`/en/ties/${tie.slug}/manage`);
  const html = await res.text();
  const ids = [...html.matchAll(/\/en\/milestones\/(\d+)\/edit/g)].map((m) => Number(m[1]));
  const unique = [...new Set(ids)].sort((a, b) => a - b).slice(-tie.payloads.filter((p) => p.records.milestone).length);
  for (const p of tie.payloads.filter((x) => x.records.milestone)) p.records.milestone.id = unique.shift() ?? null;
}

/** A correction of one published record (the kind rotates with the payload) with the payload as its reason. */
async function correct(p) {
  const kind = KINDS[p.id % KINDS.length].kind;
  const rec = p.records[kind];
  if (!rec || rec.id == null) return;
  const k = KIND[kind];
  const r = await post(`/en/${k.seg}/${rec.id}/edit`, [...valuesFor(k, p), ['version', String(rec.version)], ['reason', p.text], ['action', 'save']]);
  if (r.status !== 303) { fail(`payload ${p.id}: correction of ${kind} ${rec.id} not saved: ${r.status} ${fieldErrors(r.html).join('; ')}`); return; }
  rec.version += 1;
  p.corrected = kind;
}

async function pool(items, n, fn) {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length) { const item = items[next++]; await fn(item); }
  }));
}

{
  const t0 = Date.now();
  // One worker per tie at a time keeps each tie's records in payload order.
  await pool(ties, 2, async (tie) => { for (const p of tie.payloads) await postPayload(p); });
  await pool(ties, 2, findMilestones);
  await pool(payloads, 2, correct);
  phase('post', t0);
}

// Every value the public pages must show again, by payload and field.
const expectations = [];
for (const p of payloads) {
  for (const k of KINDS) {
    if (!p.records[k.kind]) continue;
    for (const f of k.fields) {
      let text = null;
      if (TEXT_WIDGETS.has(f.widget) && !k.validated.has(f.name)) text = p.text;
      else if (f.widget === 'url') text = urlValue(p.text);
      else if (f.widget === 'file' && k.multipart) text = storedFileName(p.text);
      if (text == null || strip(text) === '') continue;
      expectations.push({ p, field: `${k.kind}.${f.name}`, needle: strip(text), seen: [] });
    }
  }
  if (p.corrected && strip(p.text)) expectations.push({ p, field: 'correction.reason', needle: strip(p.text), seen: [] });
}
const fieldNames = [...new Set(expectations.map((e) => e.field))];
const recordCount = payloads.reduce((n, p) => n + Object.values(p.records).filter((r) => r.id != null).length, 0);
console.log(`posted: ${payloads.length} payloads × ${fieldNames.length} fields (${fieldNames.join(', ')}), ${recordCount} records on ${ties.length} ties, ${payloads.filter((p) => p.corrected).length} corrections (${timings.post.toFixed(1)} s)`);

// ---------------------------------------------------------------------------------------------
// 3. Chromium: load every page where the values appear and look for execution / active content.

const INIT = () => {
  const report = (n) => { try { window.__xssHit(String(n)); } catch { /* binding missing */ } };
  Object.defineProperty(window, 'xss', { value: report, writable: false, configurable: false });
};

/** Runs in the page after load: active content, needles found, feed/JSON checks. */
const SCAN = ({ needles, mode }) => {
  let entries = null;
  const strip = (s) => s.replace(/[\s\u0085\p{Cf}]/gu, '');
  const URL_ATTRS = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'poster', 'background', 'srcset', 'lowsrc', 'dynsrc', 'cite', 'ping', 'codebase', 'longdesc', 'usemap', 'manifest', 'icon', 'classid', 'archive', 'profile', 'code']);
  const ACTIVE_TAGS = new Set(['script', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'base', 'portal', 'fencedframe', 'handler', 'listener']);
  const CSS_BAD = /javascript:|vbscript:|expression\s*\(|behavior\s*:|-moz-binding|@import/i;
  // As the URL parser reads a scheme: leading/trailing C0 controls and spaces dropped, tabs and
  // newlines removed anywhere, letters in any case (entities are already decoded in the DOM).
  const badUrl = (v) => /^(javascript|vbscript|livescript|data):/i.test(v.replace(/^[\u0000-\u0020]+/, '').replace(/[\t\n\r]/g, ''));
  const snippet = (el) => {
    const attrs = [...el.attributes].slice(0, 5).map((a) => ` ${a.name}="${a.value.slice(0, 80)}"`).join('');
    return `<${el.tagName.toLowerCase()}${attrs}>`;
  };
  /** Active content in a document (the page itself, or an inert parsed fragment). */
  const scan = (doc, where) => {
    const out = [];
    for (const el of doc.getElementsByTagName('*')) {
      const tag = el.localName.toLowerCase();
      const add = (why) => out.push({ where, why, el: snippet(el) });
      if (ACTIVE_TAGS.has(tag)) add(`<${tag}> element`);
      if (tag === 'meta' && /refresh/i.test(el.getAttribute('http-equiv') || '')) add('meta refresh');
      if (/^(set|animate|animatemotion|animatetransform)$/.test(tag) && /href|^on/i.test(el.getAttribute('attributeName') || el.getAttribute('attributename') || '')) add(`SVG <${tag}> of ${el.getAttribute('attributeName')}`);
      if (tag === 'style' && CSS_BAD.test(el.textContent)) add('script-like CSS in <style>');
      for (const a of el.attributes) {
        const n = a.name.toLowerCase();
        if (n.startsWith('on')) add(`${n} attribute`);
        else if (URL_ATTRS.has(n) || n.endsWith(':href')) {
          const values = n === 'srcset' ? a.value.split(',').map((s) => s.trim().split(/\s+/)[0]) : [a.value];
          if (values.some(badUrl)) add(`${n}=${a.value.slice(0, 40)}`);
        } else if (n === 'style' && CSS_BAD.test(a.value)) add('script-like CSS in style=""');
        else if (n === 'srcdoc') add('srcdoc attribute');
      }
    }
    return out;
  };
  const active = scan(document, 'page');
  for (const a of document.querySelectorAll('a[href], area[href]')) {
    if (/^(javascript|vbscript|data):$/.test(a.protocol) && !active.some((x) => x.el.includes(a.getAttribute('href').slice(0, 20)))) active.push({ where: 'page', why: `link to ${a.protocol}`, el: a.outerHTML.slice(0, 120) });
  }
  let hay = '';
  let info = '';
  const pre = document.querySelector('pre');
  const raw = (pre ? pre.textContent : document.body?.textContent) ?? '';
  if (mode === 'feed') {
    const xml = new DOMParser().parseFromString(raw, 'application/xml');
    const error = xml.getElementsByTagName('parsererror')[0];
    if (error) {
      info = `not well-formed XML: ${error.textContent.replace(/^This page contains the following errors:/, '').replace(/Below is a rendering.*$/, '').slice(0, 160)}`;
    } else {
      for (const el of xml.getElementsByTagNameNS('http://www.w3.org/1999/xhtml', '*')) active.push({ where: 'feed', why: `XHTML <${el.localName}> in the feed`, el: el.outerHTML.slice(0, 120) });
      active.push(...scan(xml, 'feed'));
    }
    hay = [...xml.getElementsByTagName('title')].map((t) => t.textContent).join('\n');
    entries = xml.getElementsByTagName('entry').length;
  } else if (mode === 'json') {
    try {
      const doc = JSON.parse(raw);
      const strings = [];
      const walk = (v, key) => {
        if (typeof v === 'string') {
          strings.push(v);
          if (/html/i.test(key)) active.push(...scan(new DOMParser().parseFromString(v, 'text/html'), `JSON ${key}`));
        } else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, Array.isArray(v) ? key : k);
      };
      walk(doc, '');
      hay = strings.join('\n');
    } catch (e) { info = `not JSON: ${e.message}`; }
  } else {
    const values = [...document.querySelectorAll('input, textarea')].map((e) => e.value);
    hay = `${document.documentElement?.textContent ?? ''}\n${values.join('\n')}`;
  }
  const s = strip(hay);
  // A feed leaves out the characters XML does not allow (controls, U+FFFE, U+FFFF).
  const xmlSafe = (n) => (mode === 'feed' ? n.replace(/[^\t\n\r\u0020-\ud7ff\ud800-\udfff\ue000-\ufffd]/g, '') : n);
  return { active, info, found: needles.map((n) => s.includes(xmlSafe(n))), entries };
};

const browser = await launch();
let pagesChecked = 0;
let apiAnswers = 0;

/**
 * A browser context with the marker, the dialog handler, and no request leaving the machine:
 * every other host goes to a proxy that is not there (lib.mjs's guardRequests would do it with
 * request interception, which turns the HTTP cache off and costs ~80 ms a page here).
 */
async function makeContext(name) {
  const host = new URL(base).hostname;
  const ctx = await browser.newContext({
    bypassCSP: true, javaScriptEnabled: true, serviceWorkers: 'block', viewport: { width: 800, height: 600 },
    proxy: { server: 'http://127.0.0.1:9', bypass: `${host},127.0.0.1,localhost` },
  });
  const origin = new URL(base).origin;
  ctx.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith('data:') && !u.startsWith('about:') && !u.startsWith(`${origin}/`)) externalRequests.add(u);
  });
  await ctx.exposeBinding('__xssHit', (source, n) => {
    if (source.page?.__canary) { source.page.__canary.push(`xss(${n})`); return; }
    executions.push({ how: `xss(${n})`, payload: Number(n) || null, frame: source.frame.url(), page: source.page?.__current ?? source.page?.url() ?? '' });
  });
  await ctx.addInitScript(INIT);
  ctx.on('page', (pg) => {
    pg.on('dialog', async (d) => {
      if (pg.__canary) pg.__canary.push(d.type());
      else executions.push({ how: `${d.type()}(${d.message().slice(0, 40)})`, payload: null, frame: pg.url(), page: pg.__current ?? pg.url() });
      await d.dismiss().catch(() => {});
    });
    pg.on('popup', (pop) => { activeFindings.push({ url: pg.__current, why: 'opened a window', el: pop.url() }); pop.close().catch(() => {}); });
  });
  ctx.__name = name;
  return ctx;
}

/**
 * The detector's own test, in each context before the real pages: a page of the site's origin
 * given known-bad markup must report its executions (also from an iframe and a dialog) and its
 * active elements, or the run stops: a silent detector would make every page look clean.
 */
async function selfTest(ctx) {
  const page = await ctx.newPage();
  page.__canary = [];
  await page.goto(`${base}/healthz`, { waitUntil: 'load' });
  await page.setContent('<img src=x onerror=xss(-1)><svg onload=xss(-2)></svg><iframe srcdoc="<script>xss(-3)</script>"></iframe>'
    + '<script>alert(-4)</script><a href="jav&#x61;script:xss(-5)">x</a><meta http-equiv=refresh content="999;url=javascript:xss(-6)">'
    + '<svg><a><animate attributeName=href values=javascript:xss(-7) /></a></svg><div style="background:url(javascript:xss(-8))"></div>', { waitUntil: 'load' });
  await page.waitForTimeout(200);
  const r = await page.evaluate(SCAN, { needles: [], mode: 'html' });
  const ran = page.__canary.length;
  const whys = r.active.map((a) => a.why).join('; ');
  await page.close();
  const ok = ran >= 4 && r.active.length >= 9;
  console.log(`${ok ? 'ok    ' : 'FAIL  '} detector self-test (${ctx.__name}): ${ran}/4 executions seen, ${r.active.length} active elements found (${whys})`);
  if (!ok) { console.error('the detector does not see known-bad markup: stopping'); process.exit(1); }
}

/** Scan a loaded document (page or frame) for target `t` and record the row. */
async function inspect(frame, t, row, expectedUrl) {
  const needles = (t.needles ?? []).map((e) => (typeof e === 'string' ? e : e.needle));
  let r;
  for (let attempt = 0; attempt < 2 && !r; attempt++) {
    try {
      r = await frame.evaluate(SCAN, { needles, mode: t.mode ?? 'html' });
    } catch (e) {
      if (attempt) { row.note = `scan failed: ${e.message.split('\n')[0]}`; fail(`${t.path}: ${row.note}`); }
      await frame.waitForLoadState('load').catch(() => {});
    }
  }
  pagesChecked++;
  if (frame.url() !== expectedUrl) {
    activeFindings.push({ url: t.path, why: 'the page navigated away', el: frame.url() });
    row.active++;
  }
  if (r) {
    for (const a of r.active) activeFindings.push({ url: t.path, ...a });
    row.active += r.active.length;
    if (r.info) { row.note = r.info; fail(`${t.path}: ${r.info}`); }
    (t.needles ?? []).forEach((e, i) => { if (r.found[i] && typeof e !== 'string') e.seen.push(t.path); });
    const hits = r.found.filter(Boolean).length;
    row.found = needles.length ? `${hits}/${needles.length}` : '';
    if (t.mustFind && r.found.some((f, i) => !f && t.mustFind(i))) {
      const missing = needles.map((_, i) => i).filter((i) => !r.found[i] && t.mustFind(i));
      const what = missing.slice(0, 5).map((i) => t.needleLabel?.(i) ?? `#${i}`).join(', ');
      fail(`${t.path}: ${missing.length} value(s) not shown: ${what}`);
    }
    if (r.entries != null) row.note = `${r.entries} entries`;
  }
  const expect = t.expect ?? [200];
  if (!expect.includes(row.status)) fail(`${t.path}: status ${row.status}, expected ${expect.join(' or ')}`);
  pageRows.push(row);
  console.log(`${row.active ? 'ACTIVE' : 'ok    '} ${String(row.status).padEnd(3)} ${String(row.ms).padStart(5)} ms ${t.ctx === 'signed-in' ? '[signed in] ' : ''}${row.written ? '[written] ' : ''}${t.path.length > 110 ? `${t.path.slice(0, 110)}…` : t.path}${row.found ? `  found ${row.found}` : ''}${row.note ? `  (${row.note})` : ''}`);
}

/**
 * Load one target as the tab's page: { path, ctx, mode ('html'|'feed'|'json'), expect
 * (statuses), needles (expectations to look for), mustFind(i), needleLabel(i) }.
 */
async function checkPage(page, t) {
  const url = base + t.path;
  page.__current = t.path;
  const row = { path: t.path, ctx: t.ctx, status: 0, active: 0, found: '', note: '', ms: 0, written: false };
  const t0 = Date.now();
  let expectedUrl = url;
  try {
    if (t.write && !NAVIGATE) {
      // Fetched here, then written into the tab (a plain-text page of the site's origin).
      if (!page.url().startsWith(`${base}/healthz`)) await page.goto(`${base}/healthz`, { waitUntil: 'load' });
      const res = await fetch(url);
      row.status = res.status;
      const type = res.headers.get('content-type') || '';
      if (!type.startsWith('text/html')) fail(`${t.path}: served as ${type}`);
      expectedUrl = page.url();
      await page.setContent(await res.text(), { waitUntil: 'load', timeout: 60_000 });
      row.written = true;
    } else {
      const res = await page.goto(url, { waitUntil: 'load', timeout: 60_000 });
      row.status = res ? res.status() : 0;
      expectedUrl = res?.url() ?? url;
    }
  } catch (e) {
    row.note = e.message.split('\n')[0];
    fail(`${t.path}: ${row.note}`);
    pageRows.push(row);
    return;
  }
  row.ms = Date.now() - t0;
  await inspect(page.mainFrame(), t, row, expectedUrl);
}

async function runPages(ctx, targets) {
  // After a change, a page asked for while other requests are being answered is served as it was
  // a moment before while it renders in the background (ARCHITECTURE.md, step 6). Each public page
  // is first asked for alone, so that the tabs below check the pages as the writes left them.
  for (const t of targets) {
    if (t.ctx === 'signed-in') continue;
    await fetch(base + t.path).then((r) => r.arrayBuffer()).catch(() => {});
  }
  const pages = await Promise.all(Array.from({ length: JOBS }, () => ctx.newPage()));
  let next = 0;
  await Promise.all(pages.map(async (page) => {
    while (next < targets.length) await checkPage(page, targets[next++]);
  }));
  await new Promise((r) => setTimeout(r, 300)); // late timers
  await Promise.all(pages.map((p) => p.close()));
}

// The targets. `L(i)` alternates the language so both are covered without doubling the loads.
const L = (i) => LANGS[i % 2];
const enc = encodeURIComponent;
const tieNeedles = (tie) => expectations.filter((e) => e.p.tie === tie);
const labelOf = (list) => (i) => `payload ${list[i].p.id} ${list[i].field}`;
const TIE_FILTERS = ['place', 'country', 'kind', 'field', 'type', 'signed_from', 'signed_to', 'reported', 'status', 'activity', 'grade', 'roadmap', 'report', 'ceremonial', 'sort', 'page', 'per_page'];

const publicTargets = [];
const signedTargets = [];
ties.forEach((tie, ti) => {
  const needles = tieNeedles(tie);
  // Per payload, at least one of its values on the tie page (what it shows), all on the history.
  const tiePageNeedles = tie.payloads.map((p) => ({ needle: strip(p.text), seen: [], p, field: 'any' })).filter((e) => e.needle);
  for (const lang of LANGS) {
    publicTargets.push({ path: `/${lang}/ties/${tie.slug}`, ctx: 'public', needles: [...needles, ...tiePageNeedles], mustFind: (i) => i >= needles.length, needleLabel: (i) => `payload ${tiePageNeedles[i - needles.length]?.p.id}` });
  }
  publicTargets.push({ path: `/${L(ti)}/ties/${tie.slug}/history`, ctx: 'public', needles, mustFind: () => true, needleLabel: labelOf(needles) });
  const titled = needles.filter((e) => /^(roadmap|activity|report)\.title$/.test(e.field));
  publicTargets.push({ path: `/${L(ti + 1)}/ties/${tie.slug}/feed.atom`, ctx: 'public', mode: 'feed', needles: titled, mustFind: () => true, needleLabel: labelOf(titled) });
  publicTargets.push({ path: `/api/v1/ties/${tie.slug}`, ctx: 'public', mode: 'json', needles });
  signedTargets.push({ path: `/${L(ti)}/ties/${tie.slug}/manage`, ctx: 'signed-in', needles });
  // Pages of single records (the pages above show every record of the tie): a report page and
  // the edit forms of two kinds (in turn over the ties), each with the record's payload in one
  // more query parameter, which the language link repeats.
  const first = tie.payloads[0];
  const middle = tie.payloads[Math.floor(tie.payloads.length / 2)];
  if (first.records.report) {
    const mine = expectations.filter((e) => e.p === first && e.field.startsWith('report.'));
    publicTargets.push({ path: `/${L(ti + 1)}/reports/${first.records.report.id}?ref=${enc(first.text)}`, ctx: 'public', needles: mine, mustFind: (j) => mine[j].field !== 'report.body_md', needleLabel: labelOf(mine) });
  }
  for (const [p, kind] of [[first, KINDS[ti % KINDS.length]], [middle, KINDS[(ti + 3) % KINDS.length]]]) {
    const rec = p.records[kind.kind];
    if (rec?.id == null) continue;
    const mine = expectations.filter((e) => e.p === p && e.field.startsWith(`${kind.kind}.`) && !e.field.endsWith('.document'));
    signedTargets.push({ path: `/${L(ti + kind.seg.length)}/${kind.seg}/${rec.id}/edit?kind=${enc(p.text)}`, ctx: 'signed-in', needles: mine, mustFind: () => true, needleLabel: labelOf(mine) });
  }
});
for (const lang of LANGS) {
  publicTargets.push({ path: `/${lang}/`, ctx: 'public', needles: expectations.filter((e) => e.field === 'report.title') });
  publicTargets.push({ path: `/${lang}/places/${ties[0].place}`, ctx: 'public' });
  publicTargets.push({ path: `/${lang}/reports`, ctx: 'public', needles: expectations.filter((e) => e.field === 'report.title'), mustFind: () => true, needleLabel: labelOf(expectations.filter((e) => e.field === 'report.title')) });
  publicTargets.push({ path: `/${lang}/feed.atom`, ctx: 'public', mode: 'feed' });
  signedTargets.push({ path: `/${lang}/dashboard`, ctx: 'signed-in', needles: expectations.filter((e) => e.field.startsWith('milestone.title')) });
}
publicTargets.push({ path: `/en/places/${ties[0].place}/feed.atom`, ctx: 'public', mode: 'feed' });
publicTargets.push({ path: '/en/reports.json', ctx: 'public', mode: 'json', needles: expectations.filter((e) => e.field.startsWith('report.')) });
const reportCount = (await (await client.req('/api/v1/reports?per_page=1')).json()).count;
for (let page = 1; page <= Math.ceil(reportCount / 500); page++) {
  publicTargets.push({ path: `/api/v1/reports?per_page=500&page=${page}`, ctx: 'public', mode: 'json', needles: expectations.filter((e) => e.field.startsWith('report.')) });
}
// The audit log's newest pages (the corrections, the publications).
for (let page = 1; page <= 3; page++) signedTargets.push({ path: `/${L(page)}/admin/audit?page=${page}`, ctx: 'signed-in' });
signedTargets.push({ path: '/en/admin/users', ctx: 'signed-in' });

// Suggestions from the public: payloads go through the suggestion form's text fields (what is
// wrong or missing, the source address, the sender's name) as an anonymous reader sends them,
// and through the editor's rejection note. At most 5 (the per-address hourly limit); the e-mail
// must be an address, so it carries none. The form wants a few seconds between showing and
// sending. Two are accepted (their public part goes on the tie's history), one rejected with the
// payload as its note, two stay in the moderation queue.
{
  const t0 = Date.now();
  // What the server keeps of a text (src/models/suggestion.rs clean_text).
  const cleaned = (v) => v.replace(/\r\n/g, '\n').replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '').trim();
  const chosen = payloads.filter((p) => { const c = cleaned(p.text); return c !== '' && [...c].length <= 200; }).slice(0, 5);
  const sent = [];
  for (const p of chosen) {
    const reader = new Client();
    const path = `/en/ties/${p.tie.slug}/suggest`;
    const form = await (await reader.req(path)).text();
    const at = form.indexOf('enctype="multipart/form-data"');
    const csrf = csrfOf(form.slice(at));
    const stamp = /name="stamp" value="([^"]+)"/.exec(form)?.[1] ?? '';
    await new Promise((r) => setTimeout(r, 3200));
    const res = await reader.req(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf, stamp, body: p.text, source_url: urlValue(p.text), contact_name: p.text, contact_email: `reader${p.id}@example.org`, website: '', consent: 'yes' }),
    });
    const status = res.headers.get('location') || '';
    if (res.status !== 303 || !status.startsWith('/en/suggestions/')) { fail(`suggestion with payload ${p.id}: ${res.status}`); continue; }
    sent.push({ p, status, text: cleaned(p.text), url: cleaned(urlValue(p.text)) });
  }
  const queue = await (await client.req('/en/moderation')).text();
  const need = (p, field, text) => { const e = { p, field, needle: strip(text), seen: [] }; if (e.needle) expectations.push(e); return e; };
  // The queue lists the oldest first: these are its newest entries.
  const ids = [...queue.matchAll(/id="s-(\d+)"/g)].map((m) => m[1]).slice(-sent.length);
  sent.forEach((x, i) => {
    x.body = need(x.p, 'suggestion.body', x.text);
    x.source = need(x.p, 'suggestion.source_url', x.url);
    x.decision = i < 2 ? 'accept' : i === 2 ? 'reject' : null;
    if (i >= 3) x.name = need(x.p, 'suggestion.contact_name', x.text);
    if (x.decision === 'reject') x.note = need(x.p, 'suggestion.note', x.text);
    x.id = ids[i];
  });
  for (const x of sent.filter((y) => y.decision)) {
    // A pending suggestion's version is 1.
    const id = x.id;
    const fields = [['version', '1']];
    if (x.decision === 'reject') fields.push(['reason', 'other'], ['note', x.p.text]);
    const res = await post(`/en/moderation/${id}/${x.decision}`, fields);
    if (res.status !== 303) fail(`moderation ${x.decision} of suggestion ${id}: ${res.status}`);
  }
  for (const [i, x] of sent.entries()) {
    const needles = [x.body, x.source, ...(x.note ? [x.note] : [])];
    publicTargets.push({ path: x.status.replace('/en/', `/${L(i)}/`), ctx: 'public', needles, mustFind: () => true, needleLabel: labelOf(needles) });
  }
  const accepted = sent.filter((x) => x.decision === 'accept').flatMap((x) => [x.body, x.source]);
  for (const slug of new Set(sent.filter((x) => x.decision === 'accept').map((x) => x.p.tie.slug))) {
    const mine = accepted.filter((e) => e.p.tie.slug === slug);
    publicTargets.push({ path: `/en/ties/${slug}/history`, ctx: 'public', needles: mine, mustFind: () => true, needleLabel: labelOf(mine) });
  }
  const pending = sent.filter((x) => !x.decision).flatMap((x) => [x.body, x.source, x.name]);
  for (const lang of LANGS) signedTargets.push({ path: `/${lang}/moderation`, ctx: 'signed-in', needles: pending, mustFind: () => true, needleLabel: labelOf(pending) });
  for (const f of ['suggestion.body', 'suggestion.source_url', 'suggestion.contact_name', 'suggestion.note']) if (!fieldNames.includes(f)) fieldNames.push(f);
  console.log(`suggestions: ${sent.length} sent through the public form, ${sent.filter((x) => x.decision).length} decided (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}

// Editorial pages (issue 17): payloads through the place form's text fields (name, English
// name, alternative names, the PPID's office and web page, the reason), a tie's reason and a
// merge's reason, as an editor (the admin) sends them; and through the User-Agent a session keeps
// (shown on the account's sessions page). Payloads with control characters are left out (names
// lose them when saved; header values cannot carry them), so each value is found again as sent.
{
  const t0 = Date.now();
  const plain = payloads.filter((p) => !/\p{Cc}/u.test(p.text) && p.text.trim() !== '' && [...p.text].length <= 150);
  const chosen = plain.slice(0, 6);
  const need = (p, field, text) => { const e = { p, field, needle: strip(text.replace(/[\p{Cc}\p{Cf}]/gu, '')), seen: [] }; if (e.needle) expectations.push(e); return e; };
  const made = [];
  for (const [i, p] of chosen.entries()) {
    const res = await post('/en/editorial/places/new', [
      ['name', `Xss place ${p.id} ${p.text}`], ['name_en', p.text], ['kind', 'city'], ['country_code', 'GB'],
      ['province', ''], ['code', ''], ['lat', ''], ['lon', ''], ['alt_names', p.text],
      ['ppid_name', p.text], ['ppid_email', ''], ['ppid_phone', ''], ['ppid_url', urlValue(p.text)],
      ['reason', p.text], ['version', '0'],
    ]);
    if (res.status !== 303) { fail(`editorial place with payload ${p.id}: ${res.status} ${fieldErrors(res.html).join('; ')}`); continue; }
    const slug = res.location.split('/').pop();
    const page = await (await client.req(`/en/places/${slug}`)).text();
    const id = /\/en\/editorial\/places\/(\d+)\/edit/.exec(page)?.[1];
    const x = { p, slug, id, i };
    x.place = [need(p, 'place.name', `Xss place ${p.id} ${p.text}`), need(p, 'place.alt_names', p.text), need(p, 'place.ppid_name', p.text), need(p, 'place.ppid_url', urlValue(p.text))];
    x.history = [need(p, 'place.reason', p.text)];
    const tie = await post('/en/editorial/ties/new', [['place', ties[0].place], ['partner', slug], ['kind', 'sister-city'], ['started_on', ''], ['reason', p.text]]);
    if (tie.status !== 303) fail(`editorial tie with payload ${p.id}: ${tie.status} ${fieldErrors(tie.html).join('; ')}`);
    else x.tie = { slug: tie.location.split('/')[3], needles: [need(p, 'tie.reason', p.text)] };
    made.push(x);
  }
  // A plain place merged into the first, with the first's payload as the merge's reason.
  if (made.length) {
    const keep = made[0];
    const extra = await post('/en/editorial/places/new', [
      ['name', `Xss merge source ${keep.p.id}`], ['name_en', ''], ['kind', 'city'], ['country_code', 'GB'],
      ['province', ''], ['code', ''], ['lat', ''], ['lon', ''], ['alt_names', ''],
      ['ppid_name', ''], ['ppid_email', ''], ['ppid_phone', ''], ['ppid_url', ''], ['reason', 'merge source'], ['version', '0'],
    ]);
    const gone = extra.location.split('/').pop();
    const res = await post(`/en/editorial/places/${keep.id}/merge`, [['version', '1'], ['other', gone], ['reason', keep.p.text]]);
    if (extra.status !== 303 || res.status !== 303) fail(`merge of ${gone} into ${keep.slug}: ${extra.status} ${res.status} ${fieldErrors(res.html).join('; ')}`);
    else keep.history.push(need(keep.p, 'merge.reason', keep.p.text));
  }
  for (const x of made) {
    const lang = L(x.i);
    // The Indonesian page shows the Indonesian name (the English one shows name_en).
    publicTargets.push({ path: `/id/places/${x.slug}`, ctx: 'public', needles: x.place, mustFind: () => true, needleLabel: labelOf(x.place) });
    publicTargets.push({ path: `/en/places/${x.slug}`, ctx: 'public' });
    publicTargets.push({ path: `/${L(x.i + 1)}/places/${x.slug}/history`, ctx: 'public', needles: x.history, mustFind: () => true, needleLabel: labelOf(x.history) });
    publicTargets.push({ path: `/api/v1/places/${x.slug}`, ctx: 'public', mode: 'json' });
    if (x.tie) publicTargets.push({ path: `/${lang}/ties/${x.tie.slug}/history`, ctx: 'public', needles: x.tie.needles, mustFind: () => true, needleLabel: labelOf(x.tie.needles) });
    if (x.id) signedTargets.push({ path: `/${lang}/editorial/places/${x.id}/edit`, ctx: 'signed-in', needles: x.place.slice(1), mustFind: () => true, needleLabel: labelOf(x.place.slice(1)) });
  }
  publicTargets.push({ path: '/en/places', ctx: 'public' });
  // Sessions named by a payload as their browser (User-Agent values are Latin-1 without controls).
  const agents = plain.filter((p) => /^[\x20-\x7e]+$/.test(p.text)).slice(0, 3);
  const agentNeedles = [];
  for (const p of agents) {
    const other = new Client();
    const form = await (await other.req('/en/sign-in')).text();
    const res = await other.req('/en/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': p.text },
      body: new URLSearchParams({ csrf: csrfOf(form), next: '', email, password }),
    });
    if (res.status !== 303) { fail(`sign-in with payload ${p.id} as User-Agent: ${res.status}`); continue; }
    agentNeedles.push(need(p, 'session.user_agent', p.text.trim()));
  }
  for (const lang of LANGS) signedTargets.push({ path: `/${lang}/account/sessions`, ctx: 'signed-in', needles: agentNeedles, mustFind: () => true, needleLabel: labelOf(agentNeedles) });
  for (const f of ['place.name', 'place.alt_names', 'place.ppid_name', 'place.ppid_url', 'place.reason', 'tie.reason', 'merge.reason', 'session.user_agent']) if (!fieldNames.includes(f)) fieldNames.push(f);
  console.log(`editorial: ${made.length} places and ties made through the forms, ${agentNeedles.length} sessions with a payload as their browser (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}

payloads.forEach((p, i) => {
  const lang = L(i);
  const q = enc(p.text);
  const echo = strip(p.text.trim());
  const short = [...p.text.trim()].length <= 200;
  // Query parameters: the search's q; one tie-list parameter (q for every other payload, else a
  // filter or the sort, rotating: the 400 page names the bad value); sign-in's next.
  publicTargets.push({ path: `/${lang}/search?q=${q}`, ctx: 'public', write: true, expect: short ? [200] : [400], needles: echo ? [echo] : [], mustFind: () => short });
  if (i % 2 === 0) {
    publicTargets.push({ path: `/${L(i + 1)}/ties?q=${q}&sort=-signed&per_page=10`, ctx: 'public', write: true, expect: short ? [200] : [400], needles: echo ? [echo] : [], mustFind: () => short });
  } else {
    publicTargets.push({ path: `/${L(i + 1)}/ties?${TIE_FILTERS[(i >> 1) % TIE_FILTERS.length]}=${q}`, ctx: 'public', write: true, expect: [400, 200] });
  }
  publicTargets.push({ path: `/${lang}/sign-in?next=${q}`, ctx: 'public', write: true });
});

{
  const t0 = Date.now();
  const pub = await makeContext('public');
  await selfTest(pub);
  await runPages(pub, publicTargets);
  await pub.close();
  phase('public pages', t0);
}
{
  const t0 = Date.now();
  const ctx = await makeContext('signed-in');
  await selfTest(ctx);
  const page = await ctx.newPage();
  await signIn(page, base, { email, password, lang: 'en', next: '/en/dashboard' });
  await page.close();
  await runPages(ctx, signedTargets);
  await ctx.close();
  phase('signed-in pages', t0);
}
await browser.close();

// ---------------------------------------------------------------------------------------------
// 4. Exports that are downloads (never rendered by a browser) and JSON answers to every payload
// as an API or export parameter: fetched from Node, headers and content checked.
{
  const t0 = Date.now();
  const csvCell = /^[=+\-@\t\r]/;
  /** RFC 4180 cells. */
  const parseCsv = (text) => {
    const rows = [[]];
    let cell = '';
    let quoted = false;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (quoted) {
        if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
      } else if (c === '"') quoted = true;
      else if (c === ',') { rows.at(-1).push(cell); cell = ''; } else if (c === '\n' || (c === '\r' && text[i + 1] === '\n')) {
        if (c === '\r') i++;
        rows.at(-1).push(cell); cell = ''; rows.push([]);
      } else cell += c;
    }
    if (cell !== '' || rows.at(-1).length) rows.at(-1).push(cell);
    return rows.filter((r) => r.length > 1 || (r.length === 1 && r[0] !== ''));
  };
  const download = async (p, { needles = [], kind }) => {
    const before = failures.length;
    const res = await fetch(base + p);
    const body = await res.text();
    const ct = res.headers.get('content-type') || '';
    const row = { path: p, ctx: 'download', status: res.status, active: 0, found: '', note: `${ct}; not rendered` };
    pagesChecked++;
    if (res.status !== 200) fail(`${p}: status ${res.status}`);
    if (/html|xml|svg/i.test(ct)) fail(`${p}: served as ${ct}`);
    if (res.headers.get('x-content-type-options') !== 'nosniff') fail(`${p}: no X-Content-Type-Options: nosniff`);
    let hay = body;
    if (kind === 'csv') {
      const rows = parseCsv(body);
      const width = rows[0]?.length;
      if (rows.some((r) => r.length !== width)) fail(`${p}: CSV rows of different widths (a value broke the quoting)`);
      const formulas = rows.flat().filter((c) => csvCell.test(c) && !/^-?\d+(\.\d+)?$/.test(c));
      if (formulas.length) fail(`${p}: ${formulas.length} CSV cell(s) start like a formula: ${formulas.slice(0, 3).map((c) => JSON.stringify(c.slice(0, 40))).join(', ')}`);
      hay = rows.flat().join('\n');
    } else if (kind === 'jsonl') {
      const lines = body.split('\n').filter(Boolean);
      const strings = [];
      for (const [i, l] of lines.entries()) {
        try { JSON.parse(l, (_, v) => { if (typeof v === 'string') strings.push(v); return v; }); } catch (e) { fail(`${p}: line ${i + 1} is not JSON: ${e.message}`); break; }
      }
      hay = strings.join('\n');
    }
    const s = strip(hay);
    const hits = needles.filter((e) => { const ok = s.includes(e.needle); if (ok) e.seen.push(p); return ok; }).length;
    row.found = needles.length ? `${hits}/${needles.length}` : '';
    pageRows.push(row);
    console.log(`${failures.length > before ? 'FAIL  ' : 'ok    '} ${res.status} [download] ${p}${row.found ? `  found ${row.found}` : ''}  (${row.note})`);
  };
  await download('/en/reports.csv', { kind: 'csv', needles: expectations.filter((e) => e.field === 'report.title') });
  await download('/id/reports.csv', { kind: 'csv' });
  await download('/data/pantau.jsonl', { kind: 'jsonl', needles: expectations });
  await download(`/en/ties.csv?q=${enc('<script>xss(0)</script>')}`, { kind: 'csv' });

  // Every payload as an export/API parameter: ties.csv and ties.json with q (the file name echoes
  // filters), the API's tie filters (a 400 problem document names the value) and an unknown
  // parameter on a paged API list (the `next` link repeats the query).
  let apiChecked = 0;
  await pool(payloads, 4, async (p) => {
    const q = enc(p.text);
    const filter = TIE_FILTERS[(p.id + 3) % TIE_FILTERS.length];
    const all = [[`/${L(p.id)}/ties.csv?q=${q}&signed_from=2200`, false], [`/api/v1/ties?${filter}=${q}`, true], [`/${L(p.id)}/ties.json?q=${q}&signed_from=2200`, true], [`/api/v1/places?per_page=10&xss=${q}`, true]];
    for (const [u, json] of [all[p.id % all.length]]) {
      const res = await fetch(base + u);
      const text = await res.text();
      apiChecked++;
      const ct = res.headers.get('content-type') || '';
      if (res.status >= 500) fail(`${u}: status ${res.status}`);
      if (/html/i.test(ct) && !u.startsWith('/api/') && res.status !== 400) fail(`${u}: served as ${ct}`);
      if (u.startsWith('/api/') && !/json/.test(ct)) fail(`${u}: served as ${ct}`);
      const cd = res.headers.get('content-disposition') || '';
      if (/[\r\n]/.test(cd) || (cd.match(/"/g) || []).length > 2) fail(`${u}: Content-Disposition broken by the value: ${cd}`);
      for (const [k, v] of res.headers) if (/xss/i.test(k) || (k === 'set-cookie' && /xss/i.test(v))) fail(`${u}: the value became a header: ${k}: ${v}`);
      if (json && res.status === 200) { try { JSON.parse(text); } catch (e) { fail(`${u}: not JSON: ${e.message}`); } }
    }
  });
  apiAnswers = apiChecked;
  console.log(`ok     ${apiChecked} export/API answers to the payloads as query parameters (ties.csv, ties.json, /api/v1/ties filters, /api/v1/places next link)`);
  phase('downloads and API parameters', t0);
}

// ---------------------------------------------------------------------------------------------
// 5. Figures.

const notSeen = expectations.filter((e) => e.seen.length === 0);
for (const e of notSeen.slice(0, 20)) fail(`payload ${e.p.id} (line ${e.p.line}) in ${e.field}: not found on any page checked`);
if (notSeen.length > 20) fail(`… and ${notSeen.length - 20} more (payload, field) pairs not found`);
const missingRecords = payloads.length * KINDS.length - recordCount;
if (missingRecords) fail(`${missingRecords} record(s) were not saved`);

const E = executions.length;
const A = activeFindings.length;
const seconds = ((Date.now() - started) / 1000).toFixed(1);
const summary = `xss: ${payloads.length} payloads, ${fieldNames.length} fields, ${recordCount} records, ${pagesChecked} pages checked, ${E} executed, ${A} active elements`;
const detail = `(${pagesChecked} = pages rendered in Chromium — navigated to, or fetched and written into a tab — plus downloads; and ${apiAnswers} export/API answers fetched from Node)`;

const md = [];
md.push('# XSS corpus results', '');
md.push(`Run against ${base} on ${new Date().toISOString()} in ${seconds} s (Chromium, JavaScript on, bypassCSP; ${JOBS} tabs in parallel; the query-parameter pages ${NAVIGATE ? 'navigated to' : 'fetched and written into a tab with setContent'}).`, '');
md.push(`**${summary}**`, '', detail, '');
md.push(`- corpus: \`tools/xss/payloads.txt\`, ${payloads.length} payloads`);
md.push(`- fields (${fieldNames.length}): ${fieldNames.map((f) => `\`${f}\``).join(', ')}; the correction reason rotates over the record kinds`);
md.push(`- query parameters, in Chromium, per payload: \`/search?q\`; one tie-list parameter (\`q\` for every other payload, else one of ${TIE_FILTERS.length} filters/sort in turn); \`/sign-in?next\`. Per tie, a report page and two edit forms carry their payload in one more parameter (the language link repeats the query). From Node, one per payload in turn: \`ties.csv?q\`, \`/api/v1/ties\` filters, \`ties.json?q\`, \`/api/v1/places\` (its \`next\` link repeats the query)`);
md.push(`- ${recordCount} records on ${ties.length} ties (${ties.map((t) => t.slug).join(', ')}), all published; ${payloads.filter((p) => p.corrected).length} corrections`);
md.push(`- (payload, field) pairs found again on a public page: ${expectations.length - notSeen.length}/${expectations.length}`);
md.push(`- requests that would have left the machine (aborted; e.g. Markdown images): ${externalRequests.size}`);
md.push(`- timings: ${Object.entries(timings).map(([k, v]) => `${k} ${v.toFixed(1)} s`).join(', ')}`, '');
md.push('## Executions', '');
md.push(E ? executions.map((x) => `- ${x.how} on \`${x.page}\` (frame ${x.frame})${x.payload ? `: payload ${x.payload} (line ${payloads[x.payload - 1]?.line}) \`${JSON.stringify(payloads[x.payload - 1]?.text).slice(1, 120)}\`` : ''}`).join('\n') : 'None.', '');
md.push('## Active elements', '');
md.push(A ? activeFindings.map((a) => `- \`${a.url}\`: ${a.why} — \`${String(a.el).replace(/`/g, "'").slice(0, 160)}\``).join('\n') : 'None.', '');
md.push('## Failures', '');
md.push(failures.length ? failures.map((f) => `- ${f}`).join('\n') : 'None.', '');
md.push('## Pages', '', '(*written*: fetched, then written into a tab of the site\'s origin with setContent; else a navigation.)', '', '| page | context | status | values found | active | ms | note |', '|---|---|---|---|---|---|---|');
for (const r of pageRows) md.push(`| \`${r.path.replace(/\|/g, '%7C').slice(0, 120)}\` | ${r.ctx}${r.written ? ', written' : ''} | ${r.status} | ${r.found} | ${r.active} | ${r.ms ?? ''} | ${r.note.replace(/\|/g, '/')} |`);
fs.writeFileSync(path.join(out, 'xss-results.md'), `${md.join('\n')}\n`);

if (E) for (const x of executions.slice(0, 20)) console.log(`EXECUTED ${x.how} on ${x.page}`);
if (A) for (const a of activeFindings.slice(0, 20)) console.log(`ACTIVE ${a.url}: ${a.why} ${String(a.el).slice(0, 120)}`);
console.log(`results: ${path.join(out, 'xss-results.md')}; ${seconds} s`);
console.log(summary);
process.exit(E || A || failures.length ? 1 : 0);
