import { readFileSync } from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { FastifyInstance } from 'fastify';
import { body, buildTestApp } from '../../helper.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/import/${name}`, import.meta.url));

type Ctx = { app: FastifyInstance; machine: string; user: string };
const R = suite<Ctx>('orders: CSV import, by-ref, export');
R.before(async (ctx) => {
  ctx.app = await buildTestApp();
  ctx.machine = body(await ctx.app.inject({ method: 'POST', url: '/api/machines', payload: { name: 'Scie' } })).id;
  ctx.user = body(await ctx.app.inject({ method: 'POST', url: '/api/users', payload: { name: 'Camille Dubois', role: 'operator' } })).id;
});
R.after(async (ctx) => ctx.app.close());

const importCsv = (app: FastifyInstance, payload: Buffer | string, qs = '') =>
  app.inject({ method: 'POST', url: `/api/orders/import${qs}`, headers: { 'content-type': 'text/csv' }, payload });
const all = async (app: FastifyInstance) => body((await app.inject({ method: 'GET', url: '/api/orders?all=1&limit=1000' }))).orders as any[];
const byRef = async (app: FastifyInstance, ref: string) => (await all(app)).filter((o) => o.externalRef === ref);

R('dry run of the French Excel file: errors per line and field, nothing written', async ({ app }) => {
  const before = (await all(app)).length;
  const r = await importCsv(app, fixture('french-excel-1252.csv'), '?dryRun=1');
  assert.is(r.statusCode, 200);
  const rep = body(r);
  assert.is(rep.encoding, 'windows-1252');
  assert.is(rep.separator, ';');
  assert.is(rep.rows, 5);
  assert.is(rep.created, 3);
  assert.is(rep.updated, 0);
  assert.equal(rep.errors.map((e: any) => [e.line, e.field]), [
    [3, 'dueDate'],
    [6, 'externalRef'],
  ]);
  assert.is(rep.applied, false);
  assert.is((await all(app)).length, before);
});

R('a file with errors applies nothing; with partial=1 the good rows apply, once', async ({ app }) => {
  const before = (await all(app)).length;
  const refused = body(await importCsv(app, fixture('french-excel-1252.csv')));
  assert.is(refused.applied, false);
  assert.is((await all(app)).length, before);
  const partial = body(await importCsv(app, fixture('french-excel-1252.csv'), '?partial=1'));
  assert.is(partial.applied, true);
  assert.is(partial.created, 3);
  assert.is(partial.errors.length, 2);
  assert.is((await all(app)).length, before + 3);
  const [o] = await byRef(app, 'ERP-0001');
  assert.is(o.contact.name, 'LE GOFF Hervé');
  assert.is(o.nature, 'Façade chêne (1 200 €)');
  assert.is(o.dueDate, '2026-12-15');
  const full = body(await app.inject({ method: 'GET', url: `/api/orders/${o.id}` }));
  assert.is(full.history[0].kind, 'created');
  assert.is(full.history[0].via, 'import');
  assert.is(full.history[0].actor, 'Administrateur');
  // The same file again: matched by reference, nothing changes, no history written.
  const again = body(await importCsv(app, fixture('french-excel-1252.csv'), '?partial=1'));
  assert.is(again.created, 0);
  assert.is(again.updated, 0);
  assert.is(again.unchanged, 3);
  assert.is((await all(app)).length, before + 3);
  assert.is(body(await app.inject({ method: 'GET', url: `/api/orders/${o.id}` })).history.length, 1);
});

R('re-import with a changed cell updates the order (no duplicate), history "edited via import"', async ({ app }) => {
  const csv = fixture('english-bom-utf8.csv');
  const first = body(await importCsv(app, csv));
  assert.is(first.created, 3);
  assert.is(first.encoding, 'utf-8');
  const changed = Buffer.from(csv.toString('utf8').replace('Oak table', 'Walnut table'));
  const second = body(await importCsv(app, changed));
  assert.equal([second.created, second.updated, second.unchanged], [0, 1, 2]);
  const orders = await byRef(app, 'SO-9001');
  assert.is(orders.length, 1);
  assert.is(orders[0].nature, 'Walnut table');
  const full = body(await app.inject({ method: 'GET', url: `/api/orders/${orders[0].id}` }));
  assert.equal(full.history.at(-1).fields, ['nature']);
  assert.is(full.history.at(-1).via, 'import');
  const [builder] = await byRef(app, 'SO-9002');
  assert.is(builder.contact.name, 'Bob "the builder" Jones');
  assert.is(builder.contact.company, 'Wood, Stone & Co');
});

R('ISO dates, steps by id or label', async ({ app }) => {
  const rep = body(await importCsv(app, fixture('iso-dates.csv')));
  assert.equal([rep.created, rep.errors.length], [5, 0]);
  const [b] = await byRef(app, 'ISO-2');
  assert.is(b.stepId, 'decoupage');
  const [d] = await byRef(app, 'ISO-4');
  assert.is(d.dueDate, '2026-12-04');
  assert.is((await byRef(app, 'ISO-5'))[0].stepId, 'prise-en-charge');
});

R('the list q finds an order by its ERP reference', async ({ app }) => {
  const found = body(await app.inject({ method: 'GET', url: '/api/orders?q=iso-3' })).orders;
  assert.equal(found.map((o: any) => o.externalRef), ['ISO-3']);
});

R('externalRef is unique: POST and PATCH naming a held reference → 409, nothing written', async ({ app }) => {
  const dup = await app.inject({ method: 'POST', url: '/api/orders', payload: { contact: { name: 'X' }, externalRef: 'ISO-1' } });
  assert.is(dup.statusCode, 409);
  assert.is(body(dup).error.code, 'duplicate_external_ref');
  const other = body(await app.inject({ method: 'POST', url: '/api/orders', payload: { contact: { name: 'Y' } } }));
  const patch = await app.inject({ method: 'PATCH', url: `/api/orders/${other.id}`, payload: { externalRef: 'ISO-1' } });
  assert.is(patch.statusCode, 409);
  // Let the reference go, and another order may take it.
  const [held] = await byRef(app, 'ISO-1');
  assert.is((await app.inject({ method: 'PATCH', url: `/api/orders/${held.id}`, payload: { externalRef: null } })).statusCode, 200);
  const taken = await app.inject({ method: 'PATCH', url: `/api/orders/${other.id}`, payload: { externalRef: 'ISO-1' } });
  assert.is(taken.statusCode, 200);
  assert.is(body(taken).externalRef, 'ISO-1');
  // A removed order frees its reference.
  assert.is((await app.inject({ method: 'DELETE', url: `/api/orders/${other.id}` })).statusCode, 204);
  const reuse = await app.inject({ method: 'POST', url: '/api/orders', payload: { contact: { name: 'Z' }, externalRef: 'ISO-1' } });
  assert.is(reuse.statusCode, 201);
});

R('externalRef stays unique across the archive; a claim left by a crash (no order holds it) is taken over', async ({ app }) => {
  const done = await app.inject({ method: 'POST', url: '/api/orders', payload: { contact: { name: 'Fini' }, stepId: 'terminee', externalRef: 'ARCH-1' } });
  assert.is(done.statusCode, 201);
  assert.ok(await app.db.models.ArchivedOrder.exists({ _id: body(done).id }));
  const dup = await app.inject({ method: 'POST', url: '/api/orders', payload: { contact: { name: 'X' }, externalRef: 'ARCH-1' } });
  assert.is(dup.statusCode, 409);
  assert.is(body(dup).error.code, 'duplicate_external_ref');
  // Found by q in the archive too.
  const found = body(await app.inject({ method: 'GET', url: '/api/orders?all=1&q=arch-1' })).orders;
  assert.equal(found.map((o: any) => o.id), [body(done).id]);
  // A claim whose order never got written (a crash between the two writes) blocks nobody.
  await app.db.models.OrderRef.create({ _id: 'CRASH-1', orderId: 'never-written' });
  const taken = await app.inject({ method: 'POST', url: '/api/orders', payload: { contact: { name: 'Y' }, externalRef: 'CRASH-1' } });
  assert.is(taken.statusCode, 201);
  assert.is(((await app.db.models.OrderRef.findById('CRASH-1').lean()) as any).orderId, body(taken).id);
});

R('PUT by-ref: 201 then 200, the same body twice changes nothing and writes no history', async ({ app, machine }) => {
  const payload = { contact: { name: 'ERP Client', company: 'ERP SA' }, nature: 'Porte', dueDate: '2027-02-01', machineId: machine };
  const url = '/api/orders/by-ref/' + encodeURIComponent('CMD 2026/42');
  const a = await app.inject({ method: 'PUT', url, payload });
  assert.is(a.statusCode, 201);
  assert.is(body(a).externalRef, 'CMD 2026/42');
  const b = await app.inject({ method: 'PUT', url, payload });
  assert.is(b.statusCode, 200);
  assert.is(body(b).version, body(a).version);
  assert.is(body(b).id, body(a).id);
  const full = body(await app.inject({ method: 'GET', url: `/api/orders/${body(a).id}` }));
  assert.is(full.history.length, 1);
  assert.is(full.history[0].via, 'erp');
  const c = await app.inject({ method: 'PUT', url, payload: { ...payload, nature: 'Fenêtre' } });
  assert.is(c.statusCode, 200);
  assert.is(body(c).nature, 'Fenêtre');
  assert.is(body(c).version, body(a).version + 1);
  const bad = await app.inject({ method: 'PUT', url, payload: { ...payload, machineId: 'nope' } });
  assert.is(bad.statusCode, 422);
  assert.is(body(bad).error.code, 'unknown_machine');
});

R('export: UTF-8 BOM, `;`, French headers, formulas defused; importing it back changes nothing', async ({ app }) => {
  await app.inject({ method: 'POST', url: '/api/orders', payload: { contact: { name: '=HYPERLINK("x")', company: 'A;B' }, customerRef: '-12' } });
  const r = await app.inject({ method: 'GET', url: '/api/orders/export.csv?all=1' });
  assert.is(r.statusCode, 200);
  assert.match(String(r.headers['content-type']), /^text\/csv/);
  const raw = r.rawPayload;
  assert.equal([...raw.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const text = raw.toString('utf8');
  assert.match(text, /^\uFEFFId;Date;ID contact;Raison Sociale;Nom \/ Prénom;Nature;V\/Ref;Statut;Etape;E-mail;Cpostal;Date à livrer;Machine;Suivi par;externalRef\r\n/);
  assert.ok(text.includes(`"'=HYPERLINK(""x"")"`) || text.includes(`'=HYPERLINK(""x"")`));
  assert.ok(text.includes('"A;B"'));
  assert.ok(text.includes("'-12"));
  const count = (await all(app)).length;
  assert.is(text.trim().split('\r\n').length - 1, count);
  const back = body(await importCsv(app, raw));
  assert.equal(back.errors, []);
  assert.equal([back.created, back.updated, back.unchanged], [0, 0, count]);
  assert.is((await all(app)).length, count);
  const comma = await app.inject({ method: 'GET', url: '/api/orders/export.csv?separator=,' });
  assert.match(comma.body, /^\uFEFFId,Date,ID contact,/);
});

R('a known path with a method it does not have: 405 with Allow (the literal path wins over a pattern)', async ({ app }) => {
  const r = await app.inject({ method: 'PUT', url: '/api/orders' });
  assert.is(r.statusCode, 405);
  assert.equal(String(r.headers.allow).split(', ').sort(), ['GET', 'HEAD', 'POST']);
  assert.is(body(r).error.code, 'method_not_allowed');
  const one = await app.inject({ method: 'POST', url: '/api/orders/abc' });
  assert.is(one.statusCode, 405);
  assert.equal(String(one.headers.allow).split(', ').sort(), ['DELETE', 'GET', 'HEAD', 'PATCH']);
  assert.is((await app.inject({ method: 'GET', url: '/api/nothing-here' })).statusCode, 404);
  const pair = await app.inject({ method: 'OPTIONS', url: '/api/kiosks/pair' });
  assert.is(pair.statusCode, 405);
  assert.is(pair.headers.allow, 'POST');
  // A method that needs a body, sent without Content-Type to a path without it: still 405, not a body error.
  const shadowed = await app.inject({ method: 'PATCH', url: '/api/orders/export.csv', payload: { nature: 'x' } });
  assert.is(shadowed.statusCode, 405);
  assert.is(shadowed.headers.allow, 'GET, HEAD');
  const query = await app.inject({ method: 'QUERY' as never, url: '/api/health' });
  assert.is(query.statusCode, 405);
});

R('references that do not exist in a schema-valid body: 422 with a code', async ({ app }) => {
  for (const [payload, code] of [
    [{ contact: { name: 'X' }, machineId: 'nope' }, 'unknown_machine'],
    [{ contact: { name: 'X' }, assigneeId: 'nope' }, 'unknown_user'],
    [{ contact: { name: 'X' }, stepId: 'nope' }, 'unknown_step'],
  ] as const) {
    const r = await app.inject({ method: 'POST', url: '/api/orders', payload });
    assert.is(r.statusCode, 422, code);
    assert.is(body(r).error.code, code);
  }
});

R('the import refuses a body that is not CSV, and a CSV over the limit', async ({ app }) => {
  const json = await app.inject({ method: 'POST', url: '/api/orders/import', payload: { a: 1 } });
  assert.is(json.statusCode, 415);
  const empty = await importCsv(app, '');
  assert.is(empty.statusCode, 422);
  assert.is(body(empty).error.code, 'invalid_csv');
  assert.is(body(empty).applied, false);
  const noName = await importCsv(app, 'company;nature\nX;Y\n');
  assert.is(noName.statusCode, 422);
  assert.equal(body(noName).errors.map((e: any) => [e.line, e.field]), [[1, 'name']]);
});

R.run();
