import { PassThrough } from 'node:stream';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { defaultSettings } from '../../../shared/defaults.js';
import type { Order } from '../../../shared/schemas/order.js';
import { orderLink, sheetOf, type SheetFormat, type TravellerSheet } from '../../../server/print/sheet.js';
import { travellerDocument, writeSheets } from '../../../server/print/traveller-pdf.js';
import { pdfCodes, pdfInfo, pdfText } from './pdf-tools.js';

/** The layout alone, no server and no database: data in, a PDF read back with poppler and zbar. */
const L = suite('traveller sheet layout');

const order = (fields: Partial<Order> = {}): Order => ({
  id: 'o1',
  number: 4711,
  date: '2026-12-01',
  contact: { company: 'Menuiserie Gaëlle & Fils — Œuvre', name: 'Françoise Lefèvre' },
  nature: 'Façade en chêne',
  customerRef: 'BC-2026/ç-17',
  externalRef: undefined,
  status: null,
  stepId: defaultSettings.steps[2].id,
  dueDate: '2026-12-24',
  assigneeId: null,
  machineId: null,
  version: 1,
  seq: 1,
  urgency: 'ok',
  ...fields,
});

async function render(sheets: TravellerSheet[], format: SheetFormat = 'a4', locale: 'fr' | 'en' = 'fr'): Promise<Buffer> {
  const doc = travellerDocument('test', locale);
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise((ok) => sink.on('end', ok));
  doc.pipe(sink);
  await writeSheets(doc, sheets, { format, locale, timezone: 'Europe/Paris', printedAt: new Date('2026-12-01T09:30:00Z') });
  await done;
  return Buffer.concat(chunks);
}

L('the QR code is exactly <base>/o/<number>; a trailing slash on the base is not doubled', () => {
  assert.is(orderLink('https://jalon.example', 12), 'https://jalon.example/o/12');
  assert.is(orderLink('https://jalon.example/', 12), 'https://jalon.example/o/12');
});

L('steps before the order’s are done, its own is current, the rest to do', () => {
  const s = sheetOf(order(), defaultSettings, 'http://x');
  assert.equal(s.steps.map((x) => x.state).slice(0, 4), ['done', 'done', 'current', 'todo']);
  assert.is(s.steps.length, defaultSettings.steps.length);
  assert.is(s.company, 'Menuiserie Gaëlle & Fils — Œuvre');
});

L('A4: one page, the QR and the Code 128 read back, accents extracted as typed', async () => {
  const pdf = await render([sheetOf(order(), defaultSettings, 'https://jalon.example')]);
  const info = await pdfInfo(pdf);
  assert.is(info.pages, 1);
  assert.ok(info.pageSize.includes('(A4)'), info.pageSize);
  const codes = await pdfCodes(pdf);
  assert.ok(codes.includes('QR-Code:https://jalon.example/o/4711'), codes.join(' | '));
  assert.ok(codes.includes('CODE-128:4711'), codes.join(' | '));
  const text = await pdfText(pdf);
  for (const s of ['4711', 'Menuiserie Gaëlle & Fils — Œuvre', 'Françoise Lefèvre', 'Façade en chêne', 'BC-2026/ç-17', 'Raison sociale', 'V/Ref', 'Date à livrer', '24 décembre 2026', 'Découpage', 'étape actuelle']) {
    assert.ok(text.includes(s), `"${s}" not in the text:\n${text}`);
  }
});

L('label: 100 × 150 mm, both codes still read at 150 dpi; English words with ?lang=en', async () => {
  const pdf = await render([sheetOf(order({ number: 987654321 }), defaultSettings, 'http://10.0.0.5:3000')], 'label', 'en');
  const info = await pdfInfo(pdf);
  assert.is(info.pages, 1);
  assert.ok(Math.abs(info.width - (100 * 72) / 25.4) < 0.5 && Math.abs(info.height - (150 * 72) / 25.4) < 0.5, info.pageSize);
  const codes = await pdfCodes(pdf);
  assert.ok(codes.includes('QR-Code:http://10.0.0.5:3000/o/987654321'), codes.join(' | '));
  assert.ok(codes.includes('CODE-128:987654321'), codes.join(' | '));
  const text = await pdfText(pdf);
  assert.ok(text.includes('Traveller sheet') && text.includes('Due date') && text.includes('current step'), text);
});

L('a long company, no due date and the 50 steps a workflow may have still make one page each', async () => {
  const steps = Array.from({ length: 50 }, (_, i) => ({ id: `s${i}`, label: `Étape numéro ${i + 1} — contrôle qualité`, autoSend: false }));
  const settings = { ...defaultSettings, steps, finalStepId: 's49' };
  const o = order({ stepId: 's10', dueDate: null, contact: { name: 'X', company: 'Œ'.repeat(120) } });
  for (const format of ['a4', 'label'] as const) {
    const pdf = await render([sheetOf(o, settings, 'http://x')], format);
    assert.is((await pdfInfo(pdf)).pages, 1, format);
    const text = await pdfText(pdf);
    assert.ok(text.includes('Pas de date à livrer'), text);
    assert.ok(text.includes('numéro 50'), `${format}: the last step is printed`);
  }
});

L('several sheets: one page each, in the order given', async () => {
  const pdf = await render([3, 1, 2].map((n) => sheetOf(order({ number: 100 + n }), defaultSettings, 'http://x')));
  assert.is((await pdfInfo(pdf)).pages, 3);
  for (const [page, n] of [[1, 103], [2, 101], [3, 102]]) {
    assert.ok((await pdfCodes(pdf, page)).includes(`CODE-128:${n}`), `page ${page}`);
  }
});

L.run();
