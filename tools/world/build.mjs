// Builds data/world-land.txt: the Natural Earth 1:110m land outline, in
// longitude/latitude, for the Rust server to embed (include_str!) and project
// itself when drawing SVG maps.
//
// Output format: a `#` comment header line, then one line per polygon ring
// (outer rings and holes alike), each line being space-separated `lon,lat`
// pairs rounded to 1 decimal place. Rings stay closed (first point == last
// point) as in GeoJSON. Consecutive duplicate points (after rounding) are
// removed and rings with fewer than 4 points are dropped.
//
// Antimeridian: world-atlas 2.x does NOT cut the land rings at ±180°, so a few
// rings (Antarctica, Fiji, Russia/Chukotka, Wrangel Island) jump from +179° to
// -180° between consecutive points, which a planar projection draws as a
// streak across the whole map. By default such rings are cut at the
// antimeridian into pieces closed along lon = ±180 (a ring crossing once — the
// Antarctic one, which circles the pole — is closed along lat = -90 instead).
// `node build.mjs --keep-antimeridian` writes the rings uncut, as in the data.
//
// Usage: cd tools/world && npm ci && node build.mjs

import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { feature } from "topojson-client";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const OUT = resolve(here, "../../data/world-land.txt");

// Above this size, drop points closer than MIN_STEP degrees to the previous kept one.
const MAX_BYTES = 150_000;
const MIN_STEP = 0.3;

const atlasVersion = require("world-atlas/package.json").version;
const topology = JSON.parse(readFileSync(require.resolve("world-atlas/land-110m.json"), "utf8"));
const land = feature(topology, topology.objects.land);

// Collect the rings of every Polygon / MultiPolygon geometry.
const rawRings = [];
const geometries = land.type === "FeatureCollection" ? land.features.map((f) => f.geometry) : [land.geometry];
for (const g of geometries) {
  if (!g) continue;
  if (g.type === "Polygon") rawRings.push(...g.coordinates);
  else if (g.type === "MultiPolygon") for (const poly of g.coordinates) rawRings.push(...poly);
  else throw new Error(`unexpected geometry type ${g.type}`);
}

const CUT = !process.argv.includes("--keep-antimeridian");
const crosses = (p, q) => Math.abs(q[0] - p[0]) > 180;

// Split a closed ring at the antimeridian. Returns closed rings.
function cutRing(ring) {
  const pts = ring.slice(0, -1); // drop closing point; walk cyclically
  const n = pts.length;
  const edges = [];
  for (let i = 0; i < n; i++) if (crosses(pts[i], pts[(i + 1) % n])) edges.push(i);
  if (edges.length === 0) return [ring];
  // Where edge i -> i+1 meets the antimeridian: the point on each side.
  const meet = (i) => {
    const p = pts[i], q = pts[(i + 1) % n];
    const side = p[0] < 0 ? -180 : 180; // p's side; q is on the other one
    const qLon = q[0] + (side < 0 ? -360 : 360); // q unwrapped next to p
    const t = qLon === p[0] ? 0 : (side - p[0]) / (qLon - p[0]);
    const lat = p[1] + t * (q[1] - p[1]);
    return { pSide: [side, lat], qSide: [-side, lat] };
  };
  const span = (from, to) => { // points from+1 .. to, cyclically
    const out = [];
    for (let i = (from + 1) % n; ; i = (i + 1) % n) { out.push(pts[i]); if (i === to) break; }
    return out;
  };
  if (edges.length === 1) { // circles a pole: close along it
    const m = meet(edges[0]);
    const pole = m.pSide[1] < 0 ? -90 : 90;
    const piece = [m.qSide, ...span(edges[0], edges[0]), m.pSide, [m.pSide[0], pole], [m.qSide[0], pole]];
    return [[...piece, piece[0]]];
  }
  if (edges.length === 2) {
    const [a, b] = edges.map(meet);
    const one = [a.qSide, ...span(edges[0], edges[1]), b.pSide];
    const two = [b.qSide, ...span(edges[1], edges[0]), a.pSide];
    return [[...one, one[0]], [...two, two[0]]];
  }
  throw new Error(`ring crosses the antimeridian ${edges.length} times; only 1 or 2 handled`);
}

const round1 = (v) => {
  const r = Math.round(v * 10) / 10;
  return Object.is(r, -0) ? 0 : r;
};

// Round to 0.1° and drop consecutive duplicates.
function roundRing(ring) {
  const out = [];
  for (const [lon, lat] of ring) {
    const p = [round1(lon), round1(lat)];
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  return out;
}

// Drop points closer than `step` degrees to the previous kept point, always
// keeping the ring's first and last point.
function thinRing(ring, step) {
  if (ring.length <= 2) return ring.slice();
  const out = [ring[0]];
  for (let i = 1; i < ring.length - 1; i++) {
    const prev = out[out.length - 1];
    if (Math.hypot(ring[i][0] - prev[0], ring[i][1] - prev[1]) >= step) out.push(ring[i]);
  }
  out.push(ring[ring.length - 1]);
  return out;
}

const fmt = (v) => v.toFixed(1);
const ringLine = (ring) => ring.map(([lon, lat]) => `${fmt(lon)},${fmt(lat)}`).join(" ");

function render(rings, simplified) {
  const points = rings.reduce((n, r) => n + r.length, 0);
  const header =
    `# Natural Earth 1:110m land (land-110m.json via world-atlas ${atlasVersion}), public domain;` +
    ` made by \`node tools/world/build.mjs\` (topojson-client feature, lon/lat rounded to 0.1°` +
    (CUT ? `, rings crossing the antimeridian cut and closed along lon ±180 (Antarctica along lat -90)` : ", not cut at the antimeridian") +
    `, consecutive duplicates removed, rings < 4 points dropped` +
    (simplified ? `, simplified: points closer than ${MIN_STEP}° to the previous kept point dropped` : "") +
    `); one ring per line (outer rings and holes, closed), space-separated lon,lat;` +
    ` ${rings.length} rings, ${points} points`;
  return { text: [header, ...rings.map(ringLine)].join("\n") + "\n", points };
}

const cutRings = CUT ? rawRings.flatMap(cutRing) : rawRings;
let rings = cutRings.map(roundRing).filter((r) => r.length >= 4);
let simplified = false;
let { text, points } = render(rings, false);
if (Buffer.byteLength(text) > MAX_BYTES) {
  simplified = true;
  rings = rings.map((r) => thinRing(r, MIN_STEP)).filter((r) => r.length >= 4);
  ({ text, points } = render(rings, true));
}

writeFileSync(OUT, text);

// Report: sizes, bounds, antimeridian jumps.
let minLon = Infinity, maxLon = -Infinity, minLat = Infinity, maxLat = -Infinity;
const jumps = [];
rings.forEach((ring, i) => {
  for (let j = 0; j < ring.length; j++) {
    const [lon, lat] = ring[j];
    minLon = Math.min(minLon, lon); maxLon = Math.max(maxLon, lon);
    minLat = Math.min(minLat, lat); maxLat = Math.max(maxLat, lat);
    // (an edge along a pole, from the Antarctic closure, is a real planar edge)
    const alongPole = j > 0 && Math.abs(lat) === 90 && ring[j - 1][1] === lat;
    if (j > 0 && crosses(ring[j - 1], ring[j]) && !alongPole) {
      jumps.push(`ring ${i + 1} (file line ${i + 2}): ${ring[j - 1].join(",")} -> ${ring[j].join(",")}`);
    }
  }
});
console.log(`wrote ${OUT}`);
console.log(`  ${Buffer.byteLength(text)} bytes, ${rings.length} rings (from ${rawRings.length} source rings${CUT ? `, ${cutRings.length} after antimeridian cut` : ""}), ${points} points` +
  (simplified ? ` (simplified, min step ${MIN_STEP}°)` : ""));
console.log(`  lon ${minLon}..${maxLon}, lat ${minLat}..${maxLat}`);
console.log(jumps.length ? `  consecutive |Δlon| > 180 in ${jumps.length} place(s):\n    ${jumps.join("\n    ")}` : "  no consecutive pair with |Δlon| > 180");
