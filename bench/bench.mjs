// `cargo xtask bench`: drives www/bench.html in headless Chromium against the emulator and
// prints one line per figure: what it measured, the value, the unit, and the budget where there
// is one. The emulator must be running (in memory) at BENCH_EMULATOR; xtask starts it.

import { createRequire } from 'node:module';
import { GRAPH_SCOPE, passwordGrant } from '../www/signin.mjs';

const require = createRequire(new URL('../.tools/package.json', import.meta.url));
const { chromium } = require('playwright-core');

const BASE = process.env.BENCH_EMULATOR ?? 'http://127.0.0.1:18797';
/// Every emulator answer waits this long while requests are counted, so rounds show in time.
const ROUND_DELAY_MS = 500;
/// Graph's presence limit: requests per 30 s per app per tenant.
const PRESENCE_LIMIT_PER_30S = 1500;
/// Runs of the paint figure per size, after the first (cold) one.
const WARM_RUNS = 4;
/// Open/close cycles for the memory figure.
const CYCLES = 100;

// ---- Output --------------------------------------------------------------------------------

/** Prints one figure: `bench: name: value unit (budget ...: PASS|OVER)`. */
function figure(name, value, unit, budget) {
  const shown = typeof value === 'number' ? round(value) : value;
  let line = `bench: ${name}: ${shown}${unit ? ` ${unit}` : ''}`;
  if (budget) line += ` (budget ${budget.text}: ${budget.ok ? 'PASS' : 'OVER'})`;
  console.log(line);
}

function round(value) {
  if (Number.isInteger(value)) return String(value);
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(1);
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

// ---- Emulator ------------------------------------------------------------------------------

async function control(path, body, method = 'POST') {
  const response = await fetch(`${BASE}${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${await response.text()}`);
  return response.status === 204 ? null : response.json();
}

/** The emulator's request log (main listener: what the browser sent), preflights left out. */
async function requestLog() {
  const { value } = await control('/_emulator/requests?listener=main', undefined, 'GET');
  return value.filter((r) => r.method !== 'OPTIONS');
}

const clearLog = () => control('/_emulator/requests', undefined, 'DELETE');

/** Back to the seed (with its suggestions computed now), then optionally a larger tenant. */
async function fresh(scale) {
  await control('/_emulator/reset');
  await control('/_emulator/suggestions/run');
  if (scale) await control('/_emulator/scale', scale);
}

async function graphToken(user) {
  return (await passwordGrant(BASE, user, GRAPH_SCOPE)).access_token;
}

async function graph(token, path, body) {
  const response = await fetch(`${BASE}/graph/v1.0${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`Graph ${path}: HTTP ${response.status} ${await response.text()}`);
  return response.json();
}

/** Every user of the demo tenant, following `@odata.nextLink`. */
async function allUsers(token) {
  const users = [];
  let page = await graph(token, '/users?$top=999');
  for (;;) {
    users.push(...page.value);
    const next = page['@odata.nextLink'];
    if (!next) return users;
    page = await graph(token, next.slice(next.indexOf('/graph/v1.0') + '/graph/v1.0'.length));
  }
}

/** Runs `task` over `items`, `width` at a time. */
async function pool(items, width, task) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++]);
  };
  await Promise.all(Array.from({ length: width }, worker));
}

// ---- Browser -------------------------------------------------------------------------------

/** A fresh context and page on the bench page, signed in as Megan; `clock` fakes time first. */
async function benchPage(browser, { clock = false } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`bench: page error: ${error.message}`));
  if (clock) await page.clock.install();
  await page.goto(`${BASE}/bench.html`);
  await page.waitForFunction(() => window.bench !== undefined, null, { timeout: 30_000 });
  return { context, page };
}

// In-page helpers, installed once per page: find the button, wait for the pane to settle, and
// watch the shadow root's mutations and the frame after the last one.
async function installHelpers(page) {
  await page.evaluate(() => {
    const shadow = () => window.bench.slot.shadowRoot;
    const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
    const button = (name) =>
      [...shadow().querySelectorAll('button')].find(
        (b) => b.textContent.trim() === name || b.getAttribute('aria-label') === name,
      );
    const rows = () => shadow().querySelectorAll('.tc-row').length;
    const loaded = () => {
      const s = shadow();
      const section = (id) => s.querySelectorAll(`#tc-${id}-heading ~ ul .tc-row`).length > 0;
      return (
        s.querySelectorAll('.tc-skeleton').length === 0 &&
        section('connected') &&
        section('suggested') &&
        section('other')
      );
    };
    // Counts mutations and notes the frame after the last one.
    const watch = () => {
      const seen = { mutations: 0, lastMutation: 0, lastPaint: 0, records: [] };
      const observer = new MutationObserver((records) => {
        seen.mutations += records.length;
        seen.records.push(...records);
        const stamp = performance.now();
        seen.lastMutation = stamp;
        requestAnimationFrame(() => {
          if (seen.lastMutation === stamp) seen.lastPaint = performance.now();
        });
      });
      observer.observe(shadow(), {
        subtree: true,
        childList: true,
        attributes: true,
        characterData: true,
      });
      seen.stop = () => observer.disconnect();
      return seen;
    };
    // Resolves once `ready()` holds, nothing is in flight, and neither the network nor the DOM
    // has moved for `quietMs` (with the frame after the last mutation seen).
    const settle = async (seen, ready, quietMs = 500, timeoutMs = 60_000) => {
      const { network } = window.bench;
      const start = performance.now();
      for (;;) {
        const now = performance.now();
        if (
          ready() &&
          network.inFlight === 0 &&
          seen.lastPaint >= seen.lastMutation &&
          now - seen.lastMutation > quietMs &&
          now - network.lastResponse > quietMs
        ) {
          return;
        }
        if (now - start > timeoutMs) throw new Error('the pane did not settle');
        await sleep(25);
      }
    };
    const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
    window.helpers = { shadow, sleep, button, rows, loaded, watch, settle, frame };
  });
}

// ---- Figures -------------------------------------------------------------------------------

/** Requests to open the pane and their depth in round trips, with every answer delayed. */
async function openingRequests(browser, label, scale) {
  await fresh(scale);
  const { context, page } = await benchPage(browser);
  await installHelpers(page);
  await page.evaluate(() => window.bench.mount());
  await page.waitForTimeout(300);
  await control('/_emulator/faults', { path: '/', delayMs: ROUND_DELAY_MS, count: 1000 });
  await clearLog();
  const { rounds, lastMs } = await page.evaluate(async () => {
    const { helpers, bench } = window;
    const seen = helpers.watch();
    bench.network.log.length = 0;
    const clicked = performance.now();
    helpers.button('Collaborate').click();
    await helpers.settle(seen, helpers.loaded, 1000);
    seen.stop();
    // A request's depth: one more than the deepest request answered before it started.
    const log = [...bench.network.log].sort((a, b) => a.start - b.start);
    for (const entry of log) {
      const before = log.filter((other) => other.end !== null && other.end <= entry.start);
      entry.depth = 1 + Math.max(0, ...before.map((other) => other.depth));
    }
    return {
      rounds: Math.max(0, ...log.map((entry) => entry.depth)),
      lastMs: Math.max(0, ...log.map((entry) => entry.end)) - clicked,
    };
  });
  await control('/_emulator/faults', undefined, 'DELETE');
  const log = await requestLog();
  const graphCount = log.filter((r) => r.path.startsWith('/graph/')).length;
  figure(
    `open pane requests (${label})`,
    log.length,
    `requests (${graphCount} Graph, ${log.length - graphCount} Dataverse; CORS preflights excluded)`,
  );
  figure(
    `open pane depth (${label})`,
    rounds,
    `sequential round trips (longest chain of requests each started after the previous answered; last answer ${round(lastMs)} ms after the click, every answer delayed ${ROUND_DELAY_MS} ms)`,
    { text: '≤ 3', ok: rounds <= 3 },
  );
  await context.close();
  return log.length;
}

/** Click to painted pane, cold and warm, and the same markup as static HTML. */
async function paint(browser, chats) {
  // Generated chats come on top of the seed's; ask for what makes `chats` in all.
  await fresh(null);
  const token = await graphToken('megan');
  const seedChats = await countChats(token);
  if (chats > seedChats) await control('/_emulator/scale', { people: 1000, chats: chats - seedChats });
  const total = await countChats(token);
  const { context, page } = await benchPage(browser);
  await installHelpers(page);
  const runs = [];
  for (let run = 0; run <= WARM_RUNS; run++) {
    runs.push(
      await page.evaluate(async () => {
        const { helpers, bench } = window;
        await bench.mount();
        await helpers.sleep(300);
        const seen = helpers.watch();
        const clicked = performance.now();
        helpers.button('Collaborate').click();
        await helpers.settle(seen, helpers.loaded);
        const opened = {
          total: seen.lastPaint - clicked,
          afterLastResponse: seen.lastPaint - bench.network.lastResponse,
          untilLastResponse: bench.network.lastResponse - clicked,
          rows: helpers.rows(),
        };
        window.markup = { opened: helpers.shadow().innerHTML };
        // Then every chat: "Show more" until it is gone, each click timed to its painted frame
        // (the quiet time waited between clicks is not counted).
        let paging = 0;
        let pages = 0;
        for (;;) {
          const more = helpers.button('Show more');
          if (!more) break;
          const before = helpers.rows();
          const started = performance.now();
          more.click();
          await helpers.settle(seen, () => helpers.rows() > before);
          paging += seen.lastPaint - started;
          pages += 1;
        }
        seen.stop();
        window.markup.all = helpers.shadow().innerHTML;
        return { ...opened, all: opened.total + paging, pages, allRows: helpers.rows() };
      }),
    );
  }
  // The same rows as plain HTML in a shadow root with the component's styles.
  const staticRender = async (which) => {
    const times = [];
    for (let run = 0; run <= WARM_RUNS; run++) {
      times.push(
        await page.evaluate(async (which) => {
          const { helpers, bench } = window;
          const markup = window.markup[which];
          const host = document.createElement('div');
          document.getElementById('static').replaceChildren(host);
          const root = host.attachShadow({ mode: 'open' });
          root.adoptedStyleSheets = bench.slot.shadowRoot.adoptedStyleSheets;
          await helpers.frame();
          const start = performance.now();
          root.innerHTML = markup;
          void host.offsetHeight;
          await helpers.frame();
          const took = performance.now() - start;
          host.remove();
          return took;
        }, which),
      );
    }
    return median(times.slice(1));
  };
  const staticMs = await staticRender('opened');
  const staticAllMs = await staticRender('all');
  await page.evaluate(() => window.bench.unmount());
  await context.close();
  const cold = runs[0];
  const warm = runs.slice(1);
  const rows = cold.rows;
  const warmTotal = median(warm.map((r) => r.total));
  const warmRender = median(warm.map((r) => r.afterLastResponse));
  const label = `${total} chats, ${rows} rows shown`;
  figure(
    `open pane to painted, first open after load (${label})`,
    cold.total,
    'ms (click to the frame after the last DOM change; includes its requests to the local emulator)',
  );
  figure(
    `open pane to painted, median of ${WARM_RUNS} fresh mounts (${label})`,
    warmTotal,
    `ms (same, page warm; the last response arrived ${round(median(warm.map((r) => r.untilLastResponse)))} ms after the click)`,
  );
  figure(
    `render only, median of ${WARM_RUNS} (${label})`,
    warmRender,
    'ms (last response arrived to the frame after the last DOM change)',
  );
  figure(`static HTML of the same rows (${label})`, staticMs, 'ms (innerHTML, layout, next frame; median)');
  const ratio = warmTotal / staticMs;
  figure(`open pane vs static HTML (${label})`, ratio, 'x (warm median / static median)', {
    text: '≤ 2x',
    ok: ratio <= 2,
  });
  figure(`render only vs static HTML (${label})`, warmRender / staticMs, 'x');
  if (cold.pages > 0) {
    const warmAll = median(warm.map((r) => r.all));
    figure(
      `open pane and page to every chat, median of ${WARM_RUNS} (${total} chats, ${cold.allRows} rows)`,
      warmAll,
      `ms (open + ${cold.pages} × "Show more", each click to its painted frame, summed)`,
    );
    figure(`static HTML of all ${cold.allRows} rows`, staticAllMs, 'ms (innerHTML, layout, next frame; median)');
    figure(`every chat vs static HTML (${cold.allRows} rows)`, warmAll / staticAllMs, 'x', {
      text: '≤ 2x',
      ok: warmAll / staticAllMs <= 2,
    });
  }
}

async function countChats(token) {
  let count = 0;
  let page = await graph(token, '/me/chats?$top=50');
  for (;;) {
    count += page.value.length;
    const next = page['@odata.nextLink'];
    if (!next) return count;
    page = await graph(token, next.slice(next.indexOf('/graph/v1.0') + '/graph/v1.0'.length));
  }
}

/** A presence poll where 10 of the people on screen changed, with 1,000 avatars rendered. */
async function presenceUpdate(browser) {
  await fresh({ people: 1000, chats: 0 });
  const token = await graphToken('megan');
  const me = (await graph(token, '/me')).id;
  const users = (await allUsers(token)).filter((u) => u.id !== me);
  // One-on-one chats with 1,000 people: each row is an avatar with a presence badge.
  const generated = users.filter((u) => u.displayName.startsWith('Person ')).slice(0, 1000);
  const member = (id) => ({
    '@odata.type': '#microsoft.graph.aadUserConversationMember',
    roles: ['owner'],
    'user@odata.bind': `https://graph.microsoft.com/v1.0/users('${id}')`,
  });
  // Made three days ago, so their relative times ("3 days ago") hold still while we watch.
  await control('/_emulator/clock', { advanceSeconds: -3 * 86_400 });
  await pool(generated, 8, (user) =>
    graph(token, '/chats', { chatType: 'oneOnOne', members: [member(me), member(user.id)] }),
  );
  await control('/_emulator/clock', { advanceSeconds: 3 * 86_400 });
  // Pin everyone, so nothing steps with the emulator clock while we watch.
  await pool(users, 8, (user) =>
    control('/_emulator/presence', { userId: user.id, availability: 'Available', activity: 'Available' }),
  );
  const { context, page } = await benchPage(browser, { clock: true });
  await installHelpers(page);
  await clearLog();
  await page.evaluate(async () => {
    const { helpers, bench } = window;
    await bench.mount();
    const seen = helpers.watch();
    helpers.button('Collaborate').click();
    await helpers.settle(seen, helpers.loaded);
    seen.stop();
  });
  // Whom a poll asks about: the people on screen, as when the pane opened (connected, suggested
  // and the first rows of "Other chats").
  const openLog = (await requestLog())
    .filter((r) => r.path.includes('getPresencesByUserId'))
    .map((r) => JSON.parse(r.body).ids);
  const shown = await page.evaluate(async () => {
    const { helpers } = window;
    const seen = helpers.watch();
    // Page "Other chats" until every chat is on screen.
    for (;;) {
      const more = helpers.button('Show more');
      if (!more) break;
      const before = helpers.rows();
      more.click();
      await helpers.settle(seen, () => helpers.rows() > before);
    }
    seen.stop();
    return {
      rows: helpers.rows(),
      badges: helpers.shadow().querySelectorAll('.tc-badge').length,
    };
  });
  // One poll (the interval is 30 s: jump the page's clock past it, before the chat list's 60 s).
  const poll = async () => {
    await page.evaluate(() => {
      window.presenceSeen = window.helpers.watch();
      window.presenceStart = window.bench.network.count;
    });
    await page.clock.fastForward(30_000);
    return page.evaluate(async () => {
      const { helpers, bench } = window;
      const seen = window.presenceSeen;
      await helpers.settle(seen, () => bench.network.count > window.presenceStart);
      seen.stop();
      const row = (node) => (node.nodeType === 1 ? node : node.parentElement)?.closest('.tc-row');
      return {
        mutations: seen.mutations,
        kinds: seen.records.reduce((acc, r) => ({ ...acc, [r.type]: (acc[r.type] ?? 0) + 1 }), {}),
        rowsTouched: new Set(seen.records.map((r) => row(r.target))).size,
        badgesTouched: new Set(seen.records.map((r) => r.target).filter((t) => t.classList?.contains('tc-badge'))).size,
        // What changed, by the class of the element (or of the text's parent element).
        where: seen.records.reduce((acc, r) => {
          const element = r.target.nodeType === 1 ? r.target : r.target.parentElement;
          const key = `${r.type} .${element?.classList[0] ?? element?.tagName}`;
          return { ...acc, [key]: (acc[key] ?? 0) + 1 };
        }, {}),
        
        update: seen.mutations > 0 ? seen.lastPaint - bench.network.lastResponse : 0,
      };
    });
  };
  const asked = [...new Set(openLog.flat())];
  const changed = asked.slice(0, 10);
  for (const id of changed) {
    await control('/_emulator/presence', { userId: id, availability: 'Busy', activity: 'InACall' });
  }
  await clearLog();
  const result = await poll();
  const polls = (await requestLog()).filter((r) => r.path.includes('getPresencesByUserId'));
  await context.close();
  figure('presence update: avatars on screen', shown.badges, `badges (${shown.rows} rows; the poll asks about ${asked.length} people on screen)`);
  figure(
    'presence update: time',
    result.update,
    `ms (poll response arrived to the frame after the last DOM change; ${polls.length} presence request)`,
  );
  const where = Object.entries(result.where)
    .map(([key, n]) => `${n} ${key}`)
    .join(', ');
  // Each changed badge is one class attribute plus its screen-reader label's text.
  const perBadge = 2;
  const budget = result.badgesTouched * perBadge;
  figure(
    `presence update: DOM mutations for ${changed.length} people changed`,
    result.mutations,
    `mutation records (${where || 'none'}; ${result.badgesTouched} badges and ${result.rowsTouched} rows touched)`,
    {
      text: `≤ ${perBadge} per changed badge (${budget}: class + label)`,
      ok: result.badgesTouched >= changed.length && result.mutations <= budget,
    },
  );
}

async function memory(browser) {
  await fresh(null);
  const { context, page } = await benchPage(browser);
  await installHelpers(page);
  const cdp = await context.newCDPSession(page);
  const measure = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = await cdp.send('Runtime.getHeapUsage');
    const wasm = await page.evaluate(() => window.bench.wasm.memory.buffer.byteLength);
    return { js: heap.usedSize, wasm };
  };
  const cycle = (count) =>
    page.evaluate(async (count) => {
      const { helpers } = window;
      for (let i = 0; i < count; i++) {
        window.bench.network.log.length = 0;
        const seen = helpers.watch();
        helpers.button('Collaborate').click();
        await helpers.settle(seen, helpers.loaded, 50);
        helpers.button('Close Teams chats').click();
        await helpers.frame();
        seen.stop();
      }
    }, count);
  const mountCycle = (count) =>
    page.evaluate(async (count) => {
      const { helpers, bench } = window;
      for (let i = 0; i < count; i++) {
        // The bench page's own request log would grow; the figure is about the component.
        bench.network.log.length = 0;
        await bench.mount();
        const seen = helpers.watch();
        helpers.button('Collaborate').click();
        await helpers.settle(seen, helpers.loaded, 50);
        seen.stop();
        helpers.button('Close Teams chats').click();
        bench.unmount();
        await helpers.frame();
      }
    }, count);
  await page.evaluate(() => window.bench.mount());
  await cycle(1);
  const first = await measure();
  await cycle(CYCLES - 1);
  const after = await measure();
  await page.evaluate(() => window.bench.unmount());
  await mountCycle(1);
  const firstMount = await measure();
  await mountCycle(CYCLES - 1);
  const afterMount = await measure();
  // Another hundred: growth that keeps going is a leak, growth that stops was warm-up.
  await mountCycle(CYCLES);
  const afterMore = await measure();
  await context.close();
  const kb = (bytes) => bytes / 1024;
  const report = (what, a, b) => {
    const jsGrowth = b.js - a.js;
    const jsLimit = Math.max(256 * 1024, a.js * 0.05);
    figure(
      `memory JS heap after ${CYCLES} ${what} vs after 1`,
      kb(jsGrowth),
      `KB growth (${round(kb(a.js))} KB -> ${round(kb(b.js))} KB, used, after forced GC)`,
      { text: '≤ max(256 KB, 5%)', ok: jsGrowth <= jsLimit },
    );
    const wasmGrowth = b.wasm - a.wasm;
    figure(
      `memory wasm linear memory after ${CYCLES} ${what} vs after 1`,
      kb(wasmGrowth),
      `KB growth (${round(kb(a.wasm))} KB -> ${round(kb(b.wasm))} KB)`,
      { text: '≤ 128 KB (2 pages of 64 KB)', ok: wasmGrowth <= 128 * 1024 },
    );
  };
  report('open/close cycles', first, after);
  report('mount/open/close/unmount cycles', firstMount, afterMount);
  figure(
    `memory over the next ${CYCLES} mount/open/close/unmount cycles`,
    `JS heap ${round(kb(afterMore.js - afterMount.js))} KB, wasm ${round(kb(afterMore.wasm - afterMount.wasm))} KB`,
    'growth (informative: keeps growing = leak, stops = warm-up)',
  );
}

/** Graph requests per minute one form costs: pane open, closed, tab hidden; default intervals. */
async function tenantScale(browser) {
  await fresh(null);
  const { context, page } = await benchPage(browser, { clock: true });
  await installHelpers(page);
  await page.evaluate(async () => {
    const { helpers, bench } = window;
    await bench.mount();
    const seen = helpers.watch();
    helpers.button('Collaborate').click();
    await helpers.settle(seen, helpers.loaded, 300);
    seen.stop();
  });
  const MINUTES = 2;
  // Steps of 10 s, each given real time for its requests to finish.
  const perMinute = async () => {
    await clearLog();
    for (let step = 0; step < MINUTES * 6; step++) {
      await page.clock.fastForward(10_000);
      await page.waitForTimeout(150);
      await page.evaluate(async () => {
        const { network } = window.bench;
        while (network.inFlight > 0) await window.helpers.sleep(10);
      });
    }
    const graphLog = (await requestLog()).filter((r) => r.path.startsWith('/graph/'));
    const presence = graphLog.filter((r) => r.path.includes('getPresencesByUserId')).length;
    return { graph: graphLog.length / MINUTES, presence: presence / MINUTES };
  };
  const open = await perMinute();
  await page.evaluate(async () => {
    window.helpers.button('Close Teams chats').click();
    await window.helpers.frame();
  });
  const closed = await perMinute();
  await page.evaluate(async () => {
    window.helpers.button('Collaborate').click();
    await window.helpers.frame();
  });
  await page.waitForTimeout(300);
  await page.evaluate(() => {
    for (const [name, value] of [
      ['hidden', true],
      ['visibilityState', 'hidden'],
    ]) {
      Object.defineProperty(Document.prototype, name, { configurable: true, get: () => value });
    }
    document.dispatchEvent(new Event('visibilitychange'));
  });
  const hidden = await perMinute();
  await context.close();
  const line = (state, counts, zeroPresence) =>
    figure(
      `tenant scale: Graph requests per minute, pane ${state}`,
      counts.graph,
      `requests/min (${counts.presence} presence, over ${MINUTES} min of faked clock)`,
      zeroPresence ? { text: '0 presence', ok: counts.presence === 0 } : undefined,
    );
  line('open and visible', open, false);
  line('closed', closed, true);
  line('open, tab hidden', hidden, true);
  const presencePer30s = open.presence / 2;
  const panes = presencePer30s > 0 ? Math.floor(PRESENCE_LIMIT_PER_30S / presencePer30s) : Infinity;
  figure(
    'tenant scale: open panes before Graph presence limit',
    panes,
    `panes (${PRESENCE_LIMIT_PER_30S} presence requests per 30 s per app per tenant / ${presencePer30s} per pane)`,
    { text: '≥ 1500', ok: panes >= 1500 },
  );
}

/**
 * What a user on a real tenant feels (every answer delayed 300 ms): click to the pane's frame,
 * click to the rows after the pointer rested 0, 300 or 600 ms on Collaborate (each against the
 * static-HTML paint of the same rows), and a reopen to its rows.
 */
async function intent(browser) {
  const DELAY_MS = 300;
  const RUNS = 3;
  await fresh(null);
  const { context, page } = await benchPage(browser);
  await installHelpers(page);
  await control('/_emulator/faults', { path: '/', status: 0, delayMs: DELAY_MS, count: 100000 });
  // Mounts, rests the pointer `hover` ms, clicks; the first frame after the click and the frame
  // in which every section has rows.
  const open = (hover) =>
    page.evaluate(async (hover) => {
      const { helpers, bench } = window;
      await bench.mount();
      await helpers.sleep(500);
      const button = helpers.button('Collaborate');
      if (hover > 0) {
        button.dispatchEvent(new PointerEvent('pointerenter'));
        await helpers.sleep(hover);
      }
      const clicked = performance.now();
      button.click();
      await helpers.frame();
      const frame = performance.now() - clicked;
      while (!helpers.loaded()) await helpers.frame();
      const rows = performance.now() - clicked;
      window.markup = { opened: helpers.shadow().innerHTML };
      // A reopen: the rows are in memory.
      helpers.button('Close Teams chats').click();
      await helpers.sleep(200);
      const again = performance.now();
      helpers.button('Collaborate').click();
      await helpers.frame();
      while (!helpers.loaded()) await helpers.frame();
      const reopen = performance.now() - again;
      bench.unmount();
      return { frame, rows, reopen };
    }, hover);
  const byHover = {};
  for (const hover of [0, 300, 600]) {
    const runs = [];
    for (let run = 0; run < RUNS; run++) runs.push(await open(hover));
    byHover[hover] = {
      frame: median(runs.map((r) => r.frame)),
      rows: median(runs.map((r) => r.rows)),
      reopen: median(runs.map((r) => r.reopen)),
    };
  }
  const statics = [];
  for (let run = 0; run <= RUNS; run++) {
    statics.push(
      await page.evaluate(async () => {
        const { helpers } = window;
        const host = document.createElement('div');
        document.getElementById('static').replaceChildren(host);
        const root = host.attachShadow({ mode: 'open' });
        await helpers.frame();
        const start = performance.now();
        root.innerHTML = window.markup.opened;
        void host.offsetHeight;
        await helpers.frame();
        const took = performance.now() - start;
        host.remove();
        return took;
      }),
    );
  }
  await control('/_emulator/faults', undefined, 'DELETE');
  await context.close();
  const staticMs = median(statics.slice(1));
  const at = `every answer ${DELAY_MS} ms, median of ${RUNS}`;
  figure(`intent: click to the pane's frame (${at})`, byHover[0].frame, 'ms (click to the first frame after it)', {
    text: 'one frame (≤ 50 ms)',
    ok: byHover[0].frame <= 50,
  });
  figure(`intent: static HTML of the same rows`, staticMs, 'ms (innerHTML, layout, next frame; median)');
  for (const hover of [0, 300, 600]) {
    figure(`intent: click to rows after a ${hover} ms hover (${at})`, byHover[hover].rows, 'ms');
    const ratio = byHover[hover].rows / staticMs;
    figure(
      `intent: rows after a ${hover} ms hover vs static HTML`,
      ratio,
      'x',
      hover === 600 ? { text: '≤ 2x', ok: ratio <= 2 } : undefined,
    );
  }
  const saved = byHover[0].rows - byHover[300].rows;
  figure('intent: a 300 ms hover saves', saved, 'ms against none', { text: '≥ 100 ms', ok: saved >= 100 });
  const reopen = median([0, 300, 600].map((h) => byHover[h].reopen));
  figure(`intent: reopen to rows (${at})`, reopen, 'ms (click to the frame with rows)', {
    text: `before any answer (< ${DELAY_MS} ms)`,
    ok: reopen < DELAY_MS,
  });
}

// ---- Main ----------------------------------------------------------------------------------

const browser = await chromium.launch({
  executablePath: process.env.BENCH_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-dev-shm-usage', '--js-flags=--expose-gc'],
});
try {
  const only = process.argv.slice(2);
  const want = (name) => only.length === 0 || only.includes(name);
  if (want('requests')) {
    const seed = await openingRequests(browser, 'seed tenant', null);
    const large = await openingRequests(browser, '+1000 people, +500 chats', { people: 1000, chats: 500 });
    figure('open pane requests, large vs seed', large - seed, 'more requests', {
      text: 'no growth with the tenant',
      ok: large <= seed,
    });
  }
  if (want('paint')) {
    await paint(browser, 50);
    await paint(browser, 500);
  }
  if (want('presence')) await presenceUpdate(browser);
  if (want('memory')) await memory(browser);
  if (want('scale')) await tenantScale(browser);
  if (want('intent')) await intent(browser);
} finally {
  await browser.close();
  await control('/_emulator/reset').catch(() => {});
}
