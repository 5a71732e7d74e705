import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ActiveSet } from '../../../server/store/active-set.js';
import type { StoredOrder } from '../../../server/store/orders.js';

/*
 * The active orders kept in memory: a scan on first use, then what the store writes. The hard
 * part is a write landing while the scan runs (the scan may have read the order before or after
 * it): the write must win, whichever came first, and a deleted order must not come back.
 */
const S = suite('active set (active orders in memory)');

const order = (id: string, seq: number, stepId = 'decoupage'): StoredOrder => ({
  _id: id,
  number: Number(id.replace(/\D/g, '')) || 1,
  date: '2026-12-01',
  contact: { name: id },
  status: null,
  stepId,
  dueDate: null,
  assigneeId: null,
  machineId: null,
  version: seq,
  seq,
  history: [{ at: new Date(), actor: 'Jalon', kind: 'created' }],
});

/** A scan the test releases by hand, answering what the collection held when it started. */
function heldScan(rows: StoredOrder[]) {
  let release: () => void = () => undefined;
  let scans = 0;
  const scan = () => {
    scans++;
    return new Promise<StoredOrder[]>((resolve) => (release = () => resolve(rows.map((o) => ({ ...o })))));
  };
  return { scan, release: () => release(), scans: () => scans };
}

const ids = (list: StoredOrder[]) => list.map((o) => `${o._id}@${o.seq}`).sort();

S('scans once, then answers from memory, without history', async () => {
  let scans = 0;
  const set = new ActiveSet(async () => (scans++, [order('a1', 1), order('b2', 2)]));
  assert.equal(ids(await set.matching(() => true)), ['a1@1', 'b2@2']);
  assert.equal(ids(await set.matching((o) => o._id === 'b2')), ['b2@2']);
  assert.is(scans, 1);
  assert.is((await set.matching(() => true))[0].history, undefined);
});

S('writes after the scan are what the set holds', async () => {
  const set = new ActiveSet(async () => [order('a1', 1), order('b2', 2)]);
  await set.matching(() => true);
  set.put(order('a1', 5, 'assemblage'));
  set.drop('b2', 2);
  set.put(order('c3', 6));
  const all = await set.matching(() => true);
  assert.equal(ids(all), ['a1@5', 'c3@6']);
  assert.is(all.find((o) => o._id === 'a1')!.stepId, 'assemblage');
});

S('a write during the scan wins over what the scan read, before or after it', async () => {
  const held = heldScan([order('a1', 1), order('b2', 2), order('d4', 4)]);
  const set = new ActiveSet(held.scan);
  const first = set.matching(() => true);
  // Meanwhile: a1 moves on (the scan read its old copy), b2 leaves for the archive (the scan
  // still read it), c3 is created (the scan did not see it), d4 is written and read at once.
  set.put(order('a1', 7));
  set.drop('b2', 2);
  set.put(order('c3', 8));
  set.put(order('d4', 4));
  held.release();
  assert.equal(ids(await first), ['a1@7', 'c3@8', 'd4@4']);
  assert.equal(ids(await set.matching(() => true)), ['a1@7', 'c3@8', 'd4@4']);
  assert.is(held.scans(), 1);
});

S('a scan that read a newer copy than a write it raced keeps the newer one', async () => {
  const held = heldScan([order('a1', 9)]);
  const set = new ActiveSet(held.scan);
  const first = set.matching(() => true);
  set.put(order('a1', 7));
  held.release();
  assert.equal(ids(await first), ['a1@9']);
});

S('an order deleted and created again during the scan is there once, as created', async () => {
  const held = heldScan([order('a1', 3)]);
  const set = new ActiveSet(held.scan);
  const first = set.matching(() => true);
  set.drop('a1', 3);
  set.put(order('a1', 10));
  held.release();
  assert.equal(ids(await first), ['a1@10']);
});

S('forgotten during a scan: that scan answers its callers, the next call scans again', async () => {
  const rows = [order('a1', 1)];
  let scans = 0;
  let release: () => void = () => undefined;
  const set = new ActiveSet(() => {
    scans++;
    return scans === 1 ? new Promise((r) => (release = () => r(rows))) : Promise.resolve([order('a1', 1), order('e5', 5)]);
  });
  const first = set.matching(() => true);
  set.forget();
  release();
  assert.equal(ids(await first), ['a1@1']);
  assert.equal(ids(await set.matching(() => true)), ['a1@1', 'e5@5']);
  assert.is(scans, 2);
});

S('a failed scan is not kept: the next call scans again', async () => {
  let scans = 0;
  const set = new ActiveSet(async () => {
    scans++;
    if (scans === 1) throw new Error('database unreachable');
    return [order('a1', 1)];
  });
  const failed = await set.matching(() => true).then(() => null, (e: Error) => e.message);
  assert.is(failed, 'database unreachable');
  assert.equal(ids(await set.matching(() => true)), ['a1@1']);
});

S('trusted for MAX_AGE at most: then scanned again', async () => {
  let now = 0;
  let scans = 0;
  const set = new ActiveSet(async () => (scans++, [order('a1', scans)]), 1000, () => now);
  await set.matching(() => true);
  now = 999;
  await set.matching(() => true);
  assert.is(scans, 1);
  now = 1000;
  assert.equal(ids(await set.matching(() => true)), ['a1@2']);
  assert.is(scans, 2);
});

S('peek: only a version this process wrote (its history length known), only while the set is trusted', async () => {
  let now = 0;
  const set = new ActiveSet(async () => [{ ...order('a1', 3), history: undefined }], 1000, () => now);
  assert.is(set.peek('a1'), null, 'not loaded yet');
  await set.matching(() => true);
  assert.is(set.peek('a1'), null, 'scanned without its history: its length is unknown');
  set.put({ ...order('a1', 4), history: [{ at: new Date(), actor: 'x', kind: 'created' }, { at: new Date(), actor: 'x', kind: 'advanced' }] });
  assert.equal(set.peek('a1')?.historyLength, 2);
  assert.is(set.peek('a1')?.doc.seq, 4);
  assert.is((set.peek('a1')?.doc as { history?: unknown }).history, undefined, 'the copy holds no history');
  now = 1000;
  assert.is(set.peek('a1'), null, 'too old: scanned again first');
  now = 0;
  set.forget();
  await set.matching(() => true);
  assert.is(set.peek('a1'), null, 'forgotten: what it knew is not trusted');
  set.put({ ...order('a1', 5) });
  set.drop('a1', 6);
  assert.is(set.peek('a1'), null, 'gone from the active orders');
});

S.run();
