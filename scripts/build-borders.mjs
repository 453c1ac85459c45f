#!/usr/bin/env node
// Builds crates/server/assets/world.json, the country borders the web page's map draws, from the
// `world-atlas` npm package (countries-110m.json: Natural Earth 1:110m, public domain).
//
// Usage (world-atlas installed in a throwaway folder, never in the repository):
//   mkdir -p /tmp/wa && (cd /tmp/wa && npm install --no-audit --no-fund world-atlas@2)
//   node scripts/build-borders.mjs /tmp/wa/node_modules/world-atlas/countries-110m.json \
//        crates/server/assets/world.json
//
// Output: {"source": "...", "countries": [{"id": "<ISO 3166-1 numeric>", "name": "...",
//          "paths": [[[lon, lat], ...], ...]}]}: each path is one closed ring, coordinates rounded to
// 2 decimals, consecutive duplicates dropped, rings that cross the antimeridian unwrapped (see
// clean()) so a flat projection never draws a line across the whole map.
import { readFileSync, writeFileSync } from 'node:fs';

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: build-borders.mjs <countries-110m.json> <world.json>');
  process.exit(2);
}
const topo = JSON.parse(readFileSync(input, 'utf8'));
const { scale, translate } = topo.transform;

// TopoJSON arcs are delta-encoded, quantized positions: decode each to [lon, lat].
const arcs = topo.arcs.map((arc) => {
  let x = 0;
  let y = 0;
  return arc.map(([dx, dy]) => {
    x += dx;
    y += dy;
    return [x * scale[0] + translate[0], y * scale[1] + translate[1]];
  });
});

// A ring is a list of arc indices; ~i means arc i reversed. Shared end points appear once.
function ring(indices) {
  const points = [];
  for (const i of indices) {
    const arc = i >= 0 ? arcs[i] : arcs[~i].slice().reverse();
    arc.forEach((p, k) => {
      if (k > 0 || points.length === 0) points.push(p);
    });
  }
  return points;
}

const round = (v) => Math.round(v * 100) / 100;

// Rounded, without consecutive duplicates. A ring that crosses the antimeridian (an even number
// of jumps of more than 180°) is unwrapped into one continuous ring reaching past ±180, plus a copy
// shifted by 360° so the other side of the map shows its part too. A ring around a pole
// (Antarctica: one jump, along the pole's edge of the map) stays as it is.
function clean(points) {
  const ring = [];
  for (const [lon, lat] of points) {
    const p = [round(lon), round(lat)];
    const last = ring[ring.length - 1];
    if (last && last[0] === p[0] && last[1] === p[1]) continue;
    ring.push(p);
  }
  if (ring.length < 3) return [];
  let jumps = 0;
  for (let k = 1; k < ring.length; k++) if (Math.abs(ring[k][0] - ring[k - 1][0]) > 180) jumps++;
  if (jumps === 0 || jumps % 2 === 1) return [ring];
  let shift = 0;
  const unwrapped = ring.map(([lon, lat], k) => {
    if (k > 0) {
      const prev = ring[k - 1][0];
      if (lon - prev > 180) shift -= 360;
      else if (prev - lon > 180) shift += 360;
    }
    return [round(lon + shift), lat];
  });
  const max = Math.max(...unwrapped.map((p) => p[0]));
  const min = Math.min(...unwrapped.map((p) => p[0]));
  const copies = [unwrapped];
  if (max > 180) copies.push(unwrapped.map(([lon, lat]) => [round(lon - 360), lat]));
  if (min < -180) copies.push(unwrapped.map(([lon, lat]) => [round(lon + 360), lat]));
  return copies;
}

const countries = [];
for (const geometry of topo.objects.countries.geometries) {
  let polygons = [];
  if (geometry.type === 'Polygon') polygons = [geometry.arcs];
  else if (geometry.type === 'MultiPolygon') polygons = geometry.arcs;
  const paths = [];
  for (const polygon of polygons) {
    for (const r of polygon) paths.push(...clean(ring(r)));
  }
  if (paths.length === 0) continue;
  countries.push({ id: String(geometry.id ?? ''), name: geometry.properties?.name ?? '', paths });
}
countries.sort((a, b) => a.name.localeCompare(b.name));

const out = {
  source: 'Natural Earth 1:110m countries (public domain) via world-atlas countries-110m.json; built by scripts/build-borders.mjs',
  countries,
};
writeFileSync(output, JSON.stringify(out) + '\n');
console.error(`${output}: ${countries.length} countries, ${JSON.stringify(out).length} bytes`);
