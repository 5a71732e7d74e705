import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { DateTime } from 'luxon';
import type { Order } from '../../../shared/schemas/order.js';
import type { SettingsReply } from '../../../shared/schemas/settings.js';
import { defaultSettings } from '../../../shared/defaults.js';
import { OrderStore } from '../../../kiosk/src/common/order-store.js';
import { matchesFilter } from '../../../shared/order-filter.js';
import { filterFromSearch, filterToSearch } from '../../../kiosk/src/common/filter-encoding.js';

/** The kiosk's order store, without a browser: what a screen shows after snapshots, live changes and pending actions. */
const S = suite('kiosk order store');

const settings: SettingsReply = { ...defaultSettings, seq: 1 };
const zone = settings.timezone;
const today = DateTime.now().setZone(zone).toISODate()!;
const plusDays = (n: number) => DateTime.now().setZone(zone).plus({ days: n }).toISODate()!;

function order(n: number, extra: Partial<Order> = {}): Order {
  return {
    id: `o${n}`,
    number: n,
    date: today,
    contact: { name: `Contact ${n}`, company: `Client ${n}` },
    status: null,
    stepId: 'en-attente',
    dueDate: null,
    assigneeId: null,
    machineId: 'saw',
    version: 1,
    seq: n,
    urgency: 'none',
    ...extra,
  };
}

function store(filter = { machineId: 'saw' }) {
  const s = new OrderStore();
  s.setFilter(filter);
  s.setSettings(settings);
  return s;
}

S('sorts most urgent first and recomputes urgency with the shared rule (not trusting the server’s)', () => {
  const s = store();
  s.replaceAll([order(1, { dueDate: plusDays(10), urgency: 'urgent' }), order(2, { dueDate: today }), order(3, { dueDate: plusDays(2) })], 3, 'server');
  assert.equal(
    s.shown().map((x) => [x.order.number, x.order.urgency]),
    [
      [2, 'urgent'],
      [3, 'soon'],
      [1, 'ok'],
    ],
  );
});

S('a live change moving an order to another machine or past the final step removes it', () => {
  const s = store();
  s.replaceAll([order(1), order(2)], 2, 'server');
  s.upsert(order(1, { machineId: 'press', seq: 5, version: 2 }), 5);
  s.upsert(order(2, { stepId: 'terminee', seq: 6, version: 2 }), 6);
  assert.is(s.size, 0);
  assert.is(s.seq, 6);
});

S('older news never overwrites newer: the highest seq wins per order', () => {
  const s = store();
  s.replaceAll([order(1, { stepId: 'decoupage', seq: 10 })], 10, 'server');
  s.upsert(order(1, { stepId: 'prise-en-charge', seq: 7 }), 7);
  assert.is(s.get('o1')!.stepId, 'decoupage');
});

S('a removal or a resync stub older than the order held is ignored', () => {
  const s = store();
  s.upsert(order(1, { seq: 40 }));
  // A resync answer computed before seq 40 carried a stub for the order: the live change overtook it.
  s.remove('o1', 35);
  assert.is(s.get('o1')?.seq, 40);
  s.remove('o1', 41);
  assert.is(s.get('o1'), undefined);
});

S('a removed order is not brought back by a late change with a lower seq, but a newer one shows it', () => {
  const s = store();
  s.upsert(order(1, { seq: 10 }));
  s.remove('o1', 20);
  s.upsert(order(1, { seq: 15 }));
  assert.is(s.get('o1'), undefined, 'seq 15 is older than the removal at 20');
  s.replaceAll([order(1, { seq: 18 })], 18, 'server');
  assert.is(s.get('o1'), undefined, 'nor by a snapshot read before the removal');
  s.upsert(order(1, { seq: 25 }));
  assert.is(s.get('o1')?.seq, 25);
});

S('an order that left the filter is not brought back by an older change', () => {
  const s = store();
  s.upsert(order(1, { seq: 10 }));
  s.upsert(order(1, { seq: 12, machineId: 'press' }));
  assert.is(s.get('o1'), undefined);
  s.upsert(order(1, { seq: 11 }));
  assert.is(s.get('o1'), undefined, 'seq 11 was before it left');
  s.upsert(order(1, { seq: 13 }));
  assert.is(s.get('o1')?.seq, 13, 'back on the machine at seq 13');
});

S('pending actions lay the operator’s step over the server’s, and count', () => {
  const s = store();
  s.replaceAll([order(1), order(2)], 2, 'server');
  const op = (n: number, to: string) => ({
    opId: `op-${n}-${to}`,
    orderId: `o${n}`,
    orderNumber: n,
    kind: 'advance' as const,
    expectedStepId: 'x',
    toStepId: to,
    createdAt: new Date().toISOString(),
  });
  s.setPending([op(1, 'prise-en-charge'), op(1, 'decoupage')]);
  const one = s.shown().find((x) => x.order.id === 'o1')!;
  assert.is(one.order.stepId, 'decoupage');
  assert.is(one.pending, 2);
  assert.is(s.get('o1')!.stepId, 'en-attente', 'the server state is kept apart');
  assert.is(s.pendingCount, 2);
});

S('urgency is recomputed at midnight without the server', () => {
  const s = store();
  const tomorrow = plusDays(1);
  s.replaceAll([order(1, { dueDate: plusDays(4) })], 1, 'server');
  assert.is(s.shown()[0].order.urgency, 'ok');
  // The day after tomorrow, the same order is 2 days from due: "soon".
  s.recomputeUrgency(DateTime.fromISO(tomorrow, { zone }).plus({ days: 1, minutes: 1 }).toMillis());
  assert.is(s.shown()[0].order.urgency, 'soon');
});

S('the filter matches the server’s rules and round-trips through the address', () => {
  const f = filterFromSearch('?machine=saw&q=client%201&all=1');
  assert.equal(f, { machineId: 'saw', q: 'client 1', all: true });
  assert.is(filterToSearch(f), '?machine=saw&q=client+1&all=1');
  assert.ok(matchesFilter(order(1, { stepId: 'terminee' }), f, settings), '"tout voir" includes finished orders');
  assert.not.ok(matchesFilter(order(1, { stepId: 'terminee' }), { machineId: 'saw' }, settings));
  assert.ok(matchesFilter(order(12), { q: '12' }, settings), 'by number');
});

S.run();
