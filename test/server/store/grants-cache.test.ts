import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { FastifyInstance } from 'fastify';
import { startRedis, type LocalRedis } from '../../../scripts/redis.js';
import { GRANT_CACHE_MS } from '../../../server/store/grants-cache.js';
import { tokenHash } from '../../../server/auth/secrets.js';
import { adminCookie, buildTestApp, login, pairKiosk, TEST_ADMIN_PASSWORD, uniqueDbName } from '../../helper.js';

const G = suite<{ a: FastifyInstance; b: FastifyInstance; redis: LocalRedis; machine: string }>('grant lookups cached, revocations immediate');
G.before(async (ctx) => {
  ctx.redis = await startRedis();
  const dbName = uniqueDbName('grants');
  // Two nodes on one database and one Redis.
  ctx.a = await buildTestApp({ dbName, config: { redisUrl: ctx.redis.url } });
  ctx.b = await buildTestApp({ dbName, config: { redisUrl: ctx.redis.url } });
  const m = await ctx.a.inject({ method: 'POST', url: '/api/machines', payload: { name: 'Plieuse' } });
  ctx.machine = JSON.parse(m.body).id;
});
G.after(async (ctx) => {
  await ctx.a?.close();
  await ctx.b?.close();
  await ctx.redis?.dispose();
});

const me = (app: FastifyInstance, cookie: string) => app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
const sessionHash = (cookie: string) => tokenHash(decodeURIComponent(cookie.split(';')[0].split('=').slice(1).join('=')));
const until = async (what: string, check: () => Promise<boolean>, ms = 1000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) assert.unreachable(what);
    await new Promise((ok) => setTimeout(ok, 10));
  }
};

G('a session is read from the database once per few seconds, not once per request', async ({ a }) => {
  const cookie = await login(a, 'admin', TEST_ADMIN_PASSWORD);
  assert.is((await me(a, cookie)).statusCode, 200);
  // Gone from the database behind the cache's back (not a revocation): still served from memory…
  await a.db.models.Grant.deleteOne({ _id: sessionHash(cookie) });
  assert.is((await me(a, cookie)).statusCode, 200, 'served from the cache');
  // …for GRANT_CACHE_MS at most.
  await new Promise((ok) => setTimeout(ok, GRANT_CACHE_MS + 100));
  assert.is((await me(a, cookie)).statusCode, 401);
});

G('signing out ends the session at once on this node and on the other', async ({ a, b }) => {
  const cookie = await login(a, 'admin', TEST_ADMIN_PASSWORD);
  assert.is((await me(a, cookie)).statusCode, 200);
  assert.is((await me(b, cookie)).statusCode, 200, 'cached on the other node too');
  const out = await a.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
  assert.ok(out.statusCode < 300, out.body);
  assert.is((await me(a, cookie)).statusCode, 401, 'this node: at once');
  await until('the other node refuses it', async () => (await me(b, cookie)).statusCode === 401, 500);
});

G('a revoked kiosk is cut off at once on both nodes', async ({ a, b, machine }) => {
  const kiosk = await pairKiosk(a, { machineId: machine });
  const list = (app: FastifyInstance) => app.inject({ method: 'GET', url: '/api/orders', headers: { cookie: kiosk.cookie } });
  assert.is((await list(a)).statusCode, 200);
  assert.is((await list(b)).statusCode, 200);
  const r = await a.inject({ method: 'DELETE', url: `/api/kiosks/${kiosk.id}`, headers: { cookie: await adminCookie(a) } });
  assert.ok(r.statusCode < 300, r.body);
  assert.is((await list(a)).statusCode, 401);
  await until('the other node cuts it off', async () => (await list(b)).statusCode === 401, 500);
});

G('while Redis is away the cache is not trusted: a session removed elsewhere is refused at once', async ({ a, b, redis }) => {
  const cookie = await login(a, 'admin', TEST_ADMIN_PASSWORD);
  assert.is((await me(b, cookie)).statusCode, 200);
  await redis.stop();
  try {
    await b.db.models.Grant.deleteOne({ _id: sessionHash(cookie) });
    await until('node b reads the database again', async () => (await me(b, cookie)).statusCode === 401, 2000);
  } finally {
    await redis.start();
  }
});

G.run();
