import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { deepText, shot, startHarness, type Harness } from '../harness.js';
import {
  click,
  makePerson,
  signedInTablet,
  smallControls,
  TABLET_LANDSCAPE,
  TABLET_PORTRAIT,
  textOf,
  typeInto,
  waitDeep,
  waitRow,
  waitText,
} from './helpers.js';

/** The supervisor tablet against the real server and database, in Chromium: sign-in, the table, English, sizes. */
const A = suite<{ h: Harness; password: string; machine: string; orders: Array<{ id: string; number: number }> }>('supervisor tablet');

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

A.before(async (ctx) => {
  const h = await startHarness();
  ctx.h = h;
  ctx.password = 'chef-password-2026';
  await makePerson(h, 'admin', 'Chef d’atelier', 'chef', ctx.password);
  const m = await h.api('POST', '/api/machines', { name: 'Scie' });
  ctx.machine = m.body.id;
  ctx.orders = [];
  const rows: Array<[string, string, string, string | null, string]> = [
    ['ANTIKOR', 'LEUZE Lara', 'AUTRE', day(12), '08000'],
    ['SOFAR', 'MAROLEX Eléonore', 'AUTRE [DPL]', day(2), '75017'],
    ['SOFAR', 'MAROLEX Eléonore', 'Gestan Cloud', day(-1), '75017'],
    ['<b>BÂTI</b>', 'Zoé <script>', 'AUTRE', null, '44000'],
  ];
  for (const [company, name, nature, due, postalCode] of rows) {
    const r = await h.api('POST', '/api/orders', { contact: { id: '4', name, company, postalCode }, nature, customerRef: 'BC-7', dueDate: due, machineId: ctx.machine });
    assert.is(r.status, 201, JSON.stringify(r.body));
    ctx.orders.push(r.body);
  }
});

A.after(async (ctx) => ctx.h?.close());

A('sign-in when /admin gets 401: a wrong password is refused in words, then the reference’s table in its column order', async ({ h, password, orders }) => {
  const page = await h.page('/admin', TABLET_LANDSCAPE);
  await waitDeep(page, 'sign-in');
  await shot(page, 'admin-signin');
  await typeInto(page, 'sign-in >>> input[name="username"]', 'chef');
  await typeInto(page, 'sign-in >>> input[name="password"]', 'not-the-password');
  await click(page, 'sign-in >>> button[type="submit"]');
  await waitText(page, 'sign-in >>> .error', /Identifiant ou mot de passe incorrect/);
  await typeInto(page, 'sign-in >>> input[name="password"]', password);
  await click(page, 'sign-in >>> button[type="submit"]');
  for (const o of orders) await waitRow(page, o.number);
  const headers = await page.evaluate(() => (window as any).__deep('order-table >>> th').map((th: Element) => th.textContent.trim()));
  assert.equal(headers.slice(0, 13), ['Id', 'Date', 'ID contact', 'Raison Sociale', 'Nom / Prénom', 'Nature', 'V/Ref', 'Statut', 'Etape', 'Pdt', 'Svt', 'Mail', 'Cpostal']);
  // Most urgent first by default; urgency is a colour AND a word.
  const numbers = await page.evaluate(() => (window as any).__deepAll('tr.row').map((r: HTMLElement) => Number(r.dataset.order)));
  assert.equal(numbers, [orders[2].number, orders[1].number, orders[0].number, orders[3].number]);
  assert.match(await textOf(page, `tr.row[data-order="${orders[2].number}"] > td.id`), 'Urgent');
  assert.match(await textOf(page, `tr.row[data-order="${orders[1].number}"] td.id`), 'Attention');
  // User text is text: the company's markup is shown, not interpreted.
  assert.match(await textOf(page, `tr.row[data-order="${orders[3].number}"]`), '<b>BÂTI</b>');
  assert.is((await deepText(page, 'tr.row b')).filter((x) => x === 'BÂTI').length, 0);
  assert.match(await textOf(page, `tr.row[data-order="${orders[3].number}"] td.status`), '< non précisé >');
  assert.equal(await smallControls(page), [], 'every control is at least 48 px');
  await shot(page, 'admin-orders');
  await page.close();
});

A('an operator who signs in is told the tablet is for supervisors, and sees no order', async ({ h }) => {
  await makePerson(h, 'operator', 'Olivier Opérateur', 'olivier', 'operator-password-1');
  const page = await h.page('/admin', TABLET_LANDSCAPE);
  await typeInto(page, 'sign-in >>> input[name="username"]', 'olivier');
  await typeInto(page, 'sign-in >>> input[name="password"]', 'operator-password-1');
  await click(page, 'sign-in >>> button[type="submit"]');
  await waitText(page, 'sign-in >>> .help', /réservée aux superviseurs et administrateurs/);
  assert.is(await page.evaluate(() => (window as any).__deep('tr.row').length), 0);
  await page.close();
});

A('portrait tablet and English', async ({ h, password, orders }) => {
  const page = await signedInTablet(h, '/admin?lang=en', 'chef', password, TABLET_PORTRAIT);
  await waitRow(page, orders[0].number);
  const headers = await page.evaluate(() => (window as any).__deep('order-table >>> th').map((th: Element) => th.textContent.trim()));
  assert.is(headers[3], 'Company');
  assert.equal(await smallControls(page), []);
  await shot(page, 'admin-orders-portrait-en');
  await page.evaluate(() => localStorage.setItem('jalon.locale', 'fr'));
  await page.close();
});

A.run();
