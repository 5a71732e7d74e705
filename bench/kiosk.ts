/**
 * Figures for the kiosk PWA:
 *   - JavaScript a screen downloads, gzipped (from the build);
 *   - navigation → first order card on /kiosk with 200 orders, cold (fresh profile) and warm (cached;
 *     TRACE=<file.json> records the last warm start as a Chrome trace);
 *   - /wall with 1,000 active orders: time to render, and time to apply one change.
 *
 *   npm run build && npx tsx bench/kiosk.ts
 *
 * The server runs in its own process on a fresh FerretDB (or MONGODB_URI); Chromium is /usr/bin/chromium.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { deepCountScript, launchChromium } from './browser.js';
import { jsonClient, ms, percentile, root, signIn, startStack } from './lib.js';

const KIOSK_ORDERS = 200;
const WALL_ORDERS = 1000;
const RUNS = Number(process.env.RUNS ?? 5);
const ACTIVE = ['en-attente', 'prise-en-charge', 'decoupage', 'assemblage', 'emballage', 'livraison'];

/** Records, in the page, when the first order card is drawn (ms since navigation start). */
const firstCardProbe = `${deepCountScript}
  (function poll() {
    if (window.__deepCount('article[data-order]') > 0) { window.__firstCard = performance.now(); return; }
    requestAnimationFrame(poll);
  })();
`;

async function firstCard(page: Page, url: string): Promise<number> {
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  await page.waitForFunction('window.__firstCard !== undefined', { timeout: 15_000, polling: 20 });
  return (await page.evaluate('window.__firstCard')) as number;
}

async function newPage(browser: Browser, ctx?: Awaited<ReturnType<Browser['createBrowserContext']>>): Promise<Page> {
  const page = await (ctx ?? browser).newPage();
  await page.setViewport({ width: 1280, height: 900 });
  await page.evaluateOnNewDocument(firstCardProbe);
  return page;
}

let pairPage: (page: Page, scope: Record<string, unknown>) => Promise<void> = async () => undefined;

async function main() {
  const statsFile = join(root, 'dist', 'kiosk', 'build-stats.json');
  if (!existsSync(statsFile)) throw new Error('dist/kiosk is missing: run `npm run build` first');
  const stats = JSON.parse(readFileSync(statsFile, 'utf8')) as { jsBytes: number; jsGzipBytes: number; swGzipBytes: number };

  const stack = await startStack('kiosk');
  const { server } = stack;
  const http = jsonClient(server.url, 8);
  let chromium: Awaited<ReturnType<typeof launchChromium>> | null = null;
  try {
    // Sign in when the server enforces access control (no-op otherwise), as bench/transitions does.
    const cookie = await signIn(server.url);
    const headers: Record<string, string> = cookie ? { cookie } : {};
    /** Pairs the page's browser context as a kiosk of `scope` (before the measured navigation). */
    pairPage = async (page: Page, scope: Record<string, unknown>) => {
      if (!cookie) return;
      const k = await http.call('POST', '/api/kiosks', { name: `bench ${JSON.stringify(scope)}`, scope }, headers);
      if (k.status >= 300) throw new Error(`kiosk: ${k.status} ${JSON.stringify(k.body)}`);
      await page.goto(`${server.url}/api/health`);
      const status = (await page.evaluate(
        `fetch('/api/kiosks/pair', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: ${JSON.stringify(String(k.body.pairingCode))} }) }).then((r) => r.status)`,
      )) as number;
      if (status >= 300) throw new Error(`pairing refused: ${status}`);
    };
    const m = await http.call('POST', '/api/machines', { name: 'Bench saw' }, headers);
    if (m.status !== 201) throw new Error(`machine: ${m.status} ${JSON.stringify(m.body)}`);
    process.stdout.write(`seeding ${WALL_ORDERS} active orders (${KIOSK_ORDERS} on the bench machine)… `);
    const today = Date.now();
    for (let i = 0; i < WALL_ORDERS; i += 50) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(50, WALL_ORDERS - i) }, (_, k) => {
          const n = i + k;
          return http.call('POST', '/api/orders', {
            contact: { name: `Contact ${n}`, company: `Client ${n % 37} SARL`, postalCode: '75017' },
            nature: 'AUTRE',
            customerRef: `BC-${n}`,
            stepId: ACTIVE[n % ACTIVE.length],
            dueDate: new Date(today + ((n % 15) - 3) * 86_400_000).toISOString().slice(0, 10),
            machineId: n < KIOSK_ORDERS ? m.body.id : null,
          }, headers);
        }),
      );
      for (const r of batch) if (r.status !== 201) throw new Error(`seed: ${r.status} ${JSON.stringify(r.body)}`);
    }
    process.stdout.write('done\n');

    chromium = await launchChromium();
    const browser = chromium.browser;
    const kioskUrl = `${server.url}/kiosk?machine=${m.body.id}`;

    const cold: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      // A fresh browser context: empty HTTP cache, no service worker, no IndexedDB.
      const ctx = await browser.createBrowserContext();
      const page = await newPage(browser, ctx);
      await pairPage(page, { machineId: m.body.id });
      cold.push(await firstCard(page, kioskUrl));
      await ctx.close();
    }

    const ctx = await browser.createBrowserContext();
    const install = await newPage(browser, ctx);
    await pairPage(install, { machineId: m.body.id });
    await firstCard(install, kioskUrl);
    await install.evaluate('navigator.serviceWorker.ready.then(() => true)');
    await new Promise((r) => setTimeout(r, 1500)); // the orders reach IndexedDB (debounced)
    await install.close();
    const warm: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const page = await newPage(browser, ctx);
      // TRACE=<file.json>: the last warm start as a Chrome trace (open it in DevTools' Performance panel).
      const trace = process.env.TRACE && i === RUNS - 1 ? process.env.TRACE : null;
      if (trace) await page.tracing.start({ path: trace, categories: ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'blink.user_timing', 'loading', 'disabled-by-default-v8.cpu_profiler'] });
      warm.push(await firstCard(page, kioskUrl));
      if (trace) await page.tracing.stop();
      await page.close();
    }

    // The floor, in the same browser and run: navigation → first frame of a page with no app
    // (the server's health answer), so a slow or busy machine shows in both figures.
    const floor: number[] = [];
    const floorPage = await ctx.newPage();
    await floorPage.evaluateOnNewDocument('requestAnimationFrame(() => { window.__firstFrame = performance.now(); })');
    for (let i = 0; i < RUNS; i++) {
      await floorPage.goto(`${server.url}/api/health?run=${i}`, { waitUntil: 'domcontentloaded' });
      await floorPage.waitForFunction('window.__firstFrame !== undefined', { timeout: 15_000, polling: 20 });
      floor.push((await floorPage.evaluate('window.__firstFrame')) as number);
    }
    await floorPage.close();

    const wallCtx = await browser.createBrowserContext();
    const wall = await newPage(browser, wallCtx);
    await wall.setViewport({ width: 1920, height: 1080 });
    await pairPage(wall, { wall: true });
    await wall.goto(`${server.url}/wall`, { waitUntil: 'domcontentloaded' });
    await wall.waitForFunction(
      (n: number) => {
        // The page's session, as the app shell exposes it (kiosk/src/jalon-app.ts).
        const s = (globalThis as any).document.querySelector('jalon-app')?.session;
        return s?.store.source === 'server' && s.store.size === n && (globalThis as any).__deepCount('li[data-order]') > 0;
      },
      { timeout: 20_000, polling: 10 },
      WALL_ORDERS,
    ).catch(async (e) => {
      const st = await wall.evaluate('(() => { const s = document.querySelector("jalon-app")?.session; return { source: s?.store.source, size: s?.store.size, lis: globalThis.__deepCount("li[data-order]") }; })()');
      throw new Error(`the wall did not show ${WALL_ORDERS} orders: ${JSON.stringify(st)} (${e})`);
    });
    const wallRender = (await wall.evaluate('performance.now()')) as number;
    // Runs in the page (the root tsconfig has no DOM types, hence `g`).
    const applies = await wall.evaluate(async () => {
      const g = globalThis as any;
      const s = g.document.querySelector('jalon-app').session;
      const view = g.document.querySelector('jalon-app')!.shadowRoot!.querySelector('wall-view');
      const steps = ['en-attente', 'prise-en-charge', 'decoupage', 'assemblage', 'emballage', 'livraison'];
      const times: number[] = [];
      for (let i = 0; i < 30; i++) {
        const o = s.store.allOrders()[i * 7];
        const changed = { ...o, stepId: steps[(steps.indexOf(o.stepId) + 1) % steps.length], seq: s.store.seq + 1, version: o.version + 1 };
        const t0 = performance.now();
        s.store.upsert(changed, changed.seq);
        await view.updateComplete;
        for (const c of view.shadowRoot.querySelectorAll('wall-column')) await c.updateComplete;
        void g.document.body.getBoundingClientRect(); // include style and layout, not only the DOM update
        view.shadowRoot.querySelector('.columns').getBoundingClientRect();
        times.push(performance.now() - t0);
        await new Promise((r) => g.requestAnimationFrame(() => r(null)));
      }
      return times;
    });
    applies.sort((a, b) => a - b);
    cold.sort((a, b) => a - b);
    warm.sort((a, b) => a - b);
    floor.sort((a, b) => a - b);

    const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
    console.log('\nJalon kiosk PWA figures');
    console.log(`  kiosk JS gzipped:                 ${kb(stats.jsGzipBytes)} (raw ${kb(stats.jsBytes)}; service worker ${kb(stats.swGzipBytes)})   target < 120 KB`);
    console.log(`  /kiosk first card, ${KIOSK_ORDERS} orders, cold: median ${ms(percentile(cold, 50))} (runs ${cold.map((x) => x.toFixed(0)).join(', ')})   target < 1000 ms`);
    console.log(`  /kiosk first card, ${KIOSK_ORDERS} orders, warm: median ${ms(percentile(warm, 50))} (runs ${warm.map((x) => x.toFixed(0)).join(', ')})   target < 300 ms`);
    console.log(`  floor: a page with no app, first frame: median ${ms(percentile(floor, 50))} (runs ${floor.map((x) => x.toFixed(0)).join(', ')})`);
    console.log(`  /wall ${WALL_ORDERS} active orders, render:  ${ms(wallRender)} from navigation (cold context, paired)`);
    console.log(`  /wall apply one change:           median ${ms(percentile(applies, 50))}, p95 ${ms(percentile(applies, 95))}, max ${ms(applies[applies.length - 1])}   target < 16 ms`);
  } finally {
    await chromium?.close();
    http.close();
    await stack.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
