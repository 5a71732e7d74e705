import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { FastifyInstance } from 'fastify';
import { body, buildTestApp, opId, uniqueDbName } from '../../helper.js';
import { recoverOrders } from '../../../server/store/order-recovery.js';

/*
 * Finished orders leave the active collection for the archive and come back
 * when moved back; every read by id finds them wherever they are, and a
 * crash between the two writes of a move is settled by the recovery sweep.
 */
const A = suite<{ app: FastifyInstance }>('archive of finished orders');
A.before(async (ctx) => {
  ctx.app = await buildTestApp();
});
A.after(async (ctx) => ctx.app.close());

const create = async (app: FastifyInstance, payload: object = {}) =>
  body(await app.inject({ method: 'POST', url: '/api/orders', payload: { contact: { name: 'Camille', company: 'ANTIKOR' }, ...payload } }));
const move = (app: FastifyInstance, id: string, from: string, to: string) =>
  app.inject({ method: 'POST', url: `/api/orders/${id}/move`, payload: { expectedStepId: from, toStepId: to, opId: opId(), comment: 'test' } });
const where = async (app: FastifyInstance, id: string) => {
  const { Order, ArchivedOrder } = app.db.models;
  const [active, archived] = await Promise.all([Order.findById(id).lean(), ArchivedOrder.findById(id).lean()]);
  return { active: active as any, archived: archived as any };
};
const isFinished = async (stepId: string) => stepId === 'terminee';

A('entering the final step moves the order to the archive; moving it back brings it back; version and seq go on', async ({ app }) => {
  const o = await create(app, { stepId: 'livraison' });
  const done = body(await move(app, o.id, 'livraison', 'terminee'));
  assert.is(done.stepId, 'terminee');
  let at = await where(app, o.id);
  assert.is(at.active, null);
  assert.is(at.archived.version, done.version);
  assert.is(at.archived.seq, done.seq);
  // Read by id, edited and mailed wherever it lives.
  const read = body(await app.inject({ method: 'GET', url: `/api/orders/${o.id}` }));
  assert.is(read.version, done.version);
  assert.is(read.history.length, 3);
  const edited = await app.inject({ method: 'PATCH', url: `/api/orders/${o.id}`, payload: { nature: 'archivée' } });
  assert.is(edited.statusCode, 200);
  assert.is((await where(app, o.id)).archived.nature, 'archivée');
  const active = body(await app.inject({ method: 'GET', url: '/api/orders' })).orders as any[];
  assert.not.ok(active.some((x) => x.id === o.id), 'not in the active list');
  const all = body(await app.inject({ method: 'GET', url: '/api/orders?all=1' })).orders as any[];
  assert.ok(all.some((x) => x.id === o.id), 'in "tout voir"');

  const back = await app.inject({ method: 'POST', url: `/api/orders/${o.id}/regress`, payload: { expectedStepId: 'terminee', opId: opId(), comment: 'oubli' } });
  assert.is(back.statusCode, 200);
  assert.is(body(back).stepId, 'livraison');
  at = await where(app, o.id);
  assert.is(at.archived, null);
  assert.is(at.active.version, body(back).version);
  assert.ok(body(back).seq > done.seq);
  assert.is(at.active.archiveSlot, undefined);
  assert.ok((body(await app.inject({ method: 'GET', url: '/api/orders' })).orders as any[]).some((x) => x.id === o.id));
});

A('concurrent Next at the step before the final one: one move, the order in exactly one place', async ({ app }) => {
  const o = await create(app, { stepId: 'livraison' });
  const rs = await Promise.all(
    Array.from({ length: 8 }, () => app.inject({ method: 'POST', url: `/api/orders/${o.id}/advance`, payload: { expectedStepId: 'livraison', opId: opId() } })),
  );
  assert.is(rs.filter((r) => r.statusCode === 200).length, 1);
  assert.ok(rs.every((r) => r.statusCode === 200 || body(r).error.code === 'stale_step'));
  // Then back and forth from several places at once: every answer is consistent, one copy stays.
  const moves = await Promise.all([
    app.inject({ method: 'POST', url: `/api/orders/${o.id}/regress`, payload: { expectedStepId: 'terminee', opId: opId(), comment: 'a' } }),
    app.inject({ method: 'POST', url: `/api/orders/${o.id}/regress`, payload: { expectedStepId: 'terminee', opId: opId(), comment: 'b' } }),
    app.inject({ method: 'PATCH', url: `/api/orders/${o.id}`, payload: { nature: 'x' } }),
  ]);
  assert.is(moves.filter((r) => r.statusCode === 200).length, 2, 'one regress and the edit');
  const at = await where(app, o.id);
  assert.is(at.archived, null);
  assert.is(at.active.stepId, 'livraison');
  assert.is(at.active.nature, 'x');
});

A('killed after the transition write: the sweep moves the order, once', async ({ app }) => {
  const o = await create(app, { stepId: 'livraison' });
  const { Order } = app.db.models;
  // The first write only, as the transition does it, then the process "dies".
  await Order.updateOne({ _id: o.id }, { $set: { stepId: 'terminee', seq: o.seq + 1000 }, $inc: { version: 1 } });
  const report = await recoverOrders(app.db.models, app.repos.orders, isFinished);
  assert.is(report.archived, 1);
  const at = await where(app, o.id);
  assert.is(at.active, null);
  assert.is(at.archived.version, o.version + 1);
  assert.is(at.archived.seq, o.seq + 1000);
  assert.is((await recoverOrders(app.db.models, app.repos.orders, isFinished)).archived, 0, 'idempotent');
});

A('killed between copy and delete, either way: the sweep keeps the newer copy where its step says', async ({ app }) => {
  const { Order, ArchivedOrder } = app.db.models;
  // Into the archive: copied, not yet deleted (same version in both).
  const a = await create(app, { stepId: 'livraison' });
  await Order.updateOne({ _id: a.id }, { $set: { stepId: 'terminee' }, $inc: { version: 1 } });
  const doc = (await Order.findById(a.id).lean()) as any;
  await ArchivedOrder.create({ ...doc, archiveSlot: 999_999 });
  // Back to work: the archive copy written, the active copy not yet (a newer archive copy at an active step).
  const b = await create(app, { stepId: 'livraison' });
  await move(app, b.id, 'livraison', 'terminee');
  const archivedB = (await ArchivedOrder.findById(b.id).lean()) as any;
  await ArchivedOrder.updateOne({ _id: b.id }, { $set: { stepId: 'livraison' }, $inc: { version: 1 } });
  await Order.create({ ...archivedB, archiveSlot: undefined });
  const report = await recoverOrders(app.db.models, app.repos.orders, isFinished);
  assert.ok(report.settled >= 2);
  const atA = await where(app, a.id);
  assert.is(atA.active, null);
  assert.is(atA.archived.version, a.version + 1);
  const atB = await where(app, b.id);
  assert.is(atB.archived, null);
  assert.is(atB.active.stepId, 'livraison');
  assert.is(atB.active.version, archivedB.version + 1);
});

A('resync sees an order that left for the archive, without reading the archive', async ({ app }) => {
  const o = await create(app, { stepId: 'livraison' });
  const since = o.seq;
  const done = body(await move(app, o.id, 'livraison', 'terminee'));
  const changed = await app.repos.orders.changedSince(since, 500);
  assert.ok(changed.complete);
  const mine = changed.orders.find((x) => x._id === o.id);
  assert.ok(mine, 'the archived order is among the changes');
  assert.is(mine.seq, done.seq);
  assert.is(mine.stepId, 'terminee');
  // Once pruned past the window, a gap that old is reported as not covered (the planner answers a snapshot).
  await app.repos.orders.pruneArchivedChanges(new Date(Date.now() + 1000));
  assert.not.ok((await app.repos.orders.changedSince(since, 500)).complete);
  assert.ok((await app.repos.orders.changedSince(1e9, 500)).complete, 'a resync from after the pruned changes is covered');
});

A('a removed archived order is gone from every list and from the archive', async ({ app }) => {
  const o = await create(app, { stepId: 'livraison' });
  await move(app, o.id, 'livraison', 'terminee');
  assert.is((await app.inject({ method: 'DELETE', url: `/api/orders/${o.id}` })).statusCode, 204);
  const at = await where(app, o.id);
  assert.is(at.active, null);
  assert.is(at.archived, null);
  assert.is((await app.inject({ method: 'GET', url: `/api/orders/${o.id}` })).statusCode, 404);
  const all = body(await app.inject({ method: 'GET', url: '/api/orders?all=1&limit=1000' })).orders as any[];
  assert.not.ok(all.some((x) => x.id === o.id));
});

A('migration: a database written before the archive (finished orders in `orders`) is sorted out at start, idempotently', async () => {
  const dbName = uniqueDbName('migr');
  const first = await buildTestApp({ dbName });
  const { Order } = first.db.models;
  // Today's shape, written directly: no archiveSlot, finished and active orders side by side.
  const docs = Array.from({ length: 12 }, (_, i) => ({
    _id: `old${String(i).padStart(21, '0')}`,
    number: 9000 + i,
    date: '2024-01-02',
    contact: { name: `Client ${i}`, company: i % 2 ? 'SOFAR' : 'LEUZE' },
    status: null,
    stepId: i < 8 ? 'terminee' : 'decoupage',
    dueDate: null,
    assigneeId: null,
    machineId: null,
    version: 3,
    seq: 100 + i,
    history: [{ at: new Date(), actor: 'admin', kind: 'created', toStepId: 'en-attente' }],
    updatedAt: new Date(),
  }));
  await Order.insertMany(docs);
  await first.close();

  for (const round of [1, 2]) {
    const app = await buildTestApp({ dbName });
    try {
      const { ArchivedOrder } = app.db.models;
      assert.is(await app.db.models.Order.countDocuments({ _id: /^old/ }), 4, `round ${round}: the active ones stay`);
      assert.is(await ArchivedOrder.countDocuments({ _id: /^old/ }), 8, `round ${round}: the finished ones are archived once`);
      const all = body(await app.inject({ method: 'GET', url: '/api/orders?all=1&limit=1000' })).orders as any[];
      assert.is(all.filter((x) => x.id.startsWith('old')).length, 12);
      const found = body(await app.inject({ method: 'GET', url: '/api/orders?all=1&q=sofar' })).orders as any[];
      assert.is(found.filter((x) => x.id.startsWith('old')).length, 6, 'the search index covers the migrated orders');
      const kept = (await ArchivedOrder.findById(docs[0]._id).lean()) as any;
      assert.is(kept.version, 3);
      assert.is(kept.seq, 100);
    } finally {
      await app.close();
    }
  }
});

A.run();
