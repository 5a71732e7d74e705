import type { Page } from 'puppeteer-core';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { pdfCodes, pdfInfo, pdfText } from '../../server/print/pdf-tools.js';
import { shot, startHarness, type Harness } from '../harness.js';
import { click, deep, makePerson, mustDeep, signedInTablet, waitNoDeep, waitRow, waitText } from './helpers.js';

/**
 * Printing traveller sheets from the tablet: rows ticked by touch and by keyboard, "every order
 * shown", the count, and "Imprimer les fiches" opening the PDF of exactly those orders, in the
 * table's order, in a new tab that the session cookie lets in.
 */
const P = suite<{ h: Harness; numbers: number[] }>('supervisor tablet: print traveller sheets');
const COMPANY = 'Menuiserie Gaëlle & Fils — Œuvre';

P.before(async (ctx) => {
  ctx.h = await startHarness();
  await makePerson(ctx.h, 'supervisor', 'Chef d’atelier', 'chef', 'chef-password-2026');
  ctx.numbers = [];
  for (const [i, company] of [COMPANY, 'Forge Cœur', 'Ébénisterie Noël', 'Atelier Zoé'].entries()) {
    const r = await ctx.h.api('POST', '/api/orders', { contact: { name: `Client ${i}`, company }, nature: 'Châssis' });
    if (r.status !== 201) throw new Error(JSON.stringify(r.body));
    ctx.numbers.push(r.body.number as number);
  }
});
P.after(async (ctx) => ctx.h?.close());

const box = (n: number) => `order-table >>> tr.row[data-order="${n}"] input[data-select]`;
const printLink = 'print-sheets >>> a.print';

/** The PDF at `href` as the tablet's browser gets it (its cookie, nothing else). */
async function fetchPdf(page: Page, href: string): Promise<{ status: number; type: string; pdf: Buffer }> {
  const r = await page.evaluate(async (url: string) => {
    const res = await fetch(url, { credentials: 'same-origin' });
    const bytes = new Uint8Array(await res.arrayBuffer());
    let bin = '';
    for (const b of bytes) bin += String.fromCharCode(b);
    return { status: res.status, type: res.headers.get('content-type') ?? '', data: btoa(bin) };
  }, href);
  return { status: r.status, type: r.type, pdf: Buffer.from(r.data, 'base64') };
}

P('tick two rows (touch and keyboard), print: a new tab asks travellers.pdf for those two, in the table’s order', async ({ h, numbers }) => {
  const page = await signedInTablet(h, '/admin', 'chef', 'chef-password-2026');
  for (const n of numbers) await waitRow(page, n, '', 10_000);
  assert.is(await deep(page, printLink), null, 'no print button without a selection');

  // The box's whole label is a 44 px target.
  const label = await mustDeep(page, `order-table >>> tr.row[data-order="${numbers[2]}"] label.pick`);
  const r = (await label.boundingBox())!;
  assert.ok(r.width >= 44 && r.height >= 44, `${r.width}×${r.height}`);
  await label.click();
  // Keyboard: focus the box and press Space, as a checkbox takes it.
  await (await mustDeep(page, box(numbers[0]))).focus();
  await page.keyboard.press('Space');
  await waitText(page, 'print-sheets >>> .picked', /2 sélectionnées/);
  assert.ok(await page.evaluate((sel: string) => ((window as any).__deep(sel)[0] as HTMLInputElement).checked, box(numbers[0])));

  const link = await mustDeep(page, printLink);
  assert.match(await link.evaluate((a) => a.textContent ?? ''), /Imprimer les fiches/);
  const href = await link.evaluate((a) => (a as HTMLAnchorElement).href);
  const url = new URL(href);
  assert.is(url.pathname, '/api/orders/travellers.pdf');
  // The table's default order is by urgency, then number: orders without a due date stay in number order.
  const ids = url.searchParams.get('ids')!.split(',');
  assert.is(ids.length, 2);
  assert.is(url.searchParams.get('lang'), 'fr');
  await shot(page, 'admin-print-selection');

  // Pressing it opens a new tab on that address, and the server answers it with the PDF.
  const answered = new Promise<{ url: string; status: number }>((ok) => {
    page.browserContext().on('targetcreated', (target) => {
      void target.page().then((tab) =>
        tab?.on('response', (res) => {
          if (res.url().includes('/api/orders/travellers.pdf')) ok({ url: res.url(), status: res.status() });
        }),
      );
    });
  });
  await link.click();
  const tab = await Promise.race([answered, new Promise<null>((ok) => setTimeout(() => ok(null), 10_000))]);
  assert.ok(tab, 'a new tab asked for the sheets');
  assert.is(tab.url, href);
  assert.is(tab.status, 200);
  // (Chromium's PDF viewer takes the answer over, so its headers are read with the fetch below.)

  const { status, type, pdf } = await fetchPdf(page, href);
  assert.is(status, 200);
  assert.match(type, /^application\/pdf/);
  assert.is((await pdfInfo(pdf)).pages, 2);
  const printed = [];
  for (const p of [1, 2]) printed.push((await pdfCodes(pdf, p)).find((c) => c.startsWith('CODE-128:'))?.slice(9));
  const tableOrder = await page.evaluate(() => (window as any).__deep('tr.row').map((r: HTMLElement) => r.dataset.order) as string[]);
  assert.equal(printed, tableOrder.filter((n) => n === String(numbers[0]) || n === String(numbers[2])));
  assert.ok((await pdfText(pdf)).includes(COMPANY));
});

P('every order shown, the label format, then clear', async ({ h, numbers }) => {
  const page = await signedInTablet(h, '/admin', 'chef', 'chef-password-2026');
  for (const n of numbers) await waitRow(page, n, '', 10_000);
  await click(page, 'order-table >>> input.select-visible');
  await waitText(page, 'print-sheets >>> .picked', new RegExp(`${numbers.length} sélectionnées`));
  await click(page, 'print-sheets >>> input.label-format');
  const href = await (await mustDeep(page, printLink)).evaluate((a) => (a as HTMLAnchorElement).href);
  assert.is(new URL(href).searchParams.get('format'), 'label');
  assert.is(new URL(href).searchParams.get('ids')!.split(',').length, numbers.length);
  const { pdf } = await fetchPdf(page, href);
  const info = await pdfInfo(pdf);
  assert.is(info.pages, numbers.length);
  assert.ok(info.pageSize.includes('283.465 x 425.197'), info.pageSize);

  // Unticking one row half-ticks the header's box.
  await click(page, box(numbers[1]));
  await waitText(page, 'print-sheets >>> .picked', new RegExp(`${numbers.length - 1} sélectionnées`));
  assert.ok(await page.evaluate(() => ((window as any).__deep('order-table >>> input.select-visible')[0] as HTMLInputElement).indeterminate));
  await click(page, 'print-sheets >>> button.clear');
  await waitNoDeep(page, printLink);
  assert.not.ok(await page.evaluate((sel: string) => ((window as any).__deep(sel)[0] as HTMLInputElement).checked, box(numbers[0])));
});

P.run();
