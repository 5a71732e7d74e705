import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { FastifyInstance } from 'fastify';
import { ensureIndexes } from '../../../server/store/indexes.js';
import { buildTestApp, uniqueDbName } from '../../helper.js';

/** Indexes as each engine can use them: FerretDB keeps only those that refuse duplicates. */
const I = suite<{ app: FastifyInstance }>('indexes per engine');
I.before(async (ctx) => {
  ctx.app = await buildTestApp({ dbName: uniqueDbName('indexes') });
});
I.after(async (ctx) => {
  await ctx.app?.close();
});

const names = async (app: FastifyInstance) => (await app.db.models.Order.collection.indexes()).map((ix) => ix.name).sort();

I('orders: the unique number always; seq and stepId only where a query can use them; old ones dropped', async ({ app }) => {
  const { Order } = app.db.models;
  if (app.db.engine === 'mongodb') {
    assert.equal(await names(app), ['_id_', 'number_1', 'seq_1', 'stepId_1']);
    return;
  }
  assert.equal(await names(app), ['_id_', 'number_1']);
  // A database written by an earlier version has them: the next start drops them.
  await Order.collection.createIndex({ seq: 1 });
  await Order.collection.createIndex({ stepId: 1 });
  assert.equal(await names(app), ['_id_', 'number_1', 'seq_1', 'stepId_1']);
  await ensureIndexes(Order, app.db.engine);
  await ensureIndexes(Order, app.db.engine); // idempotent
  assert.equal(await names(app), ['_id_', 'number_1']);
  // The one kept still refuses a second order with the same number.
  const doc = { number: 4242, date: '2026-12-02', contact: { name: 'A' }, status: null, stepId: 's', dueDate: null, assigneeId: null, machineId: null, version: 1, seq: 1 };
  await Order.collection.insertOne({ _id: 'ix-a', ...doc } as never);
  const dup = await Order.collection.insertOne({ _id: 'ix-b', ...doc } as never).then(
    () => null,
    (e: { code?: number }) => e.code,
  );
  assert.is(dup, 11000);
  await Order.collection.deleteOne({ _id: 'ix-a' } as never);
});

I.run();
