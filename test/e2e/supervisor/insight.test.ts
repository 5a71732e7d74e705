import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Page } from 'puppeteer-core';
import { axeViolations } from '../axe.js';
import { shot, sleep, startHarness, testOpId, type Harness } from '../harness.js';
import { makePerson, signedInTablet, TABLET_LANDSCAPE, TABLET_PORTRAIT, waitDeep } from './helpers.js';

/**
 * The "Pilotage" tab against the real server and statistics: charts drawn from the seeded data,
 * the figures beside them equal to the API's, accessible (axe-core), at both tablet sizes.
 */
const P = suite<{ h: Harness; password: string }>('supervisor: Pilotage');

/** A date in the workshop's timezone (Europe/Paris), as the statistics count days: near midnight it is not UTC's. */
const day = (offset: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date(Date.now() + offset * 86_400_000));

P.before(async (ctx) => {
  const h = await startHarness();
  ctx.h = h;
  ctx.password = 'chef-password-2026';
  await makePerson(h, 'supervisor', 'Chef d’atelier', 'chef', ctx.password);
  const m = await h.api('POST', '/api/machines', { name: 'Scie' });
  const { steps } = (await h.api('GET', '/api/settings')).body as { steps: { id: string }[] };
  const path = steps.slice(0, steps.findIndex((s) => s.id === 'terminee') + 1).map((s) => s.id);
  // Six orders: four go through every step (one after its due date, one sent back from cutting with a reason), two stay in progress.
  for (let i = 0; i < 6; i++) {
    const r = await h.api('POST', '/api/orders', { contact: { name: 'LEUZE Lara', company: `Client ${i}` }, dueDate: i === 0 ? day(-3) : day(10), machineId: m.body.id });
    assert.is(r.status, 201, JSON.stringify(r.body));
    const go = (from: string) => h.api('POST', `/api/orders/${r.body.id}/advance`, { expectedStepId: from, opId: testOpId() });
    const until = i < 4 ? path.length - 1 : 2;
    for (let s = 0; s < until; s++) {
      if (i === 1 && path[s] === 'decoupage') {
        const back = await h.api('POST', `/api/orders/${r.body.id}/regress`, { expectedStepId: 'decoupage', opId: testOpId(), comment: 'Coupe de travers', reasonCode: 'defaut-coupe' });
        assert.is(back.status, 200, JSON.stringify(back.body));
        assert.is((await go('prise-en-charge')).status, 200);
      }
      const a = await go(path[s]);
      assert.is(a.status, 200, JSON.stringify(a.body));
    }
  }
});
P.after(async (ctx) => ctx.h?.close());

/** What the dashboard shows once drawn: per chart its series and whether its canvas has ink; the figures as text. */
const drawn = (page: Page) =>
  page.evaluate(() => {
    const section = (window as any).__deep('insight-section')[0] as HTMLElement;
    const root = section.shadowRoot!;
    const charts = Array.from(root.querySelectorAll('insight-chart')).map((c) => {
      const canvas = c.shadowRoot?.querySelector('canvas');
      let ink = 0;
      if (canvas && canvas.width && canvas.height) {
        const px = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
        for (let i = 3; i < px.length; i += 4) if (px[i] > 0) ink++;
      }
      return { name: (c as HTMLElement).dataset['chart'], series: Number(c.getAttribute('data-series') ?? 0), ink };
    });
    // No named function in here: the test runner's transform would wrap it with a helper the page does not have.
    const tables: Record<string, string[][]> = {};
    for (const block of ['steps', 'rework'])
      tables[block] = Array.from(root.querySelectorAll(`[data-block="${block}"] table:first-of-type tbody tr`)).map((tr) => Array.from(tr.children).map((td) => td.textContent.trim()));
    return {
      charts,
      headings: Array.from(root.querySelectorAll('.block h3')).map((x) => x.textContent.trim()),
      steps: tables['steps'],
      throughput: root.querySelector('[data-throughput-total]')?.textContent!.replace(/\s+/g, ' ').trim(),
      onTime: root.querySelector('[data-on-time]')?.textContent!.replace(/\s+/g, ' ').trim(),
      rework: tables['rework'],
    };
  });

P('the tab draws every chart from the data, with the same figures as tables, accessible, at both tablet sizes', async ({ h, password }) => {
  const range = `from=${day(-29)}&to=${day(0)}`;
  const api = {
    steps: (await h.api('GET', `/api/insight/steps?${range}`)).body,
    throughput: (await h.api('GET', `/api/insight/throughput?${range}&by=day`)).body,
    overview: (await h.api('GET', `/api/insight/overview?${range}`)).body,
  };
  assert.ok(Array.isArray(api.steps.steps), JSON.stringify(api.steps));
  const page = await signedInTablet(h, '/admin/insight', 'chef', password, TABLET_LANDSCAPE);
  for (const size of [TABLET_LANDSCAPE, TABLET_PORTRAIT]) {
    // The same tablet turned: the charts follow their container's new width.
    await page.setViewport(size);
    await waitDeep(page, 'insight-section >>> insight-chart[data-series]', 15_000);
    await page.waitForFunction(() => (window as any).__deep('insight-section >>> insight-chart').every((c: Element) => c.hasAttribute('data-series')), { timeout: 10_000 });
    await sleep(300);
    const d = await drawn(page);
    assert.equal(
      d.charts.map((c) => c.name),
      ['lead', 'steps', 'throughput', 'wip', 'rework'].filter((n) => n !== 'wip' || d.charts.some((c) => c.name === 'wip')),
    );
    const series = Object.fromEntries(d.charts.map((c) => [c.name, c.series]));
    assert.is(series['lead'], 1);
    assert.is(series['steps'], 2, 'median and p90');
    assert.is(series['throughput'], 3, 'started, finished, late');
    assert.is(series['rework'], 1);
    for (const c of d.charts) assert.ok(c.ink > 500, `chart ${c.name} is blank (${c.ink} inked pixels)`);
    assert.equal(d.headings, ['Délai de fabrication', 'Temps par étape', 'Commandes par jour', 'En-cours par étape (30 derniers jours)', 'Reprises par étape']);
    // The figures are the API's.
    const days = api.throughput.days as { started: number; finished: number; late: number }[];
    const sum = (k: 'started' | 'finished' | 'late') => days.reduce((n, x) => n + x[k], 0);
    assert.is(sum('started'), 6);
    assert.is(sum('finished'), 4);
    assert.is(sum('late'), 1);
    assert.is(d.throughput, `Commencées ${sum('started')} · Terminées ${sum('finished')} · En retard ${sum('late')}`);
    assert.is(d.steps.length, api.steps.steps.length);
    const cut = api.steps.steps.find((x: { stepId: string }) => x.stepId === 'decoupage');
    const cutRow = d.steps.find((r) => r[0] === 'Découpage')!;
    assert.equal(cutRow.slice(1, 3), [String(cut.entered), String(cut.left)]);
    assert.is(cutRow[5], String(cut.reworkCount));
    assert.is(cut.reworkCount, 1);
    assert.match(d.onTime!, new RegExp(`${api.overview.onTime.finished - api.overview.onTime.late} sur ${api.overview.onTime.finished} terminées, ${api.overview.onTime.late} en retard`));
    const reworkCut = d.rework.find((r) => r[0] === 'Découpage')!;
    assert.match(reworkCut[4], /Défaut de coupe \(1\)/);
    // Accessible: axe-core over the section, charts and tables included.
    const violations = await axeViolations(page, { fromShadowDom: ['jalon-app', 'supervisor-view', 'insight-section'] });
    assert.equal(violations, [], violations.join('\n'));
    // The export link carries the range.
    const href = await page.evaluate(() => (window as any).__deep('insight-section >>> a[data-export]')[0]?.getAttribute('href'));
    assert.is(href, `/api/insight/export.csv?${range}`);
    await shot(page, `insight-${size.width}x${size.height}`);
  }
  await page.close();
});

P.run();
