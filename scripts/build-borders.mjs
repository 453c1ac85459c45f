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
// 2 decimals, consecutive duplicates dropped, rings split where they cross the antimeridian so a
// flat projection never draws a line across the whole map.
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

// Rounded, without consecutive duplicates, cut into pieces at antimeridian jumps.
function clean(points) {
  const pieces = [[]];
  let last = null;
  for (const [lon, lat] of points) {
    const p = [round(lon), round(lat)];
    if (last && last[0] === p[0] && last[1] === p[1]) continue;
    if (last && Math.abs(p[0] - last[0]) > 180) pieces.push([]);
    pieces[pieces.length - 1].push(p);
    last = p;
  }
  return pieces.filter((piece) => piece.length >= 3);
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
