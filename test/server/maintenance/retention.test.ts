import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { FastifyInstance } from 'fastify';
import { TOMBSTONES_KEPT } from '../../../server/maintenance/retention.js';
import { buildTestApp } from '../../helper.js';

const DAY = 24 * 3_600_000;
const R = suite<{ app: FastifyInstance }>('retention purge');
R.before(async (ctx) => {
  ctx.app = await buildTestApp({ config: { maintenance: { retentionDays: 30, backupHours: [], backupKeep: 7, orderRetentionDays: null } } });
});
R.after(async (ctx) => ctx.app.close());

const ago = (days: number) => new Date(Date.now() - days * DAY);

function message(id: string, state: string, updatedDaysAgo: number, attempts: number) {
  const at = ago(updatedDaysAgo);
  return {
    _id: id,
    key: `key-${id}`,
    orderId: 'o1',
    kind: 'manual',
    headerMessageId: `<${id}@test>`,
    state,
    attempts,
    nextAttemptAt: at,
    createdAt: at,
    updatedAt: at,
  };
}

R('mail that reached its end long ago goes with its attempts; recent, failed and waiting mail stays', async ({ app }) => {
  const { OutboxMessage, OutboxAttempt } = app.db.models;
  await OutboxMessage.insertMany([
    message('old-sent', 'sent', 40, 2),
    message('old-written', 'written', 31, 1),
    message('new-sent', 'sent', 29, 1),
    message('old-failed', 'failed', 40, 3),
    message('old-queued', 'queued', 40, 1),
  ]);
  const attempts = [['old-sent', 2], ['old-written', 1], ['new-sent', 1], ['old-failed', 3], ['old-queued', 1]] as const;
  await OutboxAttempt.insertMany(
    attempts.flatMap(([id, n]) => Array.from({ length: n }, (_, i) => ({ _id: `${id}#${i + 1}`, messageId: id, attempt: i + 1, by: 'w', at: ago(40) }))),
  );
  const counts = await app.maintenance.retention.runNow();
  assert.is(counts.mail, 2);
  assert.is(counts.attempts, 3);
  const left = (await OutboxMessage.find({}, { _id: 1 }).lean()).map((m) => m._id).sort();
  assert.equal(left, ['new-sent', 'old-failed', 'old-queued']);
  const leftAttempts = (await OutboxAttempt.find({}, { messageId: 1 }).lean()).map((a) => a.messageId);
  assert.equal([...new Set(leftAttempts)].sort(), ['new-sent', 'old-failed', 'old-queued']);
  assert.is(leftAttempts.length, 5);
  // A second run finds nothing more.
  assert.equal(await app.maintenance.retention.runNow(), { mail: 0, attempts: 0, removals: 0, grants: 0, orders: 0, opIds: 0 });
});

R('tombstones: old ones go, but never the newest a resync could answer with', async ({ app }) => {
  const { Removal } = app.db.models;
  const old = TOMBSTONES_KEPT + 40;
  // Seqs 1…old are 40+ days old; 5 recent ones follow.
  await Removal.insertMany([
    ...Array.from({ length: old }, (_, i) => ({ _id: `gone-${i + 1}`, seq: i + 1, at: ago(40) })),
    ...Array.from({ length: 5 }, (_, i) => ({ _id: `recent-${i + 1}`, seq: old + i + 1, at: ago(1) })),
  ]);
  const counts = await app.maintenance.retention.runNow();
  // The 5 recent ones count among the newest kept: 45 old ones are purged.
  assert.is(counts.removals, old + 5 - TOMBSTONES_KEPT);
  const seqs = (await Removal.find({}, { seq: 1 }).lean()).map((r) => r.seq as number).sort((a, b) => a - b);
  assert.is(seqs.length, TOMBSTONES_KEPT);
  assert.is(seqs[0], old + 5 - TOMBSTONES_KEPT + 1, 'the oldest purged first');
  assert.is(seqs.at(-1), old + 5);

  // A few old tombstones alone are all kept: a quiet workshop's screens may still need them.
  await Removal.deleteMany({});
  await Removal.insertMany(Array.from({ length: 10 }, (_, i) => ({ _id: `q-${i}`, seq: i + 1, at: ago(400) })));
  assert.is((await app.maintenance.retention.runNow()).removals, 0);
  assert.is(await Removal.countDocuments(), 10);
});

R('grants expired over a day ago go; live sessions, device tokens and just-expired codes stay', async ({ app }) => {
  const { Grant } = app.db.models;
  const before = (await Grant.find({}, { _id: 1 }).lean()).map((g) => g._id);
  await Grant.insertMany([
    { _id: 'session-expired', kind: 'session', userId: 'u', createdAt: ago(10), expiresAt: ago(2) },
    { _id: 'pairing-expired', kind: 'pairing', kioskId: 'k', createdAt: ago(10), expiresAt: ago(3) },
    { _id: 'pairing-just-expired', kind: 'pairing', kioskId: 'k', createdAt: ago(1), expiresAt: new Date(Date.now() - 60_000) },
    { _id: 'session-live', kind: 'session', userId: 'u', createdAt: ago(1), expiresAt: new Date(Date.now() + DAY) },
    { _id: 'device', kind: 'device', kioskId: 'k', createdAt: ago(400), expiresAt: null },
  ]);
  assert.is((await app.maintenance.retention.runNow()).grants, 2);
  const left = (await Grant.find({}, { _id: 1 }).lean()).map((g) => g._id as string).filter((id) => !before.includes(id)).sort();
  assert.equal(left, ['device', 'pairing-just-expired', 'session-live']);
  // The admin's own session (from before) still works.
  assert.is((await app.inject({ method: 'GET', url: '/api/auth/me' })).statusCode, 200);
});

R('transition opIds older than the retention go; recent ones stay for replays', async ({ app }) => {
  const { OpRecord } = app.db.models;
  await OpRecord.insertMany([
    { _id: 'op-old-1', orderId: 'o1', at: ago(31) },
    { _id: 'op-old-2', orderId: 'o2', at: ago(400) },
    { _id: 'op-new-1', orderId: 'o1', at: ago(2) },
  ]);
  const counts = await app.maintenance.retention.runNow();
  assert.is(counts.opIds, 2);
  assert.equal((await OpRecord.find({}, { _id: 1 }).lean()).map((r) => r._id), ['op-new-1']);
});

R('orders and their history are not touched', async ({ app }) => {
  const r = await app.inject({ method: 'POST', url: '/api/orders', payload: { contact: { name: 'LEUZE Lara' } } });
  assert.is(r.statusCode, 201);
  const id = JSON.parse(r.body).id as string;
  await app.db.models.Order.updateOne({ _id: id }, { $set: { updatedAt: ago(4000) } });
  await app.maintenance.retention.runNow();
  assert.is((await app.inject({ method: 'GET', url: `/api/orders/${id}` })).statusCode, 200);
});

R.run();
