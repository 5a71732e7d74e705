import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Page } from 'puppeteer-core';
import { shot, startHarness, testOpId, type Harness } from '../harness.js';

/**
 * The wall with WIP limits: "count / limit", amber with "à la limite", red with "au-dessus de la
 * limite", on one header line whatever the label; the time in step on each card; the day's strip
 * fed by the server's insight:today.
 */
const W = suite<{ h: Harness; late: { id: string; number: number } }>('screens: wall WIP limits and day strip');

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const LONG_LABEL = 'Assemblage et contrôle qualité final';

W.before(async (ctx) => {
  const h = await startHarness();
  ctx.h = h;
  const { seq: _seq, ...settings } = (await h.api('GET', '/api/settings')).body;
  const limits: Record<string, number> = { 'en-attente': 2, 'prise-en-charge': 2, decoupage: 5 };
  const steps = settings.steps.map((s: { id: string; label: string }) => ({
    ...s,
    ...(s.id === 'assemblage' ? { label: LONG_LABEL } : {}),
    wipLimit: limits[s.id] ?? null,
  }));
  const put = await h.api('PUT', '/api/settings', { ...settings, steps });
  assert.is(put.status, 200, JSON.stringify(put.body));
  const make = async (company: string, to: string | null, due: string | null) => {
    const r = await h.api('POST', '/api/orders', { contact: { name: 'LEUZE Lara', company }, dueDate: due });
    assert.is(r.status, 201, JSON.stringify(r.body));
    if (to) {
      const m = await h.api('POST', `/api/orders/${r.body.id}/move`, { expectedStepId: 'en-attente', toStepId: to, opId: testOpId() });
      assert.is(m.status, 200, JSON.stringify(m.body));
    }
    return r.body as { id: string; number: number };
  };
  // Three waiting (limit 2: above), two taken in hand (limit 2: at), one cutting (limit 5: under), one assembling (no limit).
  for (const c of ['ALPHA', 'BETA', 'GAMMA']) await make(c, null, day(12));
  for (const c of ['DELTA', 'EPSILON']) await make(c, 'prise-en-charge', day(9));
  await make('ZETA', 'decoupage', day(1));
  await make('ETA', 'assemblage', null);
  ctx.late = await make('OMEGA (en retard)', 'emballage', day(-2));
});
W.after(async (ctx) => ctx.h?.close());

interface Column {
  count: string;
  word: string;
  wip: string;
  countBg: string;
  headerHeight: number;
  sameLine: boolean;
  labelCut: boolean;
}

const column = (page: Page, step: string) =>
  page.evaluate((s: string): Column | null => {
    const col = (window as any).__deepAll(`wall-column[data-step="${s}"]`)[0] as HTMLElement | undefined;
    const root = col?.shadowRoot;
    const h2 = root?.querySelector('h2') as HTMLElement | null;
    if (!root || !h2) return null;
    const count = root.querySelector('.count') as HTMLElement;
    const label = root.querySelector('.label') as HTMLElement;
    return {
      count: count.textContent?.trim() ?? '',
      word: root.querySelector('[data-wip-word]')?.textContent?.trim() ?? '',
      wip: h2.dataset['wip'] ?? '',
      countBg: getComputedStyle(count).backgroundColor,
      headerHeight: h2.getBoundingClientRect().height,
      // One line of label (never a word broken across two) and the count beside or below it, never over it.
      sameLine:
        label.getBoundingClientRect().height < 1.6 * parseFloat(getComputedStyle(label).fontSize) &&
        (count.getBoundingClientRect().left >= label.getBoundingClientRect().right - 1 || count.getBoundingClientRect().top >= label.getBoundingClientRect().bottom - 1),
      labelCut: label.scrollWidth > label.clientWidth,
    };
  }, step);

for (const size of [
  { width: 1920, height: 1080 },
  { width: 1280, height: 800 },
]) {
  W(`${size.width}×${size.height}: count / limit with the limit's word and colour; headers on one line`, async ({ h }) => {
    const page = await h.page('/wall', size);
    await page.waitForFunction(() => (window as any).__deepAll('wall-column[data-step="en-attente"]')[0]?.shadowRoot?.querySelector('[data-wip-word]'), { timeout: 10_000 });
    const over = await column(page, 'en-attente');
    assert.is(over?.count, '3 / 2');
    assert.is(over?.wip, 'over');
    assert.is(over?.word, '▲ au-dessus de la limite');
    assert.is(over?.countBg, 'rgb(192, 38, 45)', 'red above the limit');
    const at = await column(page, 'prise-en-charge');
    assert.is(at?.count, '2 / 2');
    assert.is(at?.word, '● à la limite');
    assert.is(at?.countBg, 'rgb(242, 193, 46)', 'amber at the limit');
    const under = await column(page, 'decoupage');
    assert.is(under?.count, '1 / 5');
    assert.is(under?.word, '', 'no word under the limit');
    assert.is(under?.countBg, 'rgba(0, 0, 0, 0)');
    const none = await column(page, 'assemblage');
    assert.is(none?.count, '1', 'no limit: the count alone');
    // Every header is one line: the count beside the label, all headers the same height, a long label cut with an ellipsis.
    const heights = new Set<number>();
    for (const s of ['en-attente', 'prise-en-charge', 'decoupage', 'assemblage', 'emballage', 'livraison']) {
      const c = await column(page, s);
      assert.ok(c?.sameLine, `${s}: the label wraps or the count overlaps it`);
      heights.add(Math.round(c.headerHeight));
    }
    assert.is(heights.size, 1, `headers of different heights: ${[...heights].join(', ')}`);
    if (size.width === 1280) assert.ok((await column(page, 'assemblage'))?.labelCut, 'the long label is cut (ellipsis), not wrapped');
    // The time in step on each card.
    const since = await page.evaluate(() =>
      ((window as any).__deepAll('wall-column[data-step="decoupage"]')[0].shadowRoot.querySelector('step-since')?.shadowRoot?.textContent ?? '').trim(),
    );
    assert.match(since, /^depuis (< 1 min|\d+ min)$/);
    await shot(page, `wall-wip-${size.width}x${size.height}`);
    await page.close();
  });
}

W('the day strip: finished and late from insight:today, updated when an order finishes', async ({ h, late }) => {
  const page = await h.page('/wall', { width: 1920, height: 1080 });
  const strip = () =>
    page.evaluate(() => ((window as any).__deepAll('day-strip')[0]?.shadowRoot?.textContent ?? '').replace(/\s+/g, ' ').trim());
  await page.waitForFunction(() => /Terminées aujourd’hui/.test((window as any).__deepAll('day-strip')[0]?.shadowRoot?.textContent ?? ''), { timeout: 10_000 });
  assert.match(await strip(), /Terminées aujourd’hui 0 En retard 0 En retard prévu 0/);
  const done = await h.api('POST', `/api/orders/${late.id}/move`, { expectedStepId: 'emballage', toStepId: 'terminee', opId: testOpId() });
  assert.is(done.status, 200, JSON.stringify(done.body));
  await page.waitForFunction(() => /Terminées aujourd’hui 1/.test((window as any).__deepAll('day-strip')[0]?.shadowRoot?.textContent ?? ''), { timeout: 10_000 });
  assert.match(await strip(), /Terminées aujourd’hui 1 En retard 1 En retard prévu 0/, 'finished two days after its due date: late');
  await page.close();
});

W.run();
