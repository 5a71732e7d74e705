import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { systemPrincipal } from '../../../server/domain/principal.js';
import { shot, startHarness, type Harness } from '../harness.js';
import { click, makePerson, signedInTablet, typeInto, waitRow, waitText } from './helpers.js';

/**
 * The orders table with 2,000 active orders: only the rows in view are in the page, scrolling
 * reaches the last one, every column sorts both ways, live changes and the free-text filter apply.
 * (Timings are in bench/admin-table.ts, not here.)
 */
const T = suite<{ h: Harness; password: string; numbers: number[] }>('supervisor tablet: 2,000 orders');

const ORDERS = 2000;
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const companies = ['ANTIKOR', 'SOFAR', 'BÂTI-OUEST', 'ÉBÉNISTERIE DU PORT', 'MENUISERIE LEROUX'];

T.before(async (ctx) => {
  const h = await startHarness();
  ctx.h = h;
  ctx.password = 'chef-password-2026';
  await makePerson(h, 'admin', 'Chef d’atelier', 'chef', ctx.password);
  const orders = h.app.services.orders;
  ctx.numbers = [];
  // Seeded through the service (same rules as the API), 25 at a time.
  for (let i = 0; i < ORDERS; i += 25) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(25, ORDERS - i) }, (_, j) => {
        const k = i + j;
        return orders.create(
          {
            contact: { id: String(k % 97), name: `Contact ${k}`, company: `${companies[k % companies.length]} ${k}`, postalCode: String(10000 + k) },
            nature: k % 3 ? 'AUTRE' : 'AUTRE [DPL]',
            customerRef: `REF-${k}`,
            dueDate: k % 7 === 0 ? null : day((k % 40) - 5),
          },
          systemPrincipal,
        );
      }),
    );
    ctx.numbers.push(...batch.map((o) => o.number));
  }
});

T.after(async (ctx) => ctx.h?.close());

const rowNumbers = (page: import('puppeteer-core').Page) =>
  page.evaluate(() => (window as any).__deep('tr.row').map((r: HTMLElement) => Number(r.dataset.order)) as number[]);

T('2,000 rows: a window of them in the page, the last one reached by scrolling, every sort both ways', async ({ h, password, numbers }) => {
  const page = await signedInTablet(h, '/admin', 'chef', password);
  await waitText(page, 'orders-section >>> .count', /2000 commandes/, 15_000);
  const drawn = await rowNumbers(page);
  assert.ok(drawn.length > 5 && drawn.length < 80, `${drawn.length} rows in the page`);
  await shot(page, 'admin-2000');

  // Sort by Id: ascending, then descending; the scroll goes back to the top.
  await click(page, 'order-table >>> th[data-col="number"] button');
  await page.waitForFunction(() => (window as any).__deep('tr.row')[0]?.dataset.order === '1', { timeout: 5000 });
  assert.is(await page.evaluate(() => (window as any).__deep('order-table >>> th[data-col="number"]')[0].getAttribute('aria-sort')), 'ascending');
  // Scrolling to the end draws the last rows and drops the first ones.
  await page.evaluate(() => {
    const s = (window as any).__deep('order-table >>> .scroller')[0] as HTMLElement;
    s.scrollTop = s.scrollHeight;
  });
  await waitRow(page, Math.max(...numbers));
  const atEnd = await rowNumbers(page);
  assert.not.ok(atEnd.includes(1), 'the first row left the page');
  assert.ok(atEnd.length < 80);
  await click(page, 'order-table >>> th[data-col="number"] button');
  await page.waitForFunction((n: string) => (window as any).__deep('tr.row')[0]?.dataset.order === n, { timeout: 5000 }, String(Math.max(...numbers)));

  // By company (French collation), then by due date with empty dates last.
  await click(page, 'order-table >>> th[data-col="company"] button');
  const byCompany = await page.evaluate(() => (window as any).__deep('tr.row > td:nth-child(4)').map((td: Element) => td.textContent.trim()).slice(0, 5));
  assert.match(byCompany[0], /^ANTIKOR 0$/);
  await click(page, 'order-table >>> th[data-col="due"] button');
  await click(page, 'order-table >>> th[data-col="due"] button');
  assert.is(await page.evaluate(() => (window as any).__deep('order-table >>> th[data-col="due"]')[0].getAttribute('aria-sort')), 'descending');
  const firstDue = await page.evaluate(() => (window as any).__deep('tr.row > td.due')[0].textContent.trim());
  assert.ok(firstDue.length > 0, 'dated rows first even in descending order');
  await page.close();
});

T('live change and free text among 2,000 rows', async ({ h, password, numbers }) => {
  const page = await signedInTablet(h, '/admin', 'chef', password);
  await waitText(page, 'orders-section >>> .count', /2000 commandes/, 15_000);
  const target = numbers[1234];
  await typeInto(page, 'filter-bar >>> input[name="q"]', `REF-1234`);
  await waitRow(page, target);
  await page.waitForFunction(() => (window as any).__deep('tr.row').length === 1, { timeout: 5000 });
  const list = await h.api('GET', `/api/orders?q=REF-1234`);
  const o = list.body.orders[0];
  const edited = await h.api('PATCH', `/api/orders/${o.id}`, { nature: 'Gestan Cloud' });
  assert.is(edited.status, 200);
  await waitText(page, `tr.row[data-order="${target}"]`, /Gestan Cloud/);
  await page.close();
});

T.run();
