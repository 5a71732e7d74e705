import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { coalescing } from '../../../server/services/coalesce.js';

test('callers arriving together share one read; a caller never shares a read already under way', async () => {
  let value = 0;
  const started: number[] = [];
  const release: Array<() => void> = [];
  const read = coalescing(
    (k: string) => k,
    async () => {
      const seen = value;
      started.push(seen);
      await new Promise<void>((ok) => release.push(ok));
      return seen;
    },
  );
  const first = read('a');
  await new Promise((ok) => setTimeout(ok, 0));
  value = 1; // committed after the first read began: later callers must see it
  const later = Array.from({ length: 50 }, () => read('a'));
  const other = read('b');
  await new Promise((ok) => setTimeout(ok, 5));
  assert.equal(started, [0, 1], "the first read and the other key's read are running; the 50 wait for one read");
  release.shift()!();
  assert.is(await first, 0);
  await new Promise((ok) => setTimeout(ok, 5));
  assert.is(started.length, 3, 'one read for the fifty, started after the first finished');
  release.forEach((r) => r());
  assert.ok((await Promise.all(later)).every((v) => v === 1));
  assert.is(await other, 1);
});

test('a failed read fails its callers only; the next callers read again', async () => {
  let calls = 0;
  const read = coalescing(
    () => 'k',
    async () => {
      calls++;
      if (calls === 1) throw new Error('down');
      return calls;
    },
  );
  const [a, b] = await Promise.allSettled([read('k'), read('k')]);
  assert.is(a.status, 'rejected');
  assert.is(b.status, 'rejected', 'both shared the failed read');
  assert.is(await read('k'), 2);
});

test.run();
