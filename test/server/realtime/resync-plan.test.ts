import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Order } from '../../../shared/schemas/order.js';
import type { SettingsReply } from '../../../shared/schemas/settings.js';
import { defaultSettings } from '../../../shared/defaults.js';
import { planResync, type ResyncSource } from '../../../server/realtime/resync.js';
import type { StoredOrder } from '../../../server/store/orders.js';

const stored = (id: string, seq: number, machineId: string | null = null): StoredOrder => ({
  _id: id,
  number: seq,
  date: '2030-01-01',
  contact: { name: id },
  status: null,
  stepId: 'en-attente',
  dueDate: null,
  assigneeId: null,
  machineId,
  version: 1,
  seq,
});

/** The database as resync reads it: orders with their last seq, tombstones, settings, the counter. */
function source(opts: {
  orders: StoredOrder[];
  removed?: Array<{ _id: string; seq: number }>;
  current: number;
  settingsSeq?: number;
  /** Archived changes are kept from this seq on (older ones pruned). */
  archivedFrom?: number;
}) {
  const settings: SettingsReply = { ...defaultSettings, seq: opts.settingsSeq ?? 0 };
  const calls = { snapshot: 0 };
  const src: ResyncSource = {
    currentSeq: async () => opts.current,
    changedSince: async (seq, limit) => ({
      orders: opts.orders.filter((o) => o.seq > seq).sort((a, b) => a.seq - b.seq).slice(0, limit),
      complete: seq >= (opts.archivedFrom ?? 0),
    }),
    removedSince: async (seq, limit) => (opts.removed ?? []).filter((r) => r.seq > seq).slice(0, limit),
    settings: async () => settings,
    view: (o) => ({ id: o._id, seq: o.seq, machineId: o.machineId }) as Order,
    snapshot: async (filter) => {
      calls.snapshot++;
      return { seq: opts.current, orders: opts.orders.filter((o) => !filter.machineId || o.machineId === filter.machineId).map((o) => src.view(o, settings)) };
    },
  };
  return { src, calls };
}

test('a change that committed after a newer one is sent again (the overlap below sinceSeq)', async () => {
  // seq 41 was allocated first but committed after 42 was broadcast; the screen saw 42 and dropped off.
  const { src } = source({ orders: [stored('late', 41), stored('early', 42), stored('after', 43)], current: 43 });
  const plan = await planResync(src, 42, {}, { overlap: 5, maxChanges: 500 });
  assert.ok('changes' in plan.ack);
  assert.equal(
    plan.ack.changes.map((c) => c.seq),
    [41, 42, 43],
  );
  const without = await planResync(src, 42, {}, { overlap: 0, maxChanges: 500 });
  assert.ok('changes' in without.ack);
  assert.equal(without.ack.changes.map((c) => c.seq), [43], 'without the overlap the late change would be lost');
});

test('changes and removals come merged in seq order, for every order (the screen applies its own filter)', async () => {
  const { src } = source({
    orders: [stored('a', 12, 'm1'), stored('b', 15, 'm2')],
    removed: [{ _id: 'gone', seq: 13 }, { _id: 'gone2', seq: 16 }],
    current: 16,
  });
  const plan = await planResync(src, 11, { machineId: 'm1' }, { overlap: 0, maxChanges: 500 });
  assert.ok('changes' in plan.ack);
  assert.equal(plan.ack.changes, [
    { seq: 12, order: { id: 'a', seq: 12, machineId: 'm1' } as Order },
    { seq: 13, id: 'gone' },
    { seq: 15, order: { id: 'b', seq: 15, machineId: 'm2' } as Order },
    { seq: 16, id: 'gone2' },
  ]);
  assert.is(plan.ack.seq, 16);
  assert.is(plan.settings, null, 'settings unchanged since: not sent');
});

test('orders the asker may not see go out as ids only', async () => {
  const { src } = source({ orders: [stored('mine', 3, 'm1'), stored('theirs', 4, 'm2')], current: 4 });
  const plan = await planResync(src, 0, {}, { overlap: 0, maxChanges: 500 }, (o) => o.machineId === 'm1');
  assert.ok('changes' in plan.ack);
  assert.equal(plan.ack.changes, [{ seq: 3, order: { id: 'mine', seq: 3, machineId: 'm1' } as Order }, { seq: 4, id: 'theirs' }]);
});

test('too many changes: the snapshot of the subscription instead', async () => {
  const orders = Array.from({ length: 30 }, (_, i) => stored(`o${i}`, i + 1, i % 2 ? 'm1' : 'm2'));
  const { src, calls } = source({ orders, current: 30 });
  const plan = await planResync(src, 0, { machineId: 'm1' }, { overlap: 0, maxChanges: 20 });
  assert.ok('snapshot' in plan.ack);
  assert.is(calls.snapshot, 1);
  assert.is(plan.ack.orders.length, 15);
  const small = await planResync(src, 10, { machineId: 'm1' }, { overlap: 0, maxChanges: 20 });
  assert.ok('changes' in small.ack, '20 changes are still sent as changes');
  assert.is(small.ack.changes.length, 20);
});

test('a screen ahead of the database gets a snapshot and the settings; newer settings come with changes', async () => {
  const { src } = source({ orders: [stored('a', 5)], current: 5, settingsSeq: 4 });
  const ahead = await planResync(src, 900, {}, { overlap: 0, maxChanges: 500 });
  assert.ok('snapshot' in ahead.ack);
  assert.ok(ahead.settings);
  const behind = await planResync(src, 3, {}, { overlap: 0, maxChanges: 500 });
  assert.is(behind.settings?.seq, 4);
});

test('a gap older than the archived changes kept: the snapshot, even with few changes', async () => {
  const { src, calls } = source({ orders: [stored('a', 50, 'm1')], current: 50, archivedFrom: 20 });
  const old = await planResync(src, 10, {}, { overlap: 0, maxChanges: 500 });
  assert.ok('snapshot' in old.ack);
  assert.is(calls.snapshot, 1);
  const recent = await planResync(src, 30, {}, { overlap: 0, maxChanges: 500 });
  assert.ok('changes' in recent.ack);
  assert.is(recent.ack.changes.length, 1);
});

test.run();
