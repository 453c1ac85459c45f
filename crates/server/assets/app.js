// sitrep web page: filters in the URL hash, six panels fed by the aggregate API (/api/*).
// No dependencies: our own SVG charts, force layout and map projection.

const SVG = 'http://www.w3.org/2000/svg';
const FILTERS = ['since', 'until', 'actor', 'root', 'outlet', 'country'];
const QUOTE_KEYS = ['q', 'speaker'];
const ARTICLE_KEYS = ['article', 'quote', 'event'];
const QUADS = ['verbal cooperation', 'material cooperation', 'verbal conflict', 'material conflict'];
const PAGE = 50;

// ---------- small helpers ----------

const $ = (sel, root = document) => root.querySelector(sel);
const $$ = (sel, root = document) => [...root.querySelectorAll(sel)];
const fmt = new Intl.NumberFormat('en');

function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  el.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return el;
}

function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  setAttrs(el, attrs);
  el.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return el;
}

function setAttrs(el, attrs) {
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') el.setAttribute('class', v);
    else if (k === 'text') el.textContent = v;
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
}

function debounce(fn, ms) {
  let t;
  return (...args) => {
    clearTimeout(t);
    t = setTimeout(() => fn(...args), ms);
  };
}

// ---------- state in the URL hash ----------

function readHash() {
  const params = new URLSearchParams(location.hash.slice(1));
  const st = {};
  for (const [k, v] of params) if (v !== '') st[k] = v;
  return st;
}

function writeHash(st) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(st)) if (v !== undefined && v !== null && v !== '') params.set(k, v);
  const next = '#' + params.toString();
  if (next !== location.hash && !(next === '#' && location.hash === '')) location.hash = next;
}

/** Changes some keys of the state (undefined removes a key). */
function update(changes) {
  const st = readHash();
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined || v === null || v === '') delete st[k];
    else st[k] = v;
  }
  writeHash(st);
}

function pick(st, keys) {
  const out = {};
  for (const k of keys) if (st[k]) out[k] = st[k];
  return out;
}

// ---------- API ----------

class ApiError extends Error {}

async function api(path, params = {}, signal) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') qs.set(k, v);
  const url = '/api/' + path + (qs.toString() ? '?' + qs : '');
  let res;
  try {
    res = await fetch(url, { signal, headers: { Accept: 'application/json' } });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError('the server did not answer');
  }
  let body = null;
  try {
    body = await res.json();
  } catch {
    /* not JSON */
  }
  if (!res.ok) {
    const msg = body && body.error ? `${body.error.code}: ${body.error.message}` : `HTTP ${res.status}`;
    throw new ApiError(msg);
  }
  return body;
}

// ---------- panels: state, errors, tooltips ----------

class Panel {
  constructor(id) {
    this.el = document.getElementById(id);
    this.body = $('[data-role=body]', this.el);
    this.meta = $('[data-role=meta]', this.el);
    this.controller = null;
  }

  /** Starts a load: aborts the previous one and returns the new signal. */
  begin() {
    if (this.controller) this.controller.abort();
    this.controller = new AbortController();
    this.el.classList.add('loading');
    this.el.dataset.state = 'loading';
    return this.controller.signal;
  }

  done(state) {
    this.el.classList.remove('loading');
    this.el.dataset.state = state;
  }

  empty(message) {
    this.body.replaceChildren(h('p', { class: 'state empty', text: message }));
    this.setMeta('');
    this.done('empty');
  }

  error(err) {
    if (err && err.name === 'AbortError') return;
    console.warn(this.el.id, err);
    this.body.replaceChildren(
      h('p', { class: 'state error', role: 'alert' }, 'Could not load: ', String(err && err.message ? err.message : err)),
    );
    this.setMeta('');
    this.done('error');
  }

  setMeta(text) {
    if (this.meta) this.meta.textContent = text;
  }

  /** Runs `load(signal)` and reports errors in the panel. */
  async run(load) {
    const signal = this.begin();
    try {
      await load(signal);
    } catch (err) {
      if (!signal.aborted) this.error(err);
    }
  }
}

const tip = document.getElementById('tip');
document.addEventListener('mouseover', (e) => {
  const t = e.target.closest && e.target.closest('[data-tip]');
  if (!t) {
    tip.hidden = true;
    return;
  }
  tip.textContent = t.getAttribute('data-tip');
  tip.hidden = false;
});
document.addEventListener('mousemove', (e) => {
  if (tip.hidden) return;
  const w = tip.offsetWidth;
  const x = e.clientX + 14 + w > innerWidth ? e.clientX - w - 10 : e.clientX + 14;
  tip.style.transform = `translate(${x}px, ${e.clientY + 14}px)`;
});

// ---------- colours ----------

/** Goldstein −10..+10 → red … grey … green. */
function goldsteinColour(g) {
  const t = Math.max(-1, Math.min(1, (g || 0) / 10));
  const grey = [150, 156, 166];
  const end = t < 0 ? [200, 55, 50] : [35, 140, 90];
  const a = Math.abs(t) ** 0.7;
  const c = grey.map((v, i) => Math.round(v + (end[i] - v) * a));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

// ---------- filters header ----------

const form = document.getElementById('filters');
let rootLabels = {};

function fillFilters(st) {
  for (const k of ['since', 'until', 'actor', 'root', 'outlet']) {
    const input = form.elements[k];
    if (document.activeElement !== input) input.value = st[k] || '';
  }
  const chip = document.getElementById('f-country');
  chip.hidden = !st.country;
  if (st.country) {
    chip.replaceChildren('country ', h('b', { text: st.country }), ' ', h('button', {
      type: 'button', class: 'x', title: 'Remove the country filter', text: '×',
      onclick: () => update({ country: undefined }),
    }));
  }
  const q = $('#quotes [data-role=q]');
  const sp = $('#quotes [data-role=speaker]');
  if (document.activeElement !== q) q.value = st.q || '';
  if (document.activeElement !== sp) sp.value = st.speaker || '';
}

form.addEventListener('change', (e) => {
  const name = e.target.name;
  if (FILTERS.includes(name)) update({ [name]: e.target.value.trim(), article: undefined, quote: undefined, event: undefined });
});
form.elements.actor.addEventListener('keydown', (e) => {
  if (e.key === 'Enter') {
    e.preventDefault();
    update({ actor: e.target.value.trim() });
  }
});
form.addEventListener('submit', (e) => e.preventDefault());
document.getElementById('f-reset').addEventListener('click', () => {
  history.pushState(null, '', location.pathname + location.search);
  window.dispatchEvent(new HashChangeEvent('hashchange'));
});

function fillSelect(select, options, current) {
  const keep = select.value || current || '';
  select.replaceChildren(h('option', { value: '', text: 'all' }), ...options.map(([value, label]) => h('option', { value, text: label })));
  if (keep && !options.some(([v]) => v === keep)) select.append(h('option', { value: keep, text: keep }));
  select.value = keep;
}

// ---------- summary strip ----------

async function loadSummary(st, signal) {
  const el = document.getElementById('summary');
  try {
    const sum = await api('summary', pick(st, FILTERS), signal);
    rootLabels = Object.fromEntries((sum.roots || []).map((r) => [r.root, r.label]));
    fillSelect(form.elements.root, (sum.roots || []).map((r) => [r.root, `${r.root} ${r.label} (${fmt.format(r.events)})`]), st.root);
    fillSelect(form.elements.outlet, (sum.outlets || []).map((o) => [o.outlet, `${o.outlet} (${fmt.format(o.articles)})`]), st.outlet);
    const kpi = (n, label) => h('div', { class: 'kpi' }, h('b', { text: fmt.format(n || 0) }), h('span', { text: label }));
    const range = sum.first_date ? `${sum.first_date} → ${sum.last_date}` : 'no dates';
    el.replaceChildren(kpi(sum.articles, 'articles'), kpi(sum.events, 'events'), kpi(sum.quotes, 'quotes'),
      kpi(sum.actors, 'actors'), kpi(sum.places, 'places'), h('div', { class: 'kpi range' }, h('b', { text: range }), h('span', { text: 'event dates' })));
    el.dataset.state = 'ready';
  } catch (err) {
    if (err.name === 'AbortError') return;
    el.replaceChildren(h('p', { class: 'state error', role: 'alert', text: 'Summary unavailable: ' + err.message }));
    el.dataset.state = 'error';
  }
}

async function loadActorList(st, signal) {
  try {
    const res = await api('actors', { ...pick(st, ['since', 'until', 'root', 'outlet', 'country']), limit: 200 }, signal);
    document.getElementById('actor-list').replaceChildren(
      ...res.items.map((a) => h('option', { value: a.code, label: `${a.name || a.code} (${a.events_source + a.events_target})` })),
    );
  } catch {
    /* the datalist is a convenience */
  }
}

// ---------- timeline ----------

const timeline = new Panel('timeline');

function addDays(date, n) {
  const d = new Date(date + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** A round tick step for an axis from 0 to `max` with about four ticks (whole numbers: counts). */
function niceStep(max) {
  const raw = Math.max(1, max / 4);
  const p = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= raw && Number.isInteger(m * p)) return m * p;
  return 10 * p;
}

async function loadTimeline(st) {
  await timeline.run(async (signal) => {
    const res = await api('timeline', pick(st, FILTERS), signal);
    const days = res.days || [];
    if (!days.length) return timeline.empty('No dated events match these filters.');
    // A continuous axis: days without events are gaps, not squeezed out. When days would be
    // thinner than 3 px, bars hold several days each (the server sends at most one row a day).
    const byDate = new Map(days.map((d) => [d.date, d.quad]));
    const first = days[0].date;
    const last = days[days.length - 1].date;
    const all = [];
    for (let d = first, i = 0; d <= last && i < 40000; d = addDays(d, 1), i++) all.push(d);
    const W = Math.max(320, timeline.body.clientWidth || 640);
    const H = 250;
    const m = { l: 34, r: 8, t: 8, b: 24 };
    const iw = W - m.l - m.r;
    const ih = H - m.t - m.b;
    const span = Math.max(1, Math.ceil(all.length / (iw / 3)));
    const bins = [];
    for (let i = 0; i < all.length; i += span) {
      const quad = [0, 0, 0, 0];
      let any = false;
      for (const d of all.slice(i, i + span)) {
        const q = byDate.get(d);
        if (q) {
          any = true;
          q.forEach((n, k) => { quad[k] += n; });
        }
      }
      bins.push({ from: all[i], to: all[Math.min(all.length, i + span) - 1], quad: any ? quad : null });
    }
    const total = days.reduce((n, d) => n + d.quad.reduce((a, b) => a + b, 0), 0);
    const peak = Math.max(...bins.map((b) => (b.quad ? b.quad.reduce((x, y) => x + y, 0) : 0)));
    const step = niceStep(peak);
    const max = Math.ceil(peak / step) * step;
    const bw = iw / bins.length;
    const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart' + (bw < 5 ? ' dense' : ''), 'data-total': total, 'data-days': days.length, 'data-span': span, role: 'img', 'aria-label': `${total} events over ${days.length} days` });
    for (let v = 0; v <= max; v += step) {
      const y = m.t + ih - (v / max) * ih;
      svg.append(s('line', { x1: m.l, x2: W - m.r, y1: y, y2: y, class: 'grid' }),
        s('text', { x: m.l - 5, y: y + 3, class: 'tick', 'text-anchor': 'end', text: fmt.format(v) }));
    }
    const labelEvery = Math.ceil(bins.length / Math.max(2, Math.floor(iw / 70)));
    bins.forEach((bin, i) => {
      const x = m.l + i * bw;
      const { quad } = bin;
      if (quad) {
        const sum = quad.reduce((a, b) => a + b, 0);
        const when = span === 1 ? bin.from : `${bin.from} → ${bin.to}`;
        const g = s('g', { class: 'day', 'data-date': bin.from, 'data-tip': `${when}: ${fmt.format(sum)} events\n` + quad.map((n, q) => `  ${QUADS[q]}: ${fmt.format(n)}`).join('\n'),
          onclick: () => update({ since: bin.from, until: bin.to }) });
        let y = m.t + ih;
        quad.forEach((n, q) => {
          if (!n) return;
          const hgt = (n / max) * ih;
          y -= hgt;
          g.append(s('rect', { x: x + (bw < 5 ? 0 : bw * 0.12), y, width: Math.max(1, bw < 5 ? bw : bw * 0.76), height: hgt, class: `bar q${q + 1}`, 'data-quad': q + 1, 'data-n': n }));
        });
        g.prepend(s('rect', { x, y: m.t, width: bw, height: ih, class: 'hit' }));
        svg.append(g);
      }
      if (i % labelEvery === 0) {
        svg.append(s('text', { x: x + bw / 2, y: H - 7, class: 'tick', 'text-anchor': 'middle', text: all.length > 400 ? bin.from.slice(0, 7) : bin.from.slice(5) }));
      }
    });
    svg.append(s('line', { x1: m.l, x2: W - m.r, y1: m.t + ih, y2: m.t + ih, class: 'axis' }));
    timeline.body.replaceChildren(svg);
    timeline.setMeta(`${fmt.format(total)} events · ${first} → ${last}${span > 1 ? ` · ${span} days a bar` : ''} · click a bar to zoom`);
    timeline.done('ready');
  });
}

// ---------- network: our own force-directed layout ----------

const network = new Panel('network');

/**
 * A deterministic force layout in the box's own coordinates: nodes start on a circle, then
 * repulsion (fading beyond a few spring lengths), springs along edges, a pull to the centre that
 * is weaker sideways (the box is wide), and a collision pass so circles never overlap.
 */
function layout(nodes, edges, width, height, radii) {
  const n = nodes.length;
  const pos = nodes.map((_, i) => {
    const a = (2 * Math.PI * i) / Math.max(1, n) + 0.3;
    const r = 0.3 * Math.min(width, height) * (0.6 + (0.4 * ((i * 7) % 5)) / 4);
    return { x: width / 2 + r * Math.cos(a) * (width / height), y: height / 2 + r * Math.sin(a), vx: 0, vy: 0 };
  });
  const index = new Map(nodes.map((d, i) => [d.id, i]));
  const links = edges.map((e) => [index.get(e.source), index.get(e.target), e.events]).filter(([a, b]) => a !== undefined && b !== undefined && a !== b);
  const k = Math.min(110, Math.sqrt((width * height) / Math.max(1, n)) * 1.0);
  const gx = 0.02 * (height / width);
  const gy = 0.02;
  const ITER = 320;
  for (let it = 0; it < ITER; it++) {
    const temp = 1 - it / ITER;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        let dx = pos[i].x - pos[j].x;
        let dy = pos[i].y - pos[j].y;
        let d2 = dx * dx + dy * dy;
        if (d2 < 0.01) {
          dx = (i - j) * 0.1;
          dy = 0.1;
          d2 = dx * dx + dy * dy;
        }
        if (d2 > 9 * k * k) continue;
        const f = ((k * k) / d2) * 0.05;
        pos[i].vx += dx * f;
        pos[i].vy += dy * f;
        pos[j].vx -= dx * f;
        pos[j].vy -= dy * f;
      }
    }
    for (const [a, b, w] of links) {
      const dx = pos[b].x - pos[a].x;
      const dy = pos[b].y - pos[a].y;
      const d = Math.sqrt(dx * dx + dy * dy) || 0.01;
      const f = ((d - k) / d) * 0.05 * Math.min(3, 1 + Math.log(w));
      pos[a].vx += dx * f;
      pos[a].vy += dy * f;
      pos[b].vx -= dx * f;
      pos[b].vy -= dy * f;
    }
    for (const p of pos) {
      p.vx += (width / 2 - p.x) * gx;
      p.vy += (height / 2 - p.y) * gy;
      const v = Math.sqrt(p.vx * p.vx + p.vy * p.vy);
      const cap = 16 * temp + 0.5;
      if (v > cap) {
        p.vx = (p.vx / v) * cap;
        p.vy = (p.vy / v) * cap;
      }
      p.x += p.vx;
      p.y += p.vy;
      p.vx *= 0.5;
      p.vy *= 0.5;
    }
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const dx = pos[j].x - pos[i].x;
        const dy = pos[j].y - pos[i].y;
        const d = Math.sqrt(dx * dx + dy * dy) || 0.01;
        const min = radii[i] + radii[j] + 14;
        if (d < min) {
          const push = (min - d) / d / 2;
          pos[i].x -= dx * push;
          pos[i].y -= dy * push;
          pos[j].x += dx * push;
          pos[j].y += dy * push;
        }
      }
    }
  }
  return pos;
}

async function loadNetwork(st) {
  await network.run(async (signal) => {
    const res = await api('network', { ...pick(st, FILTERS), top: 40 }, signal);
    const nodes = res.nodes || [];
    if (!nodes.length) return network.empty('No actors match these filters.');
    const edges = res.edges || [];
    const W = Math.max(300, network.body.clientWidth || 420);
    const H = 300;
    const maxEv = Math.max(...nodes.map((d) => d.events));
    const radius = (d) => 4 + 12 * Math.sqrt(d.events / maxEv);
    const pos = layout(nodes, edges, W, H, nodes.map(radius));
    // Fit the layout to the box, leaving room for labels; never blow a small graph up much.
    const xs = pos.map((p) => p.x);
    const ys = pos.map((p) => p.y);
    const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    const pad = 30;
    const sc = Math.min((W - 2 * pad) / Math.max(1, x1 - x0), (H - 2 * pad) / Math.max(1, y1 - y0), 1.3);
    const ox = (W - (x1 - x0) * sc) / 2;
    const oy = (H - (y1 - y0) * sc) / 2;
    const at = pos.map((p) => ({ x: ox + (p.x - x0) * sc, y: oy + (p.y - y0) * sc }));
    const index = new Map(nodes.map((d, i) => [d.id, i]));
    const maxEdge = Math.max(1, ...edges.map((e) => e.events));
    const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart', 'data-nodes': nodes.length, 'data-edges': edges.length });
    const gEdges = s('g', { class: 'edges' });
    for (const e of edges) {
      const a = index.get(e.source);
      const b = index.get(e.target);
      if (a === undefined || b === undefined || a === b) continue;
      gEdges.append(s('line', {
        x1: at[a].x, y1: at[a].y, x2: at[b].x, y2: at[b].y, class: 'edge', stroke: goldsteinColour(e.goldstein),
        'stroke-width': 1 + 3 * Math.sqrt(e.events / maxEdge),
        'data-tip': `${e.source} → ${e.target}: ${e.events} events, mean Goldstein ${Number(e.goldstein).toFixed(1)}`,
      }));
    }
    const ranked = nodes.map((d, i) => [d.events, i]).sort((p, q) => q[0] - p[0]).slice(0, 14).map(([, i]) => i);
    const labelled = new Set(ranked);
    const gNodes = s('g', { class: 'nodes' });
    const gLabels = s('g', { class: 'labels' });
    const placed = [];
    const actor = (st.actor || '').toUpperCase();
    nodes.forEach((d, i) => {
      const selected = actor && d.id.toUpperCase() === actor;
      const g = s('g', {
        class: 'node' + (selected ? ' selected' : ''), transform: `translate(${at[i].x.toFixed(1)},${at[i].y.toFixed(1)})`,
        'data-id': d.id, 'data-events': d.events, 'data-testid': 'network-node', tabindex: 0, role: 'button',
        'data-tip': `${d.label || d.id} (${d.id}): ${d.events} events — click to filter`,
        onclick: () => update({ actor: selected ? undefined : d.id, article: undefined, quote: undefined, event: undefined }),
        onkeydown: (e) => { if (e.key === 'Enter') update({ actor: d.id }); },
      }, s('circle', { r: radius(d).toFixed(1) }));
      if (labelled.has(i) || selected) {
        // Greedy: a label that would cover one already placed is left to the tooltip.
        const text = shorten(d.label || d.id, 18);
        const box = { x: at[i].x - text.length * 2.9, y: at[i].y + radius(d) + 2, w: text.length * 5.8, h: 12 };
        const clash = placed.some((o) => box.x < o.x + o.w && o.x < box.x + box.w && box.y < o.y + o.h && o.y < box.y + box.h);
        if (!clash || selected) {
          placed.push(box);
          gLabels.append(s('text', { x: at[i].x.toFixed(1), y: (at[i].y + radius(d) + 11).toFixed(1), 'text-anchor': 'middle', class: selected ? 'selected' : null, text }));
        }
      }
      gNodes.append(g);
    });
    svg.append(gEdges, gNodes, gLabels);
    network.body.replaceChildren(svg);
    network.setMeta(`${nodes.length} actors · ${edges.length} links · click to filter`);
    network.done('ready');
  });
}

function shorten(text, n) {
  return text.length > n ? text.slice(0, n - 1) + '…' : text;
}

// ---------- map: our own equirectangular projection ----------

const map = new Panel('map');
const MAP_FULL = { x: -180, y: -84, w: 360, h: 146 }; // lon −180..180, lat 84..−62
let world = null;
let mapView = { ...MAP_FULL };
let mapSvg = null;
let mapPlaces = [];

async function loadWorld() {
  if (world) return world;
  const res = await fetch('/assets/world.json');
  if (!res.ok) throw new ApiError(`borders: HTTP ${res.status}`);
  const data = await res.json();
  world = data.countries.map((c) => ({
    id: c.id,
    name: c.name,
    d: c.paths.map((ring) => 'M' + ring.map(([x, y]) => `${x} ${-y}`).join('L') + 'Z').join(''),
  }));
  return world;
}

function mapScale() {
  const w = mapSvg ? mapSvg.clientWidth || 600 : 600;
  return mapView.w / w;
}

function applyView() {
  if (!mapSvg) return;
  mapSvg.setAttribute('viewBox', `${mapView.x} ${mapView.y} ${mapView.w} ${mapView.h}`);
  const k = mapScale();
  for (const c of $$('circle.place', mapSvg)) c.setAttribute('r', (Number(c.dataset.px) * k).toFixed(3));
}

/** The height / width of the drawn map box, so a view fills it. */
function boxAspect() {
  const w = mapSvg ? mapSvg.clientWidth : 0;
  const hh = mapSvg ? mapSvg.clientHeight : 0;
  return w > 0 && hh > 0 ? hh / w : MAP_FULL.h / MAP_FULL.w;
}

function fitPlaces() {
  const aspect = boxAspect();
  if (!mapPlaces.length) {
    const h = Math.min(180, MAP_FULL.w * aspect);
    mapView = { x: MAP_FULL.x, y: -12 - h / 2, w: MAP_FULL.w, h };
    return applyView();
  }
  const lons = mapPlaces.map((p) => p.lon);
  const lats = mapPlaces.map((p) => -p.lat);
  const [x0, x1, y0, y1] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)];
  let w = Math.max(30, (x1 - x0) * 1.2, ((y1 - y0) * 1.2) / aspect);
  w = Math.min(MAP_FULL.w, w);
  const h = w * aspect;
  mapView = { x: (x0 + x1) / 2 - w / 2, y: (y0 + y1) / 2 - h / 2, w, h };
  applyView();
}

function mapPoint(e) {
  const r = mapSvg.getBoundingClientRect();
  // The viewBox keeps its aspect ratio (meet): work out the drawn area.
  const scale = Math.min(r.width / mapView.w, r.height / mapView.h);
  const dx = (r.width - mapView.w * scale) / 2;
  const dy = (r.height - mapView.h * scale) / 2;
  return { x: mapView.x + (e.clientX - r.left - dx) / scale, y: mapView.y + (e.clientY - r.top - dy) / scale, scale };
}

function mapInteractions(svg) {
  svg.addEventListener('wheel', (e) => {
    e.preventDefault();
    const p = mapPoint(e);
    const f = Math.exp(Math.sign(e.deltaY) * 0.18);
    const w = Math.min(MAP_FULL.w * 1.2, Math.max(2, mapView.w * f));
    const k = w / mapView.w;
    mapView = { x: p.x - (p.x - mapView.x) * k, y: p.y - (p.y - mapView.y) * k, w, h: mapView.h * k };
    applyView();
  }, { passive: false });
  let drag = null;
  svg.addEventListener('pointerdown', (e) => {
    if (e.button !== 0) return;
    drag = { x: e.clientX, y: e.clientY, view: { ...mapView }, scale: mapPoint(e).scale, moved: false };
  });
  svg.addEventListener('pointermove', (e) => {
    if (!drag) return;
    const dx = e.clientX - drag.x;
    const dy = e.clientY - drag.y;
    if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 4) return;
    if (!drag.moved) svg.setPointerCapture(e.pointerId);
    drag.moved = true;
    svg.classList.add('dragging');
    mapView = { ...drag.view, x: drag.view.x - dx / drag.scale, y: drag.view.y - dy / drag.scale };
    applyView();
  });
  const end = () => {
    if (drag && drag.moved) svg.addEventListener('click', (e) => e.stopPropagation(), { capture: true, once: true });
    drag = null;
    svg.classList.remove('dragging');
  };
  svg.addEventListener('pointerup', end);
  svg.addEventListener('pointercancel', end);
}

function showPlace(p) {
  const info = $('[data-role=info]', map.el);
  info.hidden = false;
  const st = readHash();
  info.replaceChildren(
    h('b', { text: p.name }), ` ${p.country || ''} · ${p.events} events, ${p.mentions} mentions `,
    p.country ? h('button', { type: 'button', class: 'mini', text: st.country === p.country ? 'Clear country' : `Filter ${p.country}`,
      onclick: () => update({ country: st.country === p.country ? undefined : p.country }) }) : null,
    h('button', { type: 'button', class: 'mini x', text: '×', title: 'Close', onclick: () => { info.hidden = true; } }),
  );
}

$('[data-role=fit]', map.el).addEventListener('click', fitPlaces);

async function loadMap(st) {
  await map.run(async (signal) => {
    const [countries, res] = await Promise.all([loadWorld(), api('map', pick(st, FILTERS), signal)]);
    const places = (res.places || []).filter((p) => Number.isFinite(p.lat) && Number.isFinite(p.lon));
    mapPlaces = places;
    const svg = s('svg', { class: 'chart world', viewBox: `${MAP_FULL.x} ${MAP_FULL.y} ${MAP_FULL.w} ${MAP_FULL.h}`, 'data-places': places.length });
    svg.append(s('rect', { x: -540, y: -270, width: 1080, height: 540, class: 'sea' }));
    const gCountries = s('g', { class: 'countries' });
    for (const c of countries) gCountries.append(s('path', { d: c.d, class: 'country', 'data-id': c.id, 'data-tip': c.name }));
    svg.append(gCountries, s('path', { class: 'graticule', d: graticule() }));
    const gPlaces = s('g', { class: 'places' });
    const max = Math.max(1, ...places.map((p) => p.events + p.mentions));
    // Big circles first so small ones stay clickable on top.
    for (const p of [...places].sort((a, b) => b.events + b.mentions - (a.events + a.mentions))) {
      const n = p.events + p.mentions;
      gPlaces.append(s('circle', {
        cx: p.lon, cy: -p.lat, r: 1, class: 'place' + (p.events > 0 ? ' has-events' : ''), 'data-px': (3 + 13 * Math.sqrt(n / max)).toFixed(1),
        'data-name': p.name, 'data-events': p.events, 'data-mentions': p.mentions, 'data-testid': 'map-place',
        'data-tip': `${p.name}${p.country ? ' (' + p.country + ')' : ''}: ${p.events} events, ${p.mentions} mentions`,
        onclick: () => showPlace(p),
      }));
    }
    svg.append(gPlaces);
    mapSvg = svg;
    map.body.replaceChildren(svg);
    mapInteractions(svg);
    $('[data-role=info]', map.el).hidden = true;
    fitPlaces();
    const evs = places.reduce((n, p) => n + p.events, 0);
    map.setMeta(`${places.length} places · ${fmt.format(evs)} located events · wheel to zoom, drag to pan`);
    if (!places.length) {
      map.body.append(h('p', { class: 'state empty overlay', text: 'No places match these filters.' }));
      map.done('empty');
    } else map.done('ready');
  });
}

function graticule() {
  let d = '';
  for (let lon = -150; lon <= 150; lon += 30) d += `M${lon} -84L${lon} 62`;
  for (let lat = -60; lat <= 80; lat += 20) d += `M-180 ${-lat}L180 ${-lat}`;
  return d;
}

// ---------- quotes ----------

const quotes = new Panel('quotes');
let quoteItems = [];

function quoteRow(item) {
  const sp = item.speaker;
  const who = sp ? sp.name || sp.text : '—';
  const a = item.article || {};
  return h('tr', {
    class: 'row', tabindex: 0, 'data-testid': 'quote-row', 'data-article': item.article_id, 'data-seq': item.seq,
    'data-speaker-code': sp && sp.code ? sp.code : '', 'data-speaker': who, 'data-text': item.text,
    onclick: () => update({ article: item.article_id, quote: item.seq, event: undefined }),
    onkeydown: (e) => { if (e.key === 'Enter') update({ article: item.article_id, quote: item.seq, event: undefined }); },
  },
  h('td', { class: 'who' }, h('b', { text: who }), sp && sp.code ? h('small', { class: 'code', text: sp.code }) : null),
  h('td', { class: 'text' }, h('q', { text: item.text }), h('small', { class: 'kind', text: item.kind + (item.cue ? ` · ${item.cue}` : '') })),
  h('td', { text: item.medium || '—' }),
  h('td', { text: (item.relays || []).join(', ') || '—' }),
  h('td', { class: 'src' }, h('span', { text: a.outlet || '—' }), h('small', { text: a.date || '' })));
}

async function loadQuotes(st, append = false) {
  await quotes.run(async (signal) => {
    // Quotes are not events: the event-type and place filters do not apply to them. The server
    // takes `actor` or `speaker`, not both: a speaker typed in the search box wins.
    const params = { ...pick(st, FILTERS.filter((k) => !['root', 'country'].includes(k))), ...pick(st, QUOTE_KEYS), limit: PAGE, offset: append ? quoteItems.length : 0 };
    if (params.speaker) delete params.actor;
    const res = await api('quotes', params, signal);
    quoteItems = append ? quoteItems.concat(res.items) : res.items;
    if (!quoteItems.length) return quotes.empty('No quotes match these filters.');
    const table = h('table', { class: 'list', 'data-total': res.total },
      h('thead', {}, h('tr', {}, h('th', { text: 'Speaker' }), h('th', { text: 'Quote' }), h('th', { text: 'Medium' }), h('th', { text: 'Relayed by' }), h('th', { text: 'Outlet · date' }))),
      h('tbody', {}, quoteItems.map(quoteRow)));
    const more = quoteItems.length < res.total
      ? h('button', { type: 'button', class: 'more', text: `Show more (${fmt.format(res.total - quoteItems.length)} left)`, onclick: () => loadQuotes(readHash(), true) })
      : null;
    const top = append ? quotes.body.scrollTop : 0;
    quotes.body.replaceChildren(table, more || '');
    quotes.body.scrollTop = top;
    quotes.el.dataset.total = res.total;
    quotes.setMeta(`${fmt.format(res.total)} quotes${st.speaker && st.actor ? ' · the speaker search replaces the actor filter here' : ''}`);
    quotes.done('ready');
  });
}

const quoteSearch = debounce(() => {
  update({ q: $('#quotes [data-role=q]').value.trim(), speaker: $('#quotes [data-role=speaker]').value.trim() });
}, 300);
$('#quotes [data-role=q]').addEventListener('input', quoteSearch);
$('#quotes [data-role=speaker]').addEventListener('input', quoteSearch);

// ---------- events ----------

const events = new Panel('events');
let eventItems = [];

function party(p) {
  if (!p) return h('span', { class: 'none', text: '—' });
  return h('span', { class: 'party', 'data-tip': `"${p.text}"${p.code ? ' → ' + p.code : ''}` },
    p.name || p.text, p.code ? h('small', { class: 'code', text: p.code }) : null);
}

function eventRow(e) {
  const label = rootLabels[e.root] || '';
  return h('tr', {
    class: 'row', tabindex: 0, 'data-testid': 'event-row', 'data-article': e.article_id, 'data-seq': e.seq,
    'data-source': e.source && e.source.code ? e.source.code : '', 'data-target': e.target && e.target.code ? e.target.code : '',
    'data-source-name': e.source ? e.source.name || e.source.text : '', 'data-target-name': e.target ? e.target.name || e.target.text : '',
    'data-tip': e.text || '',
    onclick: () => update({ article: e.article_id, event: e.seq, quote: undefined }),
    onkeydown: (ev) => { if (ev.key === 'Enter') update({ article: e.article_id, event: e.seq, quote: undefined }); },
  },
  h('td', { class: 'date' }, e.date || '—', h('small', { text: (e.article && e.article.outlet) || '' })),
  h('td', {}, party(e.source)),
  h('td', { class: 'cameo' }, h('span', { class: `quad q${e.quad}`, title: QUADS[e.quad - 1] || '' }), h('b', { text: e.cameo }), ' ', h('small', { text: label }),
    e.negated ? h('small', { class: 'flag', text: 'negated' }) : null, e.modality && e.modality !== 'asserted' ? h('small', { class: 'flag', text: e.modality }) : null),
  h('td', {}, party(e.target)),
  h('td', { class: 'num', style: `color:${goldsteinColour(e.goldstein)}`, text: Number(e.goldstein).toFixed(1) }));
}

async function loadEvents(st, append = false) {
  await events.run(async (signal) => {
    const res = await api('events', { ...pick(st, FILTERS), limit: PAGE, offset: append ? eventItems.length : 0 }, signal);
    eventItems = append ? eventItems.concat(res.items) : res.items;
    if (!eventItems.length) return events.empty('No events match these filters.');
    const table = h('table', { class: 'list', 'data-total': res.total },
      h('thead', {}, h('tr', {}, h('th', { text: 'Date · outlet' }), h('th', { text: 'Source' }), h('th', { text: 'Event (CAMEO)' }), h('th', { text: 'Target' }), h('th', { class: 'num', title: 'Goldstein scale', text: 'Gold.' }))),
      h('tbody', {}, eventItems.map(eventRow)));
    const more = eventItems.length < res.total
      ? h('button', { type: 'button', class: 'more', text: `Show more (${fmt.format(res.total - eventItems.length)} left)`, onclick: () => loadEvents(readHash(), true) })
      : null;
    const top = append ? events.body.scrollTop : 0;
    events.body.replaceChildren(table, more || '');
    events.body.scrollTop = top;
    events.el.dataset.total = res.total;
    events.setMeta(`${fmt.format(res.total)} events · click a row to read its article`);
    events.done('ready');
  });
}

// ---------- article view: spans highlighted ----------

const article = new Panel('article');
const LAYER = { quote: 0, event: 1, entity: 2, place: 3, time: 4 };

/** A table from UTF-8 byte offsets to UTF-16 string indices (what JS strings count in). */
function byteIndex(text) {
  const bytes = new TextEncoder().encode(text);
  const map = new Int32Array(bytes.length + 1);
  let b = 0;
  for (let i = 0; i < text.length; i++) {
    const cp = text.codePointAt(i);
    const len = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    for (let k = 0; k < len; k++) map[b + k] = i;
    b += len;
    if (cp > 0xffff) i++; // a surrogate pair: two UTF-16 units
  }
  map[b] = text.length;
  return (offset) => map[Math.max(0, Math.min(bytes.length, offset | 0))];
}

/**
 * Nests spans into a tree that is always well-formed markup: a span that crosses the end of an
 * earlier one is cut in two at that end (the second piece marked as a continuation).
 */
function nest(spans, from, to) {
  const out = [];
  let pos = from;
  let list = spans.filter((x) => x.end > x.start).sort(order);
  while (list.length) {
    const sp = list.shift();
    const start = Math.max(sp.start, pos);
    if (start >= sp.end) continue;
    if (start > pos) out.push({ text: [pos, start] });
    const inner = [];
    const rest = [];
    for (const t of list) {
      if (t.start >= sp.end) rest.push(t);
      else if (t.end <= sp.end) inner.push(t);
      else {
        inner.push({ ...t, end: sp.end });
        rest.push({ ...t, start: sp.end, cont: true });
      }
    }
    out.push({ span: { ...sp, start }, children: nest(inner, start, sp.end) });
    pos = sp.end;
    list = rest.sort(order);
  }
  if (pos < to) out.push({ text: [pos, to] });
  return out;
}

function order(a, b) {
  return a.start - b.start || b.end - a.end || LAYER[a.kind] - LAYER[b.kind];
}

function renderNodes(nodes, text) {
  return nodes.map((n) => {
    if (n.text) return document.createTextNode(text.slice(n.text[0], n.text[1]));
    const sp = n.span;
    const attrs = { class: `${sp.kind}${sp.cont ? ' cont' : ''}${sp.focus ? ' focus' : ''}`, 'data-seq': sp.seq, 'data-tip': sp.tip };
    if (sp.sub) attrs['data-type'] = sp.sub;
    if (!sp.cont && sp.anchor) attrs.id = sp.anchor;
    return h('mark', attrs, renderNodes(n.children, text));
  });
}

function who(p) {
  return p ? p.name || p.text || '' : '';
}

function collectSpans(rec, toIndex, st) {
  const spans = [];
  const add = (kind, span, extra) => {
    if (!Array.isArray(span) || span.length !== 2) return;
    const start = toIndex(span[0]);
    const end = toIndex(span[1]);
    if (end > start) spans.push({ kind, start, end, ...extra });
  };
  (rec.quotes || []).forEach((q, i) => add('quote', q.span, {
    seq: i, anchor: `quote-${i}`, focus: st.quote !== undefined && Number(st.quote) === i,
    tip: `Quote (${q.kind}) — ${who(q.speaker) || 'unattributed'}${q.cue ? ', cue “' + q.cue.text + '”' : ''}${q.medium ? ', via ' + q.medium : ''}${q.relays && q.relays.length ? ', relayed by ' + q.relays.join(', ') : ''}`,
  }));
  (rec.events || []).forEach((e, i) => add('event', e.span, {
    seq: i, anchor: `event-${i}`, focus: st.event !== undefined && Number(st.event) === i,
    tip: `Event ${e.cameo} ${rootLabels[e.root] || ''}: ${who(e.source)} → ${who(e.target) || '—'} (Goldstein ${e.goldstein}, ${QUADS[e.quad - 1] || ''})`,
  }));
  (rec.entities || []).forEach((e, i) => add('entity', e.span, { seq: i, sub: e.type, tip: `${e.type}${e.actor ? ' · ' + e.actor : ''}${e.code ? ' · ' + e.code : ''}` }));
  (rec.places || []).forEach((p, i) => add('place', p.span, { seq: i, tip: `Place: ${p.name}${p.country ? ' (' + p.country + ')' : ''} ${p.lat}, ${p.lon}` }));
  (rec.times || []).forEach((t, i) => add('time', t.span, { seq: i, tip: `Time ${t.type}: ${t.value}` }));
  return spans;
}

function paragraphsOf(rec, body, toIndex) {
  const ps = rec.article.paragraphs;
  if (Array.isArray(ps) && ps.length) return ps.map(([a, b]) => [toIndex(a), toIndex(b)]);
  const out = [];
  let start = 0;
  for (const part of body.split(/\n\s*\n/)) {
    const i = body.indexOf(part, start);
    out.push([i, i + part.length]);
    start = i + part.length;
  }
  return out;
}

function sideList(title, items) {
  if (!items.length) return null;
  return h('section', { class: 'side' }, h('h3', { text: `${title} (${items.length})` }), h('ol', {}, items));
}

async function loadArticle(st) {
  if (!st.article) {
    article.body.replaceChildren(h('p', { class: 'state', text: 'Click a quote or an event to read its article.' }));
    article.setMeta('');
    article.done('idle');
    return;
  }
  await article.run(async (signal) => {
    const rec = await api('articles/' + encodeURIComponent(st.article), {}, signal);
    const a = rec.article || {};
    const body = a.body || '';
    const toIndex = byteIndex(body);
    const spans = collectSpans(rec, toIndex, st);
    const paras = paragraphsOf(rec, body, toIndex).map(([from, to]) => {
      const inside = spans.filter((x) => x.end > from && x.start < to).map((x) => ({ ...x, start: Math.max(from, x.start), end: Math.min(to, x.end), cont: x.cont || x.start < from }));
      return h('p', {}, renderNodes(nest(inside, from, to), body));
    });
    const jump = (id) => () => {
      const m = document.getElementById(id);
      if (m) {
        $$('mark.focus', article.body).forEach((x) => x.classList.remove('focus'));
        m.classList.add('focus');
        m.scrollIntoView({ block: 'center', behavior: 'smooth' });
      }
    };
    const quotesList = (rec.quotes || []).map((q, i) => h('li', { class: 'link', onclick: jump(`quote-${i}`) },
      h('b', { text: who(q.speaker) || 'unattributed' }), q.medium ? h('small', { text: ` via ${q.medium}` }) : null, ': ', h('q', { text: shorten(q.text, 140) })));
    const eventsList = (rec.events || []).map((e, i) => h('li', { class: 'link', onclick: jump(`event-${i}`) },
      h('span', { class: `quad q${e.quad}` }), `${who(e.source)} `, h('b', { text: e.cameo }), ` ${rootLabels[e.root] || ''} `, who(e.target) ? `→ ${who(e.target)}` : ''));
    const seen = new Map();
    for (const e of rec.entities || []) {
      const key = `${e.type}:${e.actor || e.text}`;
      if (!seen.has(key)) seen.set(key, { e, n: 0 });
      seen.get(key).n++;
    }
    const entityList = [...seen.values()].map(({ e, n }) => h('li', {}, h('small', { class: 'etype', text: e.type }), ` ${e.actor || e.text}`, e.code ? h('small', { class: 'code', text: e.code }) : null, n > 1 ? h('small', { text: ` ×${n}` }) : null));
    const pub = a.published && a.published.date ? a.published.date : '';
    const head = h('div', { class: 'art-head' },
      h('h3', { class: 'title', text: a.title || '(untitled)' }),
      h('div', { class: 'byline' }, h('b', { text: a.outlet || 'unknown outlet' }), pub ? ` · ${pub}` : '',
        a.url ? h('span', {}, ' · ', h('a', { href: a.url, target: '_blank', rel: 'noopener noreferrer', text: 'original' })) : null));
    const text = h('div', { class: 'art-body', 'data-testid': 'article-body' }, paras);
    const side = h('aside', { class: 'art-side' }, sideList('Quotes', quotesList), sideList('Events', eventsList), sideList('Entities', entityList));
    article.body.replaceChildren(head, h('div', { class: 'art-cols' }, text, side));
    article.el.dataset.article = a.id || st.article;
    article.setMeta(`${(rec.quotes || []).length} quotes · ${(rec.events || []).length} events · ${(rec.entities || []).length} entities`);
    article.done('ready');
    const focus = $('mark.focus', text);
    if (focus) {
      const top = focus.offsetTop - text.offsetTop - text.clientHeight / 3;
      text.scrollTop = Math.max(0, top);
    }
    article.el.scrollIntoView({ block: 'nearest' });
  });
}

for (const box of $$('.legend.marks input', article.el)) {
  box.addEventListener('change', () => article.el.classList.toggle(`hide-${box.dataset.kind}`, !box.checked));
}

// ---------- wiring ----------

let last = null;
const summaryAbort = { c: null };

function changed(a, b, keys) {
  return !a || keys.some((k) => (a[k] || '') !== (b[k] || ''));
}

function render() {
  const st = readHash();
  fillFilters(st);
  const filtersChanged = changed(last, st, FILTERS);
  if (filtersChanged) {
    if (summaryAbort.c) summaryAbort.c.abort();
    summaryAbort.c = new AbortController();
    const sig = summaryAbort.c.signal;
    // The summary first (it knows the CAMEO labels the lists show), the panels in parallel.
    loadSummary(st, sig).then(() => {
      if (!sig.aborted) loadEvents(st);
    });
    loadActorList(st, sig);
    loadTimeline(st);
    loadNetwork(st);
    loadMap(st);
  }
  if (filtersChanged || changed(last, st, QUOTE_KEYS)) loadQuotes(st);
  if (changed(last, st, ARTICLE_KEYS)) loadArticle(st);
  last = st;
}

window.addEventListener('hashchange', render);
let resizeWidth = innerWidth;
window.addEventListener('resize', debounce(() => {
  if (Math.abs(innerWidth - resizeWidth) < 40) return;
  resizeWidth = innerWidth;
  const st = readHash();
  loadTimeline(st);
  loadNetwork(st);
}, 250));
render();
