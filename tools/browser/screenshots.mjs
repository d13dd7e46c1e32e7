// Full-page screenshots of every page in pages.mjs, in both languages, at each viewport.
//   node tools/browser/screenshots.mjs http://127.0.0.1:8080 [--out DIR]
// Writes DIR/<lang>-<page>-<width>.png (DIR defaults to screenshots/ at the repository root).
// Exits non-zero if a page answers with an unexpected status or any request leaves the server.
import fs from 'node:fs';
import path from 'node:path';
import { VIEWPORTS } from './pages.mjs';
import { guardRequests, launch, parseArgs, targets } from './lib.mjs';

const { base, out } = parseArgs('usage: node screenshots.mjs BASE_URL [--out DIR]');
fs.mkdirSync(out, { recursive: true });

const problems = [];
let shots = 0;
const browser = await launch();
try {
  for (const vp of VIEWPORTS) {
    const context = await browser.newContext({ viewport: vp, deviceScaleFactor: 1, serviceWorkers: 'block' });
    const { thirdParty } = await guardRequests(context, base);
    const page = await context.newPage();
    for (const t of targets(base)) {
      const res = await page.goto(t.url, { waitUntil: 'load' });
      const status = res ? res.status() : 0;
      if (status !== t.status) problems.push(`${t.path} @${vp.width}: status ${status}, expected ${t.status}`);
      const file = path.join(out, `${t.id}-${vp.width}.png`);
      await page.screenshot({ path: file, fullPage: true });
      // Content wider than the viewport means horizontal scrolling of the whole page.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      if (overflow > 0) console.log(`  note: ${t.path} @${vp.width}px is ${overflow}px wider than the viewport`);
      shots++;
    }
    for (const url of new Set(thirdParty.map((tp) => tp.url))) {
      const from = [...new Set(thirdParty.filter((tp) => tp.url === url).map((tp) => new URL(tp.from || base).pathname))];
      problems.push(`third-party request @${vp.width}: ${url} (from ${from.join(', ')})`);
    }
    await context.close();
  }
} finally {
  await browser.close();
}

console.log(`screenshots: ${shots} written to ${path.relative(process.cwd(), out) || '.'}`);
for (const p of problems) console.log(`  FAIL ${p}`);
if (problems.length) process.exit(1);
