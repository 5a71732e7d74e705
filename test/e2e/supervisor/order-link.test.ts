import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { makeMachines, startHarness, type Harness } from '../harness.js';
import { click, makePerson, typeInto, waitDeep, waitRow } from './helpers.js';

/**
 * `/o/<number>` (a traveller sheet's QR) on a browser that is no kiosk: signed out, the sign-in
 * screen, then the tablet's order table filtered to that order; signed in, the table at once.
 */
type Ctx = { h: Harness; wanted: number; other: number };
const L = suite<Ctx>('tablet: /o/<number> opens the order');

L.before(async (ctx) => {
  ctx.h = await startHarness();
  const [saw] = await makeMachines(ctx.h, 'Scie');
  ctx.wanted = (await ctx.h.api('POST', '/api/orders', { contact: { name: 'Contact', company: 'Client voulu' }, machineId: saw })).body.number;
  ctx.other = (await ctx.h.api('POST', '/api/orders', { contact: { name: 'Contact', company: 'Autre client' }, machineId: saw })).body.number;
  await makePerson(ctx.h, 'supervisor', 'Sam', 'sam', 'sam-password-0123');
});

L.after(async ({ h }) => {
  await h.close();
});

L('signed out: sign in, then the order table shows that order alone', async ({ h, wanted, other }) => {
  const page = await h.page(`/o/${wanted}`, { width: 1280, height: 800 });
  await waitDeep(page, 'sign-in >>> input[name="username"]', 15_000);
  await typeInto(page, 'sign-in >>> input[name="username"]', 'sam');
  await typeInto(page, 'sign-in >>> input[name="password"]', 'sam-password-0123');
  await click(page, 'sign-in >>> button[type="submit"]');
  await waitRow(page, wanted, '', 10_000);
  const url = new URL(page.url());
  assert.is(url.pathname, '/admin');
  assert.is(url.searchParams.get('q'), String(wanted));
  const rows = await page.evaluate(() => (window as any).__deep('tr.row[data-order]').map((r: HTMLElement) => Number(r.dataset['order'])));
  assert.ok(!rows.includes(other), `only the order asked: ${rows.join(', ')}`);
  // Signed in now: another sheet's link opens its order at once.
  await page.goto(`${h.base}/o/${other}`, { waitUntil: 'domcontentloaded' });
  await waitRow(page, other, '', 15_000);
  await page.browserContext().close();
});

L.run();
