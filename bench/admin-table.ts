/**
 * Figures for the supervisor tablet's orders table with 2,000 active orders:
 *   - JavaScript: the kiosk's entry chunk and the supervisor chunk loaded on demand, gzipped;
 *   - navigation → first table row on /admin (signed in, cold browser context);
 *   - one sort (header pressed → rows redrawn);
 *   - scrolling the whole list: frame intervals while scrolling 300 px per frame;
 *   - one live change applied to the table.
 *
 *   npm run build && npx tsx bench/admin-table.ts
 *
 * The server runs in its own process on a fresh FerretDB (or MONGODB_URI); Chromium is /usr/bin/chromium.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { deepCountScript, launchChromium } from './browser.js';
import { BENCH_PASSWORD, jsonClient, ms, percentile, root, signIn, startStack } from './lib.js';

const ORDERS = 2000;
const RUNS = 3;

/** Records, in the page, when the first table row is drawn (ms since navigation start). */
const probe = `${deepCountScript}
  window.__deepFirst = (sel) => {
    const walk = (r) => { const f = r.querySelector(sel); if (f) return f; for (const el of r.querySelectorAll('*')) if (el.shadowRoot) { const x = walk(el.shadowRoot); if (x) return x; } return null; };
    return walk(document);
  };
  window.__frame = () => new Promise((r) => requestAnimationFrame(r));
  (function poll() {
    if (window.__deepCount('tr.row') > 0) { window.__firstRow = performance.now(); return; }
    requestAnimationFrame(poll);
  })();
`;

function chunkSizes(): { entry: number; supervisor: number } {
  const dir = join(root, 'dist', 'kiosk', 'assets');
  let entry = 0;
  let supervisor = 0;
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.js'))) {
    const gz = gzipSync(readFileSync(join(dir, f)), { level: 9 }).length;
    if (f.startsWith('supervisor-')) supervisor += gz;
    else entry += gz;
  }
  return { entry, supervisor };
}

async function main() {
  if (!existsSync(join(root, 'dist', 'kiosk', 'index.html'))) throw new Error('dist/kiosk is missing: run `npm run build` first');
  const sizes = chunkSizes();
  const stack = await startStack('admin');
  const { server } = stack;
  const http = jsonClient(server.url, 8);
  let chromium: Awaited<ReturnType<typeof launchChromium>> | null = null;
  try {
    const cookie = await signIn(server.url);
    if (!cookie) throw new Error('sign-in failed');
    const headers = { cookie };
    process.stdout.write(`seeding ${ORDERS} active orders… `);
    const today = Date.now();
    for (let i = 0; i < ORDERS; i += 50) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(50, ORDERS - i) }, (_, k) => {
          const n = i + k;
          return http.call(
            'POST',
            '/api/orders',
            {
              contact: { id: String(n % 97), name: `Contact ${n}`, company: `Client ${n % 37} SARL`, postalCode: '75017' },
              nature: 'AUTRE',
              customerRef: `BC-${n}`,
              dueDate: n % 9 ? new Date(today + ((n % 15) - 3) * 86_400_000).toISOString().slice(0, 10) : null,
            },
            headers,
          );
        }),
      );
      for (const r of batch) if (r.status !== 201) throw new Error(`seed: ${r.status} ${JSON.stringify(r.body)}`);
    }
    process.stdout.write('done\n');

    chromium = await launchChromium();
    const browser = chromium.browser;

    const first: number[] = [];
    let sorts: number[] = [];
    let frames: number[] = [];
    let applies: number[] = [];
    let redraws: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const ctx = await browser.createBrowserContext();
      const page = await ctx.newPage();
      await page.setViewport({ width: 1280, height: 800 });
      await page.goto(`${server.url}/api/health`);
      await page.evaluate(
        (p: string) => fetch('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: p }) }).then((r) => r.status),
        BENCH_PASSWORD,
      );
      await page.evaluateOnNewDocument(probe);
      await page.goto(`${server.url}/admin`, { waitUntil: 'domcontentloaded' });
      await page.waitForFunction('window.__firstRow !== undefined', { timeout: 20_000, polling: 20 });
      first.push((await page.evaluate('window.__firstRow')) as number);
      await page.waitForFunction((n: number) => (globalThis as any).document.querySelector('jalon-app')?.session.store.size === n, { timeout: 20_000 }, ORDERS);
      if (run > 0) {
        await ctx.close();
        continue;
      }
      // In the page (the root tsconfig has no DOM types, hence `g`).
      const figures = await page.evaluate(async () => {
        const g = globalThis as any;
        const table = g.__deepFirst('order-table');
        // Helpers come from the probe: functions declared here would be renamed by the bundler.
        const frame = g.__frame;
        const sortTimes: number[] = [];
        for (const col of ['number', 'company', 'due', 'step', 'number']) {
          const button = table.shadowRoot.querySelector(`th[data-col="${col}"] button`);
          const t0 = performance.now();
          button.click();
          await g.__deepFirst('orders-section').updateComplete;
          await table.updateComplete;
          void table.shadowRoot.querySelector('table').getBoundingClientRect();
          sortTimes.push(performance.now() - t0);
          await frame();
        }
        const scroller = table.shadowRoot.querySelector('.scroller');
        const intervals: number[] = [];
        const redraws: number[] = [];
        let last = (await frame()) as number;
        while (scroller.scrollTop + scroller.clientHeight < scroller.scrollHeight - 1) {
          const t0 = performance.now();
          scroller.scrollTop += 300;
          // The scroll event, the table's redraw and layout, as the frame will need them.
          scroller.dispatchEvent(new Event('scroll'));
          await table.updateComplete;
          void table.shadowRoot.querySelector('tbody').getBoundingClientRect();
          redraws.push(performance.now() - t0);
          const now = (await frame()) as number;
          intervals.push(now - last);
          last = now;
        }
        const s = g.document.querySelector('jalon-app').session;
        const applyTimes: number[] = [];
        for (let i = 0; i < 30; i++) {
          const o = s.store.allOrders()[i * 37];
          const changed = { ...o, nature: `Changed ${i}`, seq: s.store.seq + 1, version: o.version + 1 };
          const t0 = performance.now();
          s.store.upsert(changed, changed.seq);
          await g.__deepFirst('orders-section').updateComplete;
          await table.updateComplete;
          void table.shadowRoot.querySelector('table').getBoundingClientRect();
          applyTimes.push(performance.now() - t0);
          await frame();
        }
        return { sortTimes, intervals, applyTimes, redraws };
      });
      sorts = figures.sortTimes.sort((a, b) => a - b);
      frames = figures.intervals.sort((a, b) => a - b);
      applies = figures.applyTimes.sort((a, b) => a - b);
      redraws = figures.redraws.sort((a, b) => a - b);
      await ctx.close();
    }
    first.sort((a, b) => a - b);
    const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
    const slow = frames.filter((f) => f > 33.4).length;
    console.log('\nJalon supervisor tablet figures (2,000 active orders, 1280×800)');
    console.log(`  JS gzipped: entry ${kb(sizes.entry)} (kiosk and wall load only this) + supervisor chunk ${kb(sizes.supervisor)} = ${kb(sizes.entry + sizes.supervisor)}   target < 120 KB`);
    console.log(`  /admin first row, cold, signed in: median ${ms(percentile(first, 50))} (runs ${first.map((x) => x.toFixed(0)).join(', ')})`);
    console.log(`  sort by a column:                  median ${ms(percentile(sorts, 50))}, max ${ms(sorts.at(-1)!)}`);
    console.log(`  scroll to the end, 300 px/frame:   ${frames.length} frames, interval median ${ms(percentile(frames, 50))}, p95 ${ms(percentile(frames, 95))}, max ${ms(frames.at(-1)!)}, ${slow} over 33 ms`);
    console.log(`  redraw per scroll step (script+layout): median ${ms(percentile(redraws, 50))}, p95 ${ms(percentile(redraws, 95))}, max ${ms(redraws.at(-1)!)}`);
    console.log(`  apply one live change:             median ${ms(percentile(applies, 50))}, p95 ${ms(percentile(applies, 95))}, max ${ms(applies.at(-1)!)}   target < 16 ms`);
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
