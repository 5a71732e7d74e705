import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Page } from 'puppeteer-core';
import { shot, sleep, startHarness, type Harness } from '../harness.js';
import { wallRowsOut } from './wall-rows.js';

/** A step holding 40 orders on a 1080p wall: every one is on screen within 30 s, urgent ones first. */
const W = suite<{ h: Harness; numbers: number[]; urgent: number[] }>('screens: wall paging');

W.before(async (ctx) => {
  const h = await startHarness();
  ctx.h = h;
  ctx.numbers = [];
  ctx.urgent = [];
  const today = new Date();
  const day = (offset: number) => new Date(today.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
  for (let i = 0; i < 40; i++) {
    // Four overdue orders, created last: they must still lead the first page.
    const dueDate = i >= 36 ? day(-2) : i % 5 === 0 ? null : day(10 + (i % 7));
    const r = await h.api('POST', '/api/orders', { contact: { name: 'LEUZE Lara', company: `Client ${i}` }, dueDate });
    assert.is(r.status, 201, JSON.stringify(r.body));
    ctx.numbers.push(r.body.number);
    if (i >= 36) ctx.urgent.push(r.body.number);
  }
});
W.after(async (ctx) => ctx.h?.close());

/** The orders of the step's column that are fully inside its visible area, top to bottom. */
const visible = (page: Page) =>
  page.evaluate(() => {
    const col = (window as any).__deepAll('wall-column[data-step="en-attente"]')[0] as HTMLElement | undefined;
    const list = col?.shadowRoot?.querySelector('ol');
    if (!col || !list) return [] as number[];
    const box = list.getBoundingClientRect();
    return Array.from(list.querySelectorAll('li'))
      .filter((li) => {
        const r = li.getBoundingClientRect();
        return r.top >= box.top - 1 && r.bottom <= box.bottom + 1 && r.bottom <= innerHeight;
      })
      .map((li) => Number((li as HTMLElement).dataset['order']));
  });

const pageMark = (page: Page) =>
  page.evaluate(() => (window as any).__deepAll('wall-column[data-step="en-attente"]')[0]?.shadowRoot?.querySelector('[data-page]')?.dataset.page ?? null);

W('every order of a 40-order column is seen within 30 s without a touch, urgent ones on the first page', async ({ h, numbers, urgent }) => {
  const page = await h.page('/wall', { width: 1920, height: 1080 });
  await page.waitForFunction(() => (window as any).__deepAll('wall-column[data-step="en-attente"]')[0]?.shadowRoot?.querySelector('[data-page]'), { timeout: 10_000 });
  const start = Date.now();
  assert.match(String(await pageMark(page)), /^1\/\d+$/);
  const first = await visible(page);
  assert.ok(first.length >= 9, `only ${first.length} visible`);
  for (const n of urgent) assert.ok(first.includes(n), `urgent order ${n} not on the first page: ${first.join()}`);
  // Compact rows: everything of a row inside it (the pills were pushed out of narrow columns).
  const rows = await wallRowsOut(page, 'wall-column[data-step="en-attente"]');
  assert.ok(rows.count > 0, 'a 40-order column is shown as compact rows');
  assert.equal(rows.out, [], `rows whose content sticks out: ${rows.out.join()}`);
  assert.equal(rows.cut, [], `rows whose company is cut to a letter or two: ${rows.cut.join()}`);
  await shot(page, 'wall-paging-1920x1080');
  const seen = new Set(first);
  const marks = new Set([await pageMark(page)]);
  while (seen.size < numbers.length && Date.now() - start < 30_000) {
    await sleep(500);
    for (const n of await visible(page)) seen.add(n);
    marks.add(await pageMark(page));
  }
  const missing = numbers.filter((n) => !seen.has(n));
  assert.equal(missing, [], `not seen within 30 s: ${missing.join()} (pages ${[...marks].join(' ')})`);
  assert.ok(Date.now() - start <= 30_000);
});

W.run();
