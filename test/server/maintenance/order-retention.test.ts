import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { FastifyInstance } from 'fastify';
import { body, buildTestApp, opId } from '../../helper.js';

/** ORDER_RETENTION_DAYS: finished orders untouched past the limit go, oldest finished first; nothing else does. */
const DAY = 24 * 3_600_000;
const O = suite<{ app: FastifyInstance }>('order retention (ORDER_RETENTION_DAYS)');
O.before(async (ctx) => {
  ctx.app = await buildTestApp({ config: { maintenance: { retentionDays: 90, backupHours: [], backupKeep: 7, orderRetentionDays: 30 } } });
});
O.after(async (ctx) => ctx.app.close());

const ago = (days: number) => new Date(Date.now() - days * DAY);

async function order(app: FastifyInstance, name: string, finished: boolean): Promise<string> {
  const r = await app.inject({ method: 'POST', url: '/api/orders', payload: { contact: { name, company: 'ANTIKOR' } } });
  assert.is(r.statusCode, 201, r.body);
  const id = body(r).id as string;
  if (finished) {
    const m = await app.inject({ method: 'POST', url: `/api/orders/${id}/move`, payload: { expectedStepId: 'en-attente', toStepId: 'terminee', opId: opId() } });
    assert.is(m.statusCode, 200, m.body);
  }
  return id;
}

const touch = (app: FastifyInstance, id: string, daysAgo: number) =>
  app.db.models.ArchivedOrder.updateOne({ _id: id }, { $set: { updatedAt: ago(daysAgo) } });
const status = async (app: FastifyInstance, id: string) => (await app.inject({ method: 'GET', url: `/api/orders/${id}` })).statusCode;

O('oldest finished first; a finished order touched recently is kept and holds back those finished after it; active orders never go', async ({ app }) => {
  const a = await order(app, 'A', true);
  const b = await order(app, 'B', true);
  const c = await order(app, 'C', true);
  const d = await order(app, 'D', true);
  const fresh = await order(app, 'E', true);
  const active = await order(app, 'F', false);
  for (const id of [a, c, d]) await touch(app, id, 45);
  await touch(app, b, 5); // finished long ago, but mailed or edited last week
  await app.db.models.Order.updateOne({ _id: active }, { $set: { updatedAt: ago(4000) } });

  const first = await app.maintenance.retention.runNow();
  assert.is(first.orders, 1);
  assert.is(await status(app, a), 404);
  for (const id of [b, c, d, fresh, active]) assert.is(await status(app, id), 200, id);
  // The removal left a tombstone, as a person's removal does, so screens drop the order on resync.
  assert.ok(await app.db.models.Removal.findById(a).lean());

  // B ages too: the next run takes B, C and D, and still not E (finished today) nor the active F.
  await touch(app, b, 31);
  const second = await app.maintenance.retention.runNow();
  assert.is(second.orders, 3);
  for (const id of [b, c, d]) assert.is(await status(app, id), 404, id);
  assert.is(await status(app, fresh), 200);
  assert.is(await status(app, active), 200);
  // Nothing more to do, and the walk resumes where it stopped rather than from the first slot.
  assert.is((await app.maintenance.retention.runNow()).orders, 0);
  const cursor = (await app.db.models.Counter.findById('orderPurgeSlot').lean()) as { value: number } | null;
  assert.ok(cursor && cursor.value >= 4, JSON.stringify(cursor));
});

O('an order moved back to work and finished again counts from its newer finish', async ({ app }) => {
  const id = await order(app, 'G', true);
  const back = await app.inject({ method: 'POST', url: `/api/orders/${id}/move`, payload: { expectedStepId: 'terminee', toStepId: 'emballage', opId: opId(), comment: 'reprise' } });
  assert.is(back.statusCode, 200, back.body);
  const again = await app.inject({ method: 'POST', url: `/api/orders/${id}/move`, payload: { expectedStepId: 'emballage', toStepId: 'terminee', opId: opId() } });
  assert.is(again.statusCode, 200, again.body);
  // The earlier test's E, finished today, would hold the walk back: it ages, and goes alone.
  await app.db.models.ArchivedOrder.updateMany({ _id: { $ne: id } }, { $set: { updatedAt: ago(60) } });
  assert.is((await app.maintenance.retention.runNow()).orders, 1);
  assert.is(await status(app, id), 200);
  await touch(app, id, 60);
  assert.is((await app.maintenance.retention.runNow()).orders, 1);
  assert.is(await status(app, id), 404);
});

O.run();
