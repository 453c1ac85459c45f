// End-to-end test of the sitrep web page in a real headless Chromium (Debian's /usr/bin/chromium,
// driven by playwright-core). Needs a running `sitrep serve` on the demo store:
//
//   SITREP_URL=http://127.0.0.1:8080/ node tests/web/e2e.mjs
//
// Checks: every panel shows the demo's data; clicking an actor in the network filters the other
// panels; a quote opens its article with the quote highlighted; no request leaves 127.0.0.1; no
// page or console errors. Saves a screenshot to $SITREP_SCREENSHOT (default target/web-e2e.png).
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const URL_ = process.env.SITREP_URL || 'http://127.0.0.1:8080/';
const SHOT = resolve(process.env.SITREP_SCREENSHOT || resolve(here, '../../target/web-e2e.png'));
const EXECUTABLE = process.env.SITREP_CHROMIUM || '/usr/bin/chromium';
const PANELS = ['timeline', 'network', 'map', 'quotes', 'events'];
const TIMEOUT = 20000;

const passed = [];
function ok(what) {
  passed.push(what);
  console.log(`  ok  ${what}`);
}
class Failure extends Error {}
function check(cond, what) {
  if (!cond) throw new Failure(what);
  ok(what);
}

const requests = [];
const outside = [];
const problems = [];

async function settled(page, ids = PANELS) {
  await page.waitForFunction(
    (ids) => ids.every((id) => ['ready', 'empty', 'error', 'idle'].includes(document.getElementById(id)?.dataset.state)),
    ids,
    { timeout: TIMEOUT },
  );
  return page.evaluate((ids) => Object.fromEntries(ids.map((id) => [id, document.getElementById(id).dataset.state])), ids);
}

/** Numbers the panels show, read from the DOM. */
function snapshot(page) {
  return page.evaluate(() => {
    const num = (sel, attr) => Number(document.querySelector(sel)?.getAttribute(attr) ?? NaN);
    const circles = [...document.querySelectorAll('#map circle.place')];
    return {
      timelineTotal: num('#timeline svg', 'data-total'),
      bars: document.querySelectorAll('#timeline rect.bar').length,
      nodes: document.querySelectorAll('#network g.node').length,
      edges: document.querySelectorAll('#network line.edge').length,
      countries: document.querySelectorAll('#map path.country').length,
      circles: circles.length,
      placeWeight: circles.reduce((n, c) => n + Number(c.dataset.events) + Number(c.dataset.mentions), 0),
      quoteRows: document.querySelectorAll('#quotes tbody tr').length,
      quotesTotal: Number(document.getElementById('quotes').dataset.state === 'empty' ? 0 : document.getElementById('quotes').dataset.total),
      eventRows: document.querySelectorAll('#events tbody tr').length,
      eventsTotal: Number(document.getElementById('events').dataset.state === 'empty' ? 0 : document.getElementById('events').dataset.total),
    };
  });
}

async function main() {
  const browser = await chromium.launch({
    executablePath: EXECUTABLE,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run',
      '--disable-component-update', '--disable-sync'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, deviceScaleFactor: 1 });
    context.on('request', (req) => {
      const url = req.url();
      requests.push(url);
      if (url.startsWith('data:') || url.startsWith('blob:')) return;
      let host = '';
      try {
        host = new URL(url).hostname;
      } catch {
        /* unparsable: counts as outside */
      }
      if (host !== '127.0.0.1') outside.push(url);
    });
    const page = await context.newPage();
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
    });
    page.on('requestfailed', (req) => {
      if (!/ERR_ABORTED/.test(req.failure()?.errorText || '')) problems.push(`request failed: ${req.url()} ${req.failure()?.errorText}`);
    });
    page.on('response', (res) => {
      if (res.status() >= 400) problems.push(`HTTP ${res.status()} for ${res.url()}`);
    });

    // 1. Every panel shows the demo's data.
    const res = await page.goto(URL_, { waitUntil: 'domcontentloaded', timeout: TIMEOUT });
    check(res && res.ok(), `page ${URL_} answers ${res && res.status()}`);
    const states = await settled(page);
    for (const id of PANELS) check(states[id] === 'ready', `#${id} is ready (state ${states[id]})`);
    await page.waitForFunction(() => document.getElementById('summary').dataset.state === 'ready', null, { timeout: TIMEOUT });
    const summary = await page.evaluate(() => fetch('/api/summary').then((r) => r.json()));
    check(summary.events > 0 && summary.quotes > 0 && summary.articles > 0, `demo store has ${summary.articles} articles, ${summary.events} events, ${summary.quotes} quotes`);
    const before = await snapshot(page);
    // Events without a date are not on the timeline, so it can show fewer than the summary.
    check(before.bars > 0 && before.timelineTotal > 0 && before.timelineTotal <= summary.events, `timeline: ${before.bars} bars, ${before.timelineTotal} dated events (summary: ${summary.events} events)`);
    check(before.nodes > 1 && before.edges > 0, `network: ${before.nodes} nodes, ${before.edges} edges`);
    check(before.countries > 100, `map: ${before.countries} country borders`);
    check(before.circles > 0, `map: ${before.circles} place circles`);
    check(before.quoteRows > 0 && before.quotesTotal === summary.quotes, `quotes: ${before.quoteRows} rows of ${before.quotesTotal} (summary: ${summary.quotes})`);
    check(before.eventRows > 0 && before.eventsTotal === summary.events, `events: ${before.eventRows} rows of ${before.eventsTotal}`);
    const options = await page.evaluate(() => ({
      roots: document.querySelectorAll('#f-root option').length - 1,
      outlets: document.querySelectorAll('#f-outlet option').length - 1,
    }));
    check(options.roots > 0 && options.outlets > 0, `filters: ${options.roots} event types, ${options.outlets} outlets to choose from`);

    // 2. Click an actor in the network: the other panels filter to it. Take the most active actor
    // that also speaks in quotes, so that every panel has something to show.
    const nodeIds = await page.$$eval('#network g.node', (gs) => gs
      .map((g) => [g.dataset.id, Number(g.dataset.events)])
      .sort((a, b) => b[1] - a[1])
      .map(([id]) => id));
    let actor = null;
    for (const id of nodeIds) {
      const n = await page.evaluate((id) => fetch(`/api/quotes?actor=${encodeURIComponent(id)}&limit=1`).then((r) => r.json()).then((j) => j.total), id);
      if (n > 0) {
        actor = id;
        break;
      }
    }
    check(actor, `an actor with quotes to click: ${actor}`);
    await page.click(`#network g.node[data-id="${actor}"]`);
    await page.waitForFunction((a) => new URLSearchParams(location.hash.slice(1)).get('actor') === a, actor, { timeout: TIMEOUT });
    ok(`the URL hash holds the actor filter: ${await page.evaluate(() => location.hash)}`);
    await page.waitForFunction((a) => document.querySelector(`#network g.node.selected[data-id="${a}"]`) || document.getElementById('network').dataset.state !== 'loading', actor, { timeout: TIMEOUT });
    await settled(page);
    const after = await snapshot(page);
    const actorInput = await page.inputValue('#f-actor');
    check(actorInput === actor, `actor filter shows ${actorInput}`);
    check(after.timelineTotal < before.timelineTotal, `timeline filtered: ${before.timelineTotal} → ${after.timelineTotal} events`);
    check(after.eventsTotal < before.eventsTotal && after.eventRows > 0, `events filtered: ${before.eventsTotal} → ${after.eventsTotal}`);
    const a = actor.toUpperCase();
    const eventRows = await page.$$eval('#events tbody tr', (rows) => rows.map((r) => [r.dataset.source, r.dataset.target, r.dataset.sourceName, r.dataset.targetName]));
    const bad = eventRows.filter((cells) => !cells.some((c) => (c || '').toUpperCase().startsWith(a)));
    check(bad.length === 0, `all ${eventRows.length} event rows have ${actor} as source or target${bad.length ? ' (not: ' + JSON.stringify(bad.slice(0, 3)) + ')' : ''}`);
    check(after.quotesTotal < before.quotesTotal && after.quoteRows > 0, `quotes filtered: ${before.quotesTotal} → ${after.quotesTotal}`);
    const speakers = await page.$$eval('#quotes tbody tr', (rows) => rows.map((r) => [r.dataset.speakerCode, r.dataset.speaker]));
    const badQ = speakers.filter((cells) => !cells.some((c) => (c || '').toUpperCase().startsWith(a)));
    check(badQ.length === 0, `all ${speakers.length} quote rows are spoken by ${actor}${badQ.length ? ' (not: ' + JSON.stringify(badQ.slice(0, 3)) + ')' : ''}`);
    check(after.placeWeight < before.placeWeight, `map filtered: ${before.circles} → ${after.circles} places, weight ${before.placeWeight} → ${after.placeWeight}`);
    const selected = await page.$$eval('#network g.node.selected', (gs) => gs.map((g) => g.dataset.id));
    check(selected.includes(actor), `network highlights ${actor}`);

    // 3. Open an article from a quote row: the quote is highlighted in the body.
    const row = page.locator('#quotes tbody tr').first();
    const quote = { text: await row.getAttribute('data-text'), seq: await row.getAttribute('data-seq'), article: await row.getAttribute('data-article') };
    await row.click();
    await page.waitForFunction((id) => document.getElementById('article').dataset.article === id && document.getElementById('article').dataset.state === 'ready', quote.article, { timeout: TIMEOUT });
    const marks = page.locator(`#article mark.quote[data-seq="${quote.seq}"]`);
    check((await marks.count()) > 0, `article ${quote.article} has mark.quote for quote ${quote.seq}`);
    await marks.first().scrollIntoViewIfNeeded();
    check(await marks.first().isVisible(), 'the highlighted quote is visible');
    const marked = (await marks.allTextContents()).join('');
    const norm = (t) => (t || '').replace(/\s+/g, ' ').trim();
    check(norm(marked) === norm(quote.text), `the highlight is the quote's text: “${norm(quote.text).slice(0, 60)}…”`);
    const kinds = await page.evaluate(() => ['quote', 'event', 'entity'].map((k) => document.querySelectorAll(`#article mark.${k}`).length));
    check(kinds[0] > 0 && kinds[2] > 0, `article marks: ${kinds[0]} quotes, ${kinds[1]} events, ${kinds[2]} entities`);
    const hash = await page.evaluate(() => location.hash);
    check(hash.includes(`article=${quote.article}`), 'the URL hash holds the article');

    // 4. The URL is a link: reloading it restores the same view.
    await page.reload({ waitUntil: 'domcontentloaded' });
    await settled(page, [...PANELS, 'article']);
    const restored = await page.evaluate(() => ({ actor: document.getElementById('f-actor').value, article: document.getElementById('article').dataset.article }));
    check(restored.actor === actor && restored.article === quote.article, 'reloading the link restores the actor filter and the article');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForTimeout(300);

    // 5. A screenshot, then the request and error checks.
    mkdirSync(dirname(SHOT), { recursive: true });
    await page.screenshot({ path: SHOT, fullPage: true });
    ok(`screenshot saved to ${SHOT}`);
    check(outside.length === 0, `${requests.length} requests, ${outside.length} outside 127.0.0.1${outside.length ? ': ' + outside.slice(0, 5).join(', ') : ''}`);
    check(problems.length === 0, `no page errors, console errors or failed requests${problems.length ? ': ' + problems.slice(0, 5).join(' | ') : ''}`);
  } finally {
    await browser.close();
  }
}

main().then(
  () => {
    console.log(`PASS web e2e: ${passed.length} checks, ${requests.length} requests all to 127.0.0.1, screenshot ${SHOT}`);
  },
  (err) => {
    console.error(`FAIL web e2e: ${err instanceof Failure ? err.message : err && err.stack ? err.stack : err}`);
    if (outside.length) console.error(`requests outside 127.0.0.1: ${outside.join(', ')}`);
    if (problems.length) console.error(`problems: ${problems.join(' | ')}`);
    process.exitCode = 1;
  },
);
