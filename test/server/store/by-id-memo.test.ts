import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { byIdMemo } from '../../../server/store/by-id-memo.js';

/** People and screens read by `_id` on every request, kept by the only writer: never served stale. */
const M = suite('documents read by _id, kept in memory');

M('read once, then from memory; a write forgets; copies in and out', async () => {
  const db = new Map([['u1', { name: 'Léa', role: 'operator' }]]);
  let reads = 0;
  const memo = byIdMemo<{ name: string; role: string }>(true);
  const load = async () => (reads++, structuredClone(db.get('u1')) ?? null);
  const first = (await memo.read('u1', load))!;
  first.role = 'admin'; // a caller changing its copy
  assert.is((await memo.read('u1', load))!.role, 'operator');
  assert.is(reads, 1);
  await memo.write('u1', async () => db.set('u1', { name: 'Léa', role: 'supervisor' }));
  assert.is((await memo.read('u1', load))!.role, 'supervisor');
  assert.is(reads, 2);
});

M('a read under way while a write happens is not kept; missing documents are not kept', async () => {
  const db = new Map<string, { v: number }>([['k', { v: 1 }]]);
  let release: () => void = () => undefined;
  let reads = 0;
  const memo = byIdMemo<{ v: number }>(true);
  const slow = () =>
    new Promise<{ v: number } | null>((ok) => {
      reads++;
      const seen = db.get('k') ?? null;
      release = () => ok(seen);
    });
  const racing = memo.read('k', slow);
  await memo.write('k', async () => db.set('k', { v: 2 }));
  release();
  assert.equal(await racing, { v: 1 }, 'the racing read answers what it read');
  const fresh = memo.read('k', slow);
  release();
  assert.equal(await fresh, { v: 2 }, 'but did not keep it: read again');
  assert.is(reads, 2);
  const none = byIdMemo<{ v: number }>(true);
  let misses = 0;
  await none.read('x', async () => (misses++, null));
  await none.read('x', async () => (misses++, null));
  assert.is(misses, 2);
});

M('off (several nodes): every read goes to the database', async () => {
  let reads = 0;
  const memo = byIdMemo<{ v: number }>(false);
  for (let i = 0; i < 3; i++) await memo.read('k', async () => (reads++, { v: 1 }));
  assert.is(reads, 3);
});

M.run();
