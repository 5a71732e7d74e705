import { readFileSync } from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { headerKey, mapHeader } from '../../../server/integration/csv/columns.js';
import { decodeCsv, detectSeparator, readCsv } from '../../../server/integration/csv/read.js';
import { mapRows, type Lookups } from '../../../server/integration/csv/rows.js';
import { parseDate } from '../../../server/integration/csv/values.js';
import { csvCell, headerLine } from '../../../server/integration/csv/write.js';
import { patchOf } from '../../../server/integration/order-import.js';
import type { StoredOrder } from '../../../server/store/orders.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/import/${name}`, import.meta.url));

const lookups: Lookups = {
  steps: [
    { id: 'en-attente', label: 'En attente' },
    { id: 'prise-en-charge', label: 'Prise en charge' },
    { id: 'decoupage', label: 'Découpage' },
  ],
  statuses: ['en attente', 'expédiée', 'terminée'],
  machines: [{ id: 'm-scie', name: 'Scie' }],
  users: [{ id: 'u-camille', name: 'Camille Dubois', username: 'camille' }],
};

const I = suite('csv import: reading and mapping');

I('a French Excel file: Windows-1252 without BOM, `;`, accents and € read right', () => {
  const { text, encoding } = decodeCsv(fixture('french-excel-1252.csv'));
  assert.is(encoding, 'windows-1252');
  assert.ok(text.includes('Nom / Prénom'));
  assert.ok(text.includes('Façade chêne (1 200 €)'));
  assert.is(detectSeparator(text), ';');
});

I('a UTF-8 file with BOM and `,`: BOM dropped, UTF-8 kept', () => {
  const { text, encoding } = decodeCsv(fixture('english-bom-utf8.csv'));
  assert.is(encoding, 'utf-8');
  assert.is(text.charCodeAt(0), 'e'.charCodeAt(0));
  assert.is(detectSeparator(text), ',');
  const { records } = readCsv(text);
  assert.is(records.length, 4);
  assert.equal(records[2].cells.slice(1, 3), ['Wood, Stone & Co', 'Bob "the builder" Jones']);
});

I('separator: the header decides, separators inside quotes do not count', () => {
  assert.is(detectSeparator('"a,b,c";d;e\n1,2,3'), ';');
  assert.is(detectSeparator('"a;b;c",d,e\n'), ',');
});

I('header names match whatever their case, accents, spaces and punctuation', () => {
  assert.is(headerKey(' Nom / Prénom '), headerKey('NOM PRENOM'));
  const m = mapHeader(['RAISON SOCIALE', 'nom-prénom', 'Date a livrer', 'v/ref', 'Etape', 'Étape', 'Montant HT']);
  assert.equal(m.columns, { company: 0, name: 1, dueDate: 2, customerRef: 3, step: 4 });
  assert.equal(m.duplicates, [{ field: 'step', header: 'Étape' }]);
  assert.equal(m.ignored, ['Montant HT']);
});

I('dates: dd/mm/yyyy and ISO; an impossible date is an error, never rolled over', () => {
  assert.equal(parseDate('02/11/2026'), { ok: true, value: '2026-11-02' });
  assert.equal(parseDate('2/1/2027'), { ok: true, value: '2027-01-02' });
  assert.equal(parseDate('2026-12-04'), { ok: true, value: '2026-12-04' });
  assert.equal(parseDate('2026-12-04T00:00:00Z'), { ok: true, value: '2026-12-04' });
  assert.is(parseDate('31/02/2026').ok, false);
  assert.is(parseDate('29/02/2025').ok, false);
  assert.is(parseDate('29/02/2028').ok, true);
  assert.is(parseDate('12/31/2026').ok, false);
  assert.is(parseDate('demain').ok, false);
});

I('the French file: rows mapped, the impossible date and the duplicate reference are errors with their line and field', () => {
  const { records } = readCsv(decodeCsv(fixture('french-excel-1252.csv')).text);
  const out = mapRows(records, lookups);
  assert.equal(out.errors.map((e) => [e.line, e.field]), [
    [3, 'dueDate'],
    [6, 'externalRef'],
  ]);
  assert.match(out.errors[1].message, /line 2/);
  assert.equal(out.rows.map((r) => r.line), [2, 4, 7]);
  const first = out.rows[0].values;
  assert.equal(first, {
    externalRef: 'ERP-0001',
    date: '2026-11-02',
    contact: { id: 'C-104', company: "ÉBÉNISTERIE D'ARMOR", name: 'LE GOFF Hervé', email: 'herve.legoff@example.fr', postalCode: '29200' },
    nature: 'Façade chêne (1 200 €)',
    customerRef: 'BC 2026-118',
    status: 'en attente',
    stepId: 'en-attente',
    dueDate: '2026-12-15',
    machineId: 'm-scie',
    assigneeId: 'u-camille',
  });
  // An empty cell clears: no machine, no due date on line 4 (status by its label, accents aside).
  assert.is(out.rows[1].values.machineId, null);
  assert.is(out.rows[1].values.status, 'expédiée');
  assert.is(out.rows[1].values.stepId, 'prise-en-charge');
});

I('unknown machine, person, step or status, a bad e-mail, a missing name: each its own error', () => {
  const text = 'name;machine;assignee;step;status;email;postalCode\nA;Tour;Nobody;Vernis;perdue;not-mail;75*01\n;;;;;;\nB;;;;;;';
  const out = mapRows(readCsv(text).records, lookups);
  assert.equal(out.errors.map((e) => `${e.line}:${e.field}`), ['2:email', '2:postalCode', '2:status', '2:step', '2:machine', '2:assignee']);
  assert.equal(out.rows.map((r) => r.line), [4]);
  const noName = mapRows(readCsv('company;nature\nX;Y').records, lookups);
  assert.equal(noName.errors, [{ line: 1, field: 'name', message: 'No contact name column (Nom / Prénom or name)' }]);
});

I('a line number is where the record starts, even after a quoted cell on several lines', () => {
  const text = 'name;nature\n"A";"two\nlines"\nB;31/02\n';
  const { records } = readCsv(text);
  assert.equal(records.map((r) => r.line), [1, 2, 4]);
});

I('a row changes only what differs: the same values again make an empty edit', () => {
  const current = {
    _id: 'o1', number: 7, date: '2026-11-02', contact: { id: 'C-1', company: 'SOFAR', name: 'MAROLEX', postalCode: '75017' },
    status: null, stepId: 'en-attente', dueDate: null, assigneeId: null, machineId: null, version: 1, seq: 1,
  } as StoredOrder;
  assert.equal(patchOf(current, { contact: { company: 'SOFAR', name: 'MAROLEX', email: '' }, nature: '', status: null, dueDate: null }), {});
  assert.equal(patchOf(current, { contact: { company: '' }, dueDate: '2026-12-01' }), {
    contact: { id: 'C-1', name: 'MAROLEX', postalCode: '75017' },
    dueDate: '2026-12-01',
  });
});

I('export cells: formulas defused, separators, quotes and line breaks quoted; the header reads back', () => {
  assert.is(csvCell('=SUM(A1)', ';'), "'=SUM(A1)");
  assert.is(csvCell('+33 6', ';'), "'+33 6");
  assert.is(csvCell('@cmd', ','), "'@cmd");
  assert.is(csvCell('a;b', ';'), '"a;b"');
  assert.is(csvCell('a;b', ','), 'a;b');
  assert.is(csvCell('say "hi"', ','), '"say ""hi"""');
  assert.is(csvCell('two\nlines', ','), '"two\nlines"');
  const header = readCsv(headerLine(';')).records[0].cells;
  const m = mapHeader(header);
  assert.equal(m.ignored, []);
  assert.is(Object.keys(m.columns).length, header.length);
});

I('an exported formula cell imports as the value it was', () => {
  const out = mapRows(readCsv("name;customerRef\nA;'=1+1").records, lookups);
  assert.is(out.rows[0].values.customerRef, '=1+1');
});

I.run();
