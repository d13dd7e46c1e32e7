// Converts idn-area-data's provinces and regencies (kabupaten/kota) into ../../data/regions.csv:
// one row per region with its official Kemendagri code, a slug (the existing place's slug where
// data/places.csv already holds the region), its name, kind and province code.
// Run: npm ci && node regions.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const pkgDir = dirname(createRequire(import.meta.url).resolve('idn-area-data/package.json'));
const root = join(here, '..', '..');

function rows(file) {
  const [head, ...lines] = readFileSync(file, 'utf8').trim().split(/\r?\n/);
  const cols = head.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v.trim()])));
}

const KEEP_UPPER = new Set(['DKI']);
const KEEP_LOWER = new Set(['DAN']);
function titleCase(s) {
  return s
    .split(' ')
    .filter(Boolean)
    .map((w, i) => {
      if (KEEP_UPPER.has(w)) return w;
      if (i > 0 && KEEP_LOWER.has(w)) return w.toLowerCase();
      return w
        .split('-')
        .map((p) => p.charAt(0) + p.slice(1).toLowerCase())
        .join('-');
    })
    .join(' ');
}
const slugify = (s) =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

// Regions data/places.csv holds under a slug the rules below would not give.
const EXISTING = { 31: 'jakarta', 34: 'di-yogyakarta', '74.72': 'baubau' };

const existing = new Set(
  rows(join(root, 'data', 'places.csv'))
    .filter((p) => p.country_code === 'ID')
    .map((p) => p.slug),
);
const provinces = rows(join(pkgDir, 'data', 'provinces.csv'));
const regencies = rows(join(pkgDir, 'data', 'regencies.csv'));

const out = [];
const taken = new Set();
for (const p of provinces) {
  const name = titleCase(p.name);
  const slug = EXISTING[p.code] ?? slugify(name);
  out.push({ code: p.code, slug, name, kind: 'province', province_code: p.code });
  taken.add(slug);
}
const bare = (r) => slugify(r.name.replace(/^(KOTA|KABUPATEN)( ADMINISTRASI)? /, ''));
const cityBare = new Set(regencies.filter((r) => r.name.startsWith('KOTA ')).map(bare));
// Cities first (they own the bare name), then regencies.
const ordered = [...regencies].sort(
  (a, b) => Number(b.name.startsWith('KOTA ')) - Number(a.name.startsWith('KOTA ')),
);
for (const r of ordered) {
  const isCity = r.name.startsWith('KOTA ');
  const name = titleCase(r.name);
  let slug = EXISTING[r.code];
  if (!slug) {
    const b = bare(r);
    if (isCity) slug = taken.has(b) ? `kota-${b}` : b;
    else slug = taken.has(b) || cityBare.has(b) ? `kabupaten-${b}` : b;
  }
  if (taken.has(slug)) throw new Error(`slug ${slug} twice (${r.code})`);
  taken.add(slug);
  out.push({ code: r.code, slug, name, kind: isCity ? 'city' : 'regency', province_code: r.province_code });
}
out.sort((a, b) => a.code.localeCompare(b.code, 'en', { numeric: true }));

const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
const quote = (v) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const lines = ['code,slug,name,kind,province_code,lat,lon'];
for (const r of out) {
  lines.push([r.code, r.slug, r.name, r.kind, r.province_code, '', ''].map(quote).join(','));
}
writeFileSync(join(root, 'data', 'regions.csv'), `${lines.join('\n')}\n`);
const matched = out.filter((r) => existing.has(r.slug)).length;
console.log(
  `idn-area-data ${pkg.version}: ${provinces.length} provinces, ${regencies.length} regencies and cities ` +
    `(${out.filter((r) => r.kind === 'regency').length} kabupaten, ${out.filter((r) => r.kind === 'city').length} kota); ` +
    `${matched} already in data/places.csv`,
);
