import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { FastifyInstance } from 'fastify';
import { DateTime } from 'luxon';
import { body, buildTestApp, opId } from '../../helper.js';

const O = suite<{ app: FastifyInstance; machine: string; user: string }>('orders');
O.before(async (ctx) => {
  ctx.app = await buildTestApp();
  ctx.machine = body(await ctx.app.inject({ method: 'POST', url: '/api/machines', payload: { name: 'Scie' } })).id;
  ctx.user = body(await ctx.app.inject({ method: 'POST', url: '/api/users', payload: { name: 'Camille', role: 'operator' } })).id;
});
O.after(async (ctx) => ctx.app.close());

const create = (app: FastifyInstance, payload: object) => app.inject({ method: 'POST', url: '/api/orders', payload });
const list = async (app: FastifyInstance, qs = '') => body((await app.inject({ method: 'GET', url: `/api/orders${qs}` }))).orders as any[];
const day = (n: number) => DateTime.now().setZone('Europe/Paris').plus({ days: n }).toISODate()!;

O('create: defaults to the first step and the next number, date today, history "created"', async ({ app }) => {
  const r = await create(app, { contact: { name: 'MAROLEX Eléonore', company: 'SOFAR', postalCode: '75017', id: '1' }, nature: 'AUTRE [DPL]' });
  assert.is(r.statusCode, 201);
  const o = body(r);
  assert.is(o.stepId, 'en-attente');
  assert.is(o.status, null);
  assert.is(o.urgency, 'none');
  assert.is(o.date, DateTime.now().setZone('Europe/Paris').toISODate());
  assert.is(o.history.length, 1);
  assert.is(o.history[0].kind, 'created');
  const again = body(await create(app, { contact: { name: 'B' } }));
  assert.is(again.number, o.number + 1);
  const read = body(await app.inject({ method: 'GET', url: `/api/orders/${o.id}` }));
  assert.equal(read, o);
});

O('order numbers are sequential and unique under concurrency', async ({ app }) => {
  const rs = await Promise.all(Array.from({ length: 30 }, (_, i) => create(app, { contact: { name: `C${i}` } })));
  assert.ok(rs.every((r) => r.statusCode === 201));
  const numbers = rs.map((r) => body(r).number).sort((a, b) => a - b);
  assert.is(new Set(numbers).size, 30);
  assert.is(numbers.at(-1) - numbers[0], 29);
});

O('a chosen number is kept, a duplicate is a 409, and the sequence continues after it', async ({ app }) => {
  const r = await create(app, { number: 5000, contact: { name: 'X' } });
  assert.is(body(r).number, 5000);
  const dup = await create(app, { number: 5000, contact: { name: 'Y' } });
  assert.is(dup.statusCode, 409);
  assert.is(body(dup).error.code, 'duplicate_number');
  assert.is(body(await create(app, { contact: { name: 'Z' } })).number, 5001);
});

O('references are checked: unknown machine, user, step, status → 422, a blank name → 400, nothing stored', async ({ app }) => {
  const before = (await list(app, '?all=1')).length;
  for (const [payload, code] of [
    [{ contact: { name: 'X' }, machineId: 'nope' }, 'unknown_machine'],
    [{ contact: { name: 'X' }, assigneeId: 'nope' }, 'unknown_user'],
    [{ contact: { name: 'X' }, stepId: 'nope' }, 'unknown_step'],
    [{ contact: { name: 'X' }, status: 'perdue' }, 'unknown_status'],
    [{ contact: { name: '   ' } }, 'empty_contact_name'],
  ] as const) {
    const r = await create(app, payload);
    assert.is(r.statusCode, code === 'empty_contact_name' ? 400 : 422, JSON.stringify(payload));
    assert.is(body(r).error.code, code);
  }
  assert.is((await list(app, '?all=1')).length, before);
});

O('list: filters by step, assignee, machine, free text; active only unless all=1', async ({ app, machine, user }) => {
  const a = body(await create(app, { contact: { name: 'PERRIN Jacques', company: 'Menuiserie Perrin' }, customerRef: 'BC-777', machineId: machine, assigneeId: user, stepId: 'decoupage' }));
  const done = body(await create(app, { contact: { name: 'ROUX', company: 'Ferronnerie Roux' }, machineId: machine, stepId: 'terminee' }));
  const ids = (os: any[]) => os.map((o) => o.id);
  assert.ok(ids(await list(app, `?machine=${machine}`)).includes(a.id));
  assert.not.ok(ids(await list(app, `?machine=${machine}`)).includes(done.id));
  assert.ok(ids(await list(app, `?machine=${machine}&all=1`)).includes(done.id));
  assert.equal(ids(await list(app, `?assignee=${user}`)), [a.id]);
  assert.ok(ids(await list(app, '?step=decoupage')).includes(a.id));
  assert.equal(ids(await list(app, '?q=perrin')), [a.id]);
  assert.equal(ids(await list(app, '?q=bc-777')), [a.id]);
  assert.equal(ids(await list(app, `?q=${a.number}`)), [a.id]);
  assert.equal(ids(await list(app, '?q=.*')), []);
  const listed = await list(app);
  assert.ok(listed.every((o) => o.history === undefined && typeof o.urgency === 'string'));
});

O('list sort: urgency (default), due date, number', async ({ app }) => {
  const m = body(await app.inject({ method: 'POST', url: '/api/machines', payload: { name: 'Tri' } })).id;
  const mk = async (due: string | null) => body(await create(app, { contact: { name: 'S' }, dueDate: due, machineId: m }));
  const none = await mk(null);
  const ok = await mk(day(10));
  const urgent = await mk(day(-1));
  const soon = await mk(day(2));
  assert.equal((await list(app, `?machine=${m}`)).map((o) => o.urgency), ['urgent', 'soon', 'ok', 'none']);
  assert.equal((await list(app, `?machine=${m}&sort=dueDate`)).map((o) => o.id), [urgent.id, soon.id, ok.id, none.id]);
  assert.equal((await list(app, `?machine=${m}&sort=number`)).map((o) => o.id), [none.id, ok.id, urgent.id, soon.id]);
  const bad = await app.inject({ method: 'GET', url: `/api/orders?sort=price` });
  assert.is(bad.statusCode, 400);
});

O('edit: fields change, history says which, version checked when given', async ({ app, machine }) => {
  const o = body(await create(app, { contact: { name: 'A' }, dueDate: day(10) }));
  const r = await app.inject({ method: 'PATCH', url: `/api/orders/${o.id}`, payload: { dueDate: day(-2), machineId: machine, status: 'expédiée', expectedVersion: 1 } });
  assert.is(r.statusCode, 200, r.body);
  const e = body(r);
  assert.is(e.urgency, 'urgent');
  assert.is(e.version, 2);
  assert.is(e.status, 'expédiée');
  const kinds = e.history.map((h: any) => h.kind);
  assert.equal(kinds, ['created', 'edited', 'status']);
  assert.equal(e.history[1].fields.sort(), ['dueDate', 'machineId']);
  const stale = await app.inject({ method: 'PATCH', url: `/api/orders/${o.id}`, payload: { nature: 'X', expectedVersion: 1 } });
  assert.is(stale.statusCode, 409);
  assert.is(body(stale).error.code, 'stale_version');
  assert.is(body(stale).order.version, 2);
  const empty = await app.inject({ method: 'PATCH', url: `/api/orders/${o.id}`, payload: {} });
  assert.is(empty.statusCode, 400);
  const same = await app.inject({ method: 'PATCH', url: `/api/orders/${o.id}`, payload: { dueDate: day(-2) } });
  assert.is(body(same).version, 2, 'an edit that changes nothing is not recorded');
  const stepField = await app.inject({ method: 'PATCH', url: `/api/orders/${o.id}`, payload: { stepId: 'terminee' } });
  assert.is(stepField.statusCode, 400, 'the step only changes through transitions');
});

O('delete: 204, then 404; a removal is a change with its own seq', async ({ app }) => {
  const o = body(await create(app, { contact: { name: 'D' } }));
  const r = await app.inject({ method: 'DELETE', url: `/api/orders/${o.id}` });
  assert.is(r.statusCode, 204);
  assert.is((await app.inject({ method: 'GET', url: `/api/orders/${o.id}` })).statusCode, 404);
  assert.is((await app.inject({ method: 'DELETE', url: `/api/orders/${o.id}` })).statusCode, 404);
  const removals = await app.repos.orders.removedSince(o.seq, 10);
  assert.equal(removals.map((x) => x._id), [o.id]);
});

O('every change stamps a strictly greater global seq', async ({ app }) => {
  const o = body(await create(app, { contact: { name: 'Q' } }));
  const a = body(await app.inject({ method: 'POST', url: `/api/orders/${o.id}/advance`, payload: { expectedStepId: 'en-attente', opId: opId() } }));
  const e = body(await app.inject({ method: 'PATCH', url: `/api/orders/${o.id}`, payload: { nature: 'N' } }));
  assert.ok(o.seq < a.seq && a.seq < e.seq);
  const { seq } = body(await app.inject({ method: 'GET', url: '/api/orders' }));
  assert.ok(seq >= e.seq);
});

O.run();
