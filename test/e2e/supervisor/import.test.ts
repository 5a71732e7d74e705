import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { ElementHandle } from 'puppeteer-core';
import { shot, startHarness, type Harness } from '../harness.js';
import { click, deep, makePerson, mustDeep, signedInTablet, waitDeep, waitNoDeep, waitText } from './helpers.js';

/**
 * The tablet's CSV import in Chromium against the real server: the French Excel file (Windows-1252,
 * an impossible date, a reference twice) is checked first (dry run: counts and the errors per line and
 * column, nothing written), then only its valid rows are applied and show in the table; Exporter
 * points at export.csv with the list's filters.
 */
const I = suite<{ h: Harness; password: string }>('supervisor tablet: CSV import');
const french = fileURLToPath(new URL('../../fixtures/import/french-excel-1252.csv', import.meta.url));

I.before(async (ctx) => {
  ctx.h = await startHarness();
  ctx.password = 'chef-password-2026';
  await makePerson(ctx.h, 'supervisor', 'Sophie Superviseur', 'sophie', ctx.password);
  await makePerson(ctx.h, 'operator', 'Camille Dubois', 'camille', ctx.password);
  await ctx.h.api('POST', '/api/machines', { name: 'Scie' });
});
I.after(async (ctx) => ctx.h?.close());

I('import preview: counts and errors per line, nothing written; "Appliquer les lignes valides" writes the 3 good rows', async ({ h, password }) => {
  const page = await signedInTablet(h, '/admin', 'sophie', password);
  await waitText(page, 'orders-section >>> .count', /0 commande/);
  const exportLink = await mustDeep(page, 'orders-section >>> orders-transfer >>> a.export');
  assert.is(await exportLink.evaluate((a) => a.getAttribute('href')), '/api/orders/export.csv');

  const picker = (await mustDeep(page, 'orders-section >>> orders-transfer >>> input[type="file"]')) as ElementHandle<HTMLInputElement>;
  await picker.uploadFile(french);
  await waitDeep(page, 'orders-transfer >>> dialog[open]');
  await waitText(page, 'orders-transfer >>> .summary', /5 lignes : 3 à créer, 0 à mettre à jour/, 8000);
  const errors = await page.evaluate(() =>
    (window as any).__deep('orders-transfer >>> tr.error').map((tr: HTMLElement) => [...tr.querySelectorAll('td')].slice(0, 2).map((td) => td.textContent)),
  );
  assert.equal(errors, [
    ['3', 'dueDate'],
    ['6', 'externalRef'],
  ]);
  // A file with errors: no plain "Appliquer", only the valid rows; and the dry run wrote nothing.
  assert.is(await deep(page, 'orders-transfer >>> button.apply'), null);
  assert.is((await h.api('GET', '/api/orders?all=1')).body.orders.length, 0);
  await shot(page, 'supervisor-import-preview');

  await click(page, 'orders-transfer >>> button.apply-valid');
  await waitText(page, 'orders-transfer >>> .summary', /3 créées, 0 mises à jour/, 8000);
  await click(page, 'orders-transfer >>> button.cancel');
  await waitNoDeep(page, 'orders-transfer >>> dialog[open]');
  await waitText(page, 'orders-section >>> .count', /3 commandes/, 8000);
  const refs = (await h.api('GET', '/api/orders?all=1')).body.orders.map((o: { externalRef?: string }) => o.externalRef).sort();
  assert.equal(refs, ['ERP-0001', 'ERP-0003', 'ERP-0004']);
});

I.run();
