import { chromium } from 'playwright-core';
const base = process.argv[2];
const out = '/work/shots/17';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const TIE = 'surabaya--liverpool-gb';
async function shot(ctx, path, name) {
  for (const w of [360, 1280]) {
    const page = await ctx.newPage();
    await page.setViewportSize({ width: w, height: 900 });
    await page.goto(base + path);
    await page.screenshot({ path: `${out}/${name}-${w}.png`, fullPage: true });
    await page.close();
  }
}
const anon = await browser.newContext({ javaScriptEnabled: false });
for (const lang of ['id', 'en']) await shot(anon, `/${lang}/ties/${TIE}/suggest`, `form-tie-${lang}`);
await shot(anon, `/id/suggest?place=surabaya`, `form-missing-id`);
// Send suggestions as readers (JavaScript off), the last one with an error first.
async function send(path, fill) {
  const ctx = await browser.newContext({ javaScriptEnabled: false });
  const page = await ctx.newPage();
  await page.goto(base + path);
  await page.fill('#f-body', fill.body);
  await page.fill('#f-source_url', fill.url);
  if (fill.name) await page.fill('#f-contact_name', fill.name);
  if (fill.email) await page.fill('#f-contact_email', fill.email);
  await page.check('input[name=consent]');
  await page.waitForTimeout(3500);
  await page.click('button[type=submit]');
  await page.waitForLoadState('load');
  const url = page.url();
  await ctx.close();
  return url.replace(base, '');
}
const s1 = await send(`/id/ties/${TIE}/suggest`, { body: 'Nota kesepahaman diperpanjang pada Maret 2025 untuk lima tahun; tanggal berakhirnya di situs ini masih 2024.', url: 'https://www.surabaya.go.id/id/berita/perpanjangan-kerja-sama-liverpool', name: 'Rina', email: 'rina@contoh.id' });
const s2 = await send(`/en/ties/${TIE}/suggest`, { body: 'The council minutes of 12 June 2025 report a joint football academy, not listed here.', url: 'https://dprd.surabaya.go.id/risalah/2025-06-12' });
const s3 = await send(`/id/suggest?place=surabaya`, { body: 'Surabaya dan Kota Busan menandatangani surat minat (LoI) pada 2023.', url: 'https://example.org/berita/surabaya-busan' });
console.log(s1, s2, s3);
await shot(anon, s1, 'status-id');
await shot(anon, s1.replace('/id/', '/en/'), 'status-en');
// The editor's queue.
const ed = await browser.newContext({ javaScriptEnabled: false });
const p = await ed.newPage();
await p.goto(`${base}/id/sign-in`);
await p.fill('#f-email', 'penyunting@pantau.id');
await p.fill('#f-password', 'kuda lumping di pasar malam');
await p.click('button[type=submit]');
await p.waitForLoadState('load');
await p.close();
for (const lang of ['id', 'en']) await shot(ed, `/${lang}/moderation`, `queue-${lang}`);
// Too fast: the refusal page.
{
  const page = await anon.newPage();
  await page.setViewportSize({ width: 360, height: 900 });
  await page.goto(`${base}/id/ties/${TIE}/suggest`);
  await page.fill('#f-body', 'cepat');
  await page.fill('#f-source_url', 'https://example.org/a');
  await page.check('input[name=consent]');
  await page.click('button[type=submit]');
  await page.waitForLoadState('load');
  await page.screenshot({ path: `${out}/refused-too-fast-id-360.png`, fullPage: true });
}
// The tie page's box.
{
  const page = await anon.newPage();
  await page.setViewportSize({ width: 360, height: 900 });
  await page.goto(`${base}/id/ties/${TIE}`);
  const box = page.locator('.suggest-box');
  await box.screenshot({ path: `${out}/tie-box-id-360.png` });
}
await browser.close();
