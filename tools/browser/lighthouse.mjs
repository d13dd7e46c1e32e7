// Lighthouse (mobile profile, its default) on the pages of LIGHTHOUSE_PAGES in both languages, in
// Debian's Chromium (CHROME_PATH, default /usr/bin/chromium) started once with
// --no-sandbox --headless --disable-gpu.
//   node tools/browser/lighthouse.mjs http://127.0.0.1:8080 [--out DIR] [--results PREFIX]
// Writes PREFIX.json and PREFIX.md (default tools/browser/lighthouse-results.*: the four category
// scores per page and, for any audit that cost points, its title and what failed), the full
// Lighthouse JSON report of each page to DIR/lighthouse/, prints a table, and exits 1 if
// accessibility, best practices or SEO is under 95 on any page. Performance is recorded only:
// it depends on the machine (Lighthouse simulates a mid-range phone on a 4x slower CPU).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { HERE, parseArgs, targets } from './lib.mjs';
import { LIGHTHOUSE_PAGES } from './pages.mjs';

const GATED = ['accessibility', 'best-practices', 'seo'];
const CATEGORIES = ['performance', ...GATED];
const MIN_SCORE = 95;

const argv = process.argv.slice(2);
const resultsAt = argv.indexOf('--results');
const prefix = resultsAt >= 0 ? path.resolve(argv.splice(resultsAt, 2)[1]) : path.join(HERE, 'lighthouse-results');
process.argv.splice(2, process.argv.length, ...argv);
const { base, out } = parseArgs('usage: node lighthouse.mjs BASE_URL [--out DIR] [--results PREFIX]');
const reportDir = path.join(out, 'lighthouse');
fs.mkdirSync(reportDir, { recursive: true });

const require = createRequire(import.meta.url);
const lhVersion = require('lighthouse/package.json').version;
const chromePath = process.env.CHROME_PATH || process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const pages = targets(base).filter((t) => LIGHTHOUSE_PAGES.includes(t.name));

const started = Date.now();
const chrome = await chromeLauncher.launch({
  chromePath,
  chromeFlags: ['--no-sandbox', '--headless', '--disable-gpu'],
  logLevel: 'silent',
});
const results = [];
try {
  const version = await fetch(`http://127.0.0.1:${chrome.port}/json/version`).then((r) => r.json()).catch(() => ({}));
  for (const t of pages) {
    const t0 = Date.now();
    const runner = await lighthouse(t.url, { port: chrome.port, output: 'json', logLevel: 'error' });
    const lhr = runner?.lhr;
    const r = { page: t.path, name: t.name, lang: t.lang, scores: {}, lost: [], warnings: [], seconds: 0 };
    if (!lhr) {
      r.error = 'Lighthouse returned no result';
    } else {
      fs.writeFileSync(path.join(reportDir, `${t.id}.json`), runner.report);
      if (lhr.runtimeError) r.error = `${lhr.runtimeError.code}: ${lhr.runtimeError.message}`;
      r.warnings = (lhr.runWarnings || []).map((w) => String(w).replace(/\s+/g, ' ').slice(0, 200));
      for (const id of CATEGORIES) {
        const cat = lhr.categories[id];
        r.scores[id] = cat && cat.score !== null ? Math.round(cat.score * 100) : null;
        // The audits that cost points in this category, with what they found.
        for (const ref of cat?.auditRefs ?? []) {
          const a = lhr.audits[ref.id];
          if (!ref.weight || a.score === null || a.score >= 1) continue;
          const items = (a.details?.items ?? []).slice(0, 3).map((it) => {
            const node = it.node ?? it.source ?? {};
            const what = node.snippet || node.selector || it.url || '';
            const why = it.subItems?.items?.map((s) => s.reason).filter(Boolean).join('; ') || '';
            return [what, why].filter(Boolean).join(' — ');
          }).filter(Boolean);
          r.lost.push({ category: id, audit: ref.id, score: a.score, title: a.title, display: a.displayValue || '', items });
        }
      }
      r.chrome = version.Browser || lhr.environment?.hostUserAgent || '';
    }
    r.seconds = Math.round((Date.now() - t0) / 1000);
    r.pass = !r.error && GATED.every((c) => r.scores[c] !== null && r.scores[c] >= MIN_SCORE);
    results.push(r);
    const s = CATEGORIES.map((c) => `${c} ${r.scores[c] ?? '—'}`).join(', ');
    console.log(`${r.pass ? 'ok  ' : 'FAIL'} ${t.path.padEnd(38)} ${s} (${r.seconds} s)`);
    if (r.error) console.log(`       ${r.error}`);
    for (const l of r.lost) {
      if (l.category === 'performance') continue;
      console.log(`       ${l.category}: ${l.audit} (${l.title})${l.items.length ? `: ${l.items.join(' | ')}` : ''}`);
    }
  }
} finally {
  await chrome.kill();
}

// Results files: JSON for machines, a Markdown table for people.
const when = new Date().toISOString();
const chromeName = results.find((r) => r.chrome)?.chrome ?? '';
fs.writeFileSync(`${prefix}.json`, JSON.stringify({
  date: when, lighthouse: lhVersion, chrome: chromeName, formFactor: 'mobile', minimum: MIN_SCORE, gated: GATED,
  pages: results.map(({ page, scores, lost, warnings, error, pass }) => ({ page, scores, pass, error, lost, warnings })),
}, null, 2) + '\n');
const md = [
  '# Lighthouse scores',
  '',
  `Lighthouse ${lhVersion}, mobile profile (simulated throttling), ${chromeName}; ${when}.`,
  `Accessibility, best practices and SEO must each be at least ${MIN_SCORE}; performance is recorded only.`,
  'Written by `tools/browser/lighthouse.mjs` (run by `.ci/run pages`); full reports are in `screenshots/lighthouse/`.',
  '',
  '| page | performance | accessibility | best practices | SEO | result |',
  '| --- | ---: | ---: | ---: | ---: | --- |',
];
for (const r of results) {
  md.push(`| ${r.page} | ${CATEGORIES.map((c) => r.scores[c] ?? '—').join(' | ')} | ${r.pass ? 'ok' : 'FAIL'} |`);
}
const lost = results.filter((r) => r.lost.length || r.error);
if (lost.length) {
  md.push('', '## Audits that cost points', '');
  for (const r of lost) {
    md.push(`- ${r.page}${r.error ? `: error ${r.error}` : ''}`);
    for (const l of r.lost) {
      md.push(`  - ${l.category}: \`${l.audit}\` ${l.title}${l.display ? ` (${l.display})` : ''}${l.items.length ? `: ${l.items.map((i) => i.replace(/\|/g, '\\|')).join('; ')}` : ''}`);
    }
  }
}
fs.writeFileSync(`${prefix}.md`, md.join('\n') + '\n');

const failed = results.filter((r) => !r.pass);
console.log(`lighthouse: ${results.length - failed.length} passed, ${failed.length} failed (minimum ${MIN_SCORE} for ${GATED.join(', ')}); ${path.relative(process.cwd(), prefix)}.{json,md}; ${((Date.now() - started) / 1000).toFixed(0)} s`);
process.exit(failed.length ? 1 : 0);
