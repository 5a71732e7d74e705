import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { FastifyInstance } from 'fastify';
import { startRedis, type LocalRedis } from '../../../scripts/redis.js';
import { body, buildTestApp, opId, uniqueDbName } from '../../helper.js';

/**
 * Two app instances on one database stand for two server nodes: each has its
 * own in-process lanes, so only Redis can keep their writes to one order apart
 * on FerretDB (whose conditional updates are not atomic).
 */
const R = suite<{ redis: LocalRedis; a: FastifyInstance; b: FastifyInstance }>('write lanes across nodes');
R.before(async (ctx) => {
  ctx.redis = await startRedis();
  const dbName = uniqueDbName('lanes');
  // What is tested is write exclusion: the transition rate limit (its own suite) is lifted so every press reaches the lane.
  const unlimited = { perOrder: { max: 10_000, windowMs: 1000 }, perKiosk: { max: 10_000, windowMs: 1000 } };
  const config = { redisUrl: ctx.redis.url, transitionLimits: unlimited };
  ctx.a = await buildTestApp({ dbName, config });
  ctx.b = await buildTestApp({ dbName, config });
});
R.after(async (ctx) => {
  await ctx.a.close();
  await ctx.b.close();
  await ctx.redis.dispose();
});

R('50 concurrent advances through two nodes: exactly one wins', async ({ a, b }) => {
  const o = body(await a.inject({ method: 'POST', url: '/api/orders', payload: { contact: { name: 'Deux nœuds' } } }));
  const rs = await Promise.all(
    Array.from({ length: 50 }, (_, i) =>
      (i % 2 ? a : b).inject({ method: 'POST', url: `/api/orders/${o.id}/advance`, payload: { expectedStepId: 'en-attente', opId: opId() } }),
    ),
  );
  assert.is(rs.filter((r) => r.statusCode === 200).length, 1);
  assert.is(rs.filter((r) => r.statusCode === 409).length, 49);
  const now = body(await b.inject({ method: 'GET', url: `/api/orders/${o.id}` }));
  assert.is(now.history.length, 2);
  assert.is(now.version, 2);
});

R('order numbers and seq stay unique across two nodes', async ({ a, b }) => {
  const rs = await Promise.all(
    Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).inject({ method: 'POST', url: '/api/orders', payload: { contact: { name: `N${i}` } } })),
  );
  const orders = rs.map((r) => body(r));
  assert.is(new Set(orders.map((o) => o.number)).size, 40);
  assert.is(new Set(orders.map((o) => o.seq)).size, 40);
});

R('while Redis is down, writes are refused with 503 and nothing changes; they work again when it is back', async (ctx) => {
  const o = body(await ctx.a.inject({ method: 'POST', url: '/api/orders', payload: { contact: { name: 'Panne Redis' } } }));
  await ctx.redis.stop();
  const r = await ctx.a.inject({ method: 'POST', url: `/api/orders/${o.id}/advance`, payload: { expectedStepId: 'en-attente', opId: opId() } });
  assert.is(r.statusCode, 503);
  assert.is(body(r).error.code, 'coordination_unavailable');
  assert.is(body(await ctx.a.inject({ method: 'GET', url: `/api/orders/${o.id}` })).version, 1);
  await ctx.redis.start();
  let status = 0;
  for (let i = 0; i < 50 && status !== 200; i++) {
    await new Promise((res) => setTimeout(res, 200));
    status = (await ctx.a.inject({ method: 'POST', url: `/api/orders/${o.id}/advance`, payload: { expectedStepId: 'en-attente', opId: opId() } })).statusCode;
  }
  assert.is(status, 200);
});

R.run();
