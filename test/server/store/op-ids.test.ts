import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { FastifyInstance } from 'fastify';
import { groupCommit } from '../../../server/store/group-commit.js';
import { opIdRepository } from '../../../server/store/op-ids.js';
import { adminCookie, buildTestApp, uniqueDbName } from '../../helper.js';

/** The opId claims, inserted together when they arrive together, each answered as if alone. */
const O = suite<{ app: FastifyInstance }>('opId claims, committed in groups');
O.before(async (ctx) => {
  ctx.app = await buildTestApp({ dbName: uniqueDbName('op-ids') });
});
O.after(async (ctx) => {
  await ctx.app?.close();
});

O('group commit: one write per burst, in arrival order, each item its own result', async () => {
  const writes: number[][] = [];
  const put = groupCommit(async (items: number[]) => {
    writes.push(items);
    await new Promise((ok) => setTimeout(ok, 5));
    return items.map((n) => (n === 3 ? new Error('three refused') : n * 10));
  });
  const out = await Promise.allSettled([1, 2, 3, 4, 5].map((n) => put(n)));
  assert.equal(writes, [[1], [2, 3, 4, 5]], 'a lone call at once, the rest together');
  assert.equal(out.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message)), [10, 20, 'three refused', 40, 50]);
  // A write that throws fails its batch only.
  let fail = true;
  const flaky = groupCommit(async (items: string[]) => {
    await new Promise((ok) => setTimeout(ok, 5));
    if (fail) {
      fail = false;
      throw new Error('database down');
    }
    return items;
  });
  const [a, b] = await Promise.allSettled([flaky('a'), flaky('b')]);
  assert.is(a.status, 'rejected');
  assert.equal(b, { status: 'fulfilled', value: 'b' });
});

O('group commit with a gathering time: calls spread over it make one write', async () => {
  const writes: number[][] = [];
  const put = groupCommit(
    async (items: number[]) => {
      writes.push(items);
      return items;
    },
    { gatherMs: 60 },
  );
  const first = put(1);
  await new Promise((ok) => setTimeout(ok, 20));
  const second = put(2);
  assert.equal(writes, [], 'nothing written before the gathering time');
  assert.equal(await Promise.all([first, second]), [1, 2]);
  assert.equal(writes, [[1, 2]]);
  assert.is(await put(3), 3, 'a later call has a write of its own');
  assert.equal(writes, [[1, 2], [3]]);
});

O('claims in one burst: new, the same order again, another order, each told apart', async ({ app }) => {
  const repo = opIdRepository(app.db.models);
  const tag = `t-${Date.now()}`;
  assert.is(await repo.claim(`${tag}-used`, 'order-a'), 'new');
  const burst = await Promise.all([
    repo.claim(`${tag}-1`, 'order-a'),
    repo.claim(`${tag}-used`, 'order-a'),
    repo.claim(`${tag}-2`, 'order-b'),
    repo.claim(`${tag}-used`, 'order-b'),
    // Twice in the same burst: the first is new, the second a replay of it.
    repo.claim(`${tag}-3`, 'order-c'),
    repo.claim(`${tag}-3`, 'order-c'),
    repo.claim(`${tag}-4`, 'order-d'),
    repo.claim(`${tag}-4`, 'order-e'),
  ]);
  assert.equal(burst, ['new', 'same', 'new', 'other', 'new', 'same', 'new', 'other']);
  const stored = await app.db.models.OpRecord.find({ _id: { $in: [`${tag}-1`, `${tag}-2`, `${tag}-3`, `${tag}-4`, `${tag}-used`] } }).lean();
  assert.equal(
    Object.fromEntries(stored.map((r) => [r._id, (r as { orderId?: string }).orderId])),
    { [`${tag}-1`]: 'order-a', [`${tag}-2`]: 'order-b', [`${tag}-3`]: 'order-c', [`${tag}-4`]: 'order-d', [`${tag}-used`]: 'order-a' },
  );
});

O('one opId sent to two orders at once over HTTP: exactly one order moves, the other is 409 op_mismatch', async ({ app }) => {
  const cookie = await adminCookie(app);
  const make = async () => JSON.parse((await app.inject({ method: 'POST', url: '/api/orders', headers: { cookie }, payload: { contact: { name: 'X' } } })).body);
  const [a, b] = [await make(), await make()];
  const op = `same-${Date.now()}`;
  const [ra, rb] = await Promise.all(
    [a, b].map((o) => app.inject({ method: 'POST', url: `/api/orders/${o.id}/advance`, headers: { cookie }, payload: { expectedStepId: o.stepId, opId: op } })),
  );
  const codes = [ra, rb].map((r) => r.statusCode).sort();
  assert.equal(codes, [200, 409], `${ra.body} | ${rb.body}`);
  const refused = [ra, rb].find((r) => r.statusCode === 409)!;
  assert.is(JSON.parse(refused.body).error.code, 'op_mismatch');
  const moved = await Promise.all([a, b].map(async (o) => JSON.parse((await app.inject({ method: 'GET', url: `/api/orders/${o.id}`, headers: { cookie } })).body).version !== o.version));
  assert.equal(moved.filter(Boolean).length, 1);
});

O.run();
