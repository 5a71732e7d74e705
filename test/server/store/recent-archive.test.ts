import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { StoredOrder } from '../../../server/store/orders.js';
import { RecentArchive } from '../../../server/store/recent-archive.js';

/* The archived orders kept in memory: what the store wrote, and copies read while it wrote nothing. */
const R = suite('recent archive (archived orders in memory)');

const order = (id: string, seq: number): StoredOrder => ({
  _id: id, number: seq, date: '2026-12-01', contact: { name: id }, status: null, stepId: 'livre',
  dueDate: null, assigneeId: null, machineId: null, version: seq, seq, history: [{ at: new Date(), actor: 'Jalon', kind: 'created' }],
});

R('keeps what the store wrote, without history; a drop forgets it', () => {
  const r = new RecentArchive();
  r.put(order('a', 3));
  assert.is(r.get('a')?.seq, 3);
  assert.is(r.get('a')?.history, undefined);
  r.drop('a');
  assert.is(r.get('a'), undefined);
});

R('a copy read while the store wrote is not kept (it may predate the write)', () => {
  const r = new RecentArchive();
  const mark = r.mark();
  r.drop('a'); // the order left the archive meanwhile
  r.putRead(order('a', 3), mark);
  assert.is(r.get('a'), undefined);
  const quiet = r.mark();
  r.putRead(order('b', 4), quiet);
  assert.is(r.get('b')?.seq, 4);
});

R('a copy read never replaces one the store wrote', () => {
  const r = new RecentArchive();
  r.put(order('a', 9));
  r.putRead(order('a', 3), r.mark());
  assert.is(r.get('a')?.seq, 9);
});

R('bounded: the least recently used goes first', () => {
  const r = new RecentArchive(2);
  r.put(order('a', 1));
  r.put(order('b', 2));
  r.get('a');
  r.put(order('c', 3));
  assert.is(r.get('b'), undefined);
  assert.ok(r.get('a') && r.get('c'));
});

R.run();
