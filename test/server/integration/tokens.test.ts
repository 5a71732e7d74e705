import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { startRedis, type LocalRedis } from '../../../scripts/redis.js';
import { tokenScopeFor } from '../../../server/auth/permissions.js';
import { LAST_USED_EVERY_MS } from '../../../server/auth/tokens.js';
import { adminCookie, body, buildTestApp, opId, uniqueDbName } from '../../helper.js';
import { handshake, openSocket, type Client } from '../realtime/socket-client.js';

type Scope = 'orders:read' | 'orders:write' | 'catalog:read';
const SCOPES: Scope[] = ['orders:read', 'orders:write', 'catalog:read'];

async function newToken(app: FastifyInstance, scopes: Scope[], name = 'ERP'): Promise<{ id: string; secret: string }> {
  const res = await app.inject({ method: 'POST', url: '/api/tokens', payload: { name, scopes } });
  assert.is(res.statusCode, 201, res.body);
  const b = body(res);
  return { id: b.token.id, secret: b.secret };
}
const bearer = (secret: string, o: InjectOptions): InjectOptions => ({ ...o, headers: { ...(o.headers ?? {}), cookie: '', authorization: `Bearer ${secret}` } });

/** A concrete address for a route pattern: every parameter filled with a value of the right shape. */
const concrete = (url: string) =>
  url
    .replace(':deliveryId', '0'.repeat(32))
    .replace(':externalRef', 'ERP-1')
    .replace(':number', '1')
    .replace(/:[A-Za-z]+/g, 'aaaaaaaaaaaaaaaaaaaaaaaa');

const T = suite<{ app: FastifyInstance; tokens: Record<string, { id: string; secret: string }> }>('API tokens');
T.before(async (ctx) => {
  ctx.app = await buildTestApp();
  ctx.tokens = {};
  for (const s of SCOPES) ctx.tokens[s] = await newToken(ctx.app, [s], s);
  ctx.tokens.all = await newToken(ctx.app, SCOPES, 'all');
});
T.after(async ({ app }) => app?.close());

T('created with its secret once (prefixed), listed without it; only the SHA-256 is stored', async ({ app, tokens }) => {
  const { secret, id } = tokens.all;
  assert.match(secret, /^jalon_[A-Za-z0-9_-]{43}$/);
  const list = await app.inject({ method: 'GET', url: '/api/tokens' });
  assert.is(list.statusCode, 200);
  assert.not.match(list.body, secret);
  const mine = body<Array<{ id: string; scopes: string[]; lastUsedAt: string | null }>>(list).find((t) => t.id === id);
  assert.equal(mine?.scopes, SCOPES);
  // Nowhere in the database in clear.
  for (const name of ['grants', 'api_tokens']) {
    const docs = await app.db.models.ApiToken.db.collection(name).find({}).toArray();
    assert.not.match(JSON.stringify(docs), secret.slice(6), `${name} holds no secret`);
  }
});

T('bad bodies are refused and change nothing', async ({ app }) => {
  for (const payload of [{ name: 'x', scopes: [] }, { name: 'x', scopes: ['settings:write'] }, { name: '', scopes: ['orders:read'] }, { scopes: ['orders:read'] }]) {
    const res = await app.inject({ method: 'POST', url: '/api/tokens', payload });
    assert.is(res.statusCode, 400, JSON.stringify(payload));
  }
  assert.is((await app.inject({ method: 'DELETE', url: '/api/tokens/ffffffffffffffffffffffff' })).statusCode, 404);
});

T('the scope matrix: every registered /api route × every scope', async ({ app, tokens }) => {
  let checked = 0;
  for (const { method, url } of app.auth.routes) {
    const needed = tokenScopeFor(method, url);
    const payload = method === 'GET' || method === 'HEAD' || method === 'DELETE' ? {} : { payload: {} };
    for (const [name, t] of Object.entries(tokens)) {
      const res = await app.inject(bearer(t.secret, { method: method as InjectOptions['method'], url: concrete(url), ...payload }));
      const holds = name === 'all' || name === needed;
      const refused = res.statusCode === 403 && res.body.includes('token_scope');
      if (needed && holds) assert.ok(!refused && res.statusCode !== 401, `${name} ${method} ${url} → ${res.statusCode} ${res.body}`);
      else if (url.startsWith('/api/') && !url.startsWith('/api/health') && !isPublic(app, method, url)) assert.ok(refused, `${name} ${method} ${url} → ${res.statusCode} ${res.body}`);
      checked++;
    }
  }
  assert.ok(checked > 200, `${checked} cells`);
});

const isPublic = (app: FastifyInstance, method: string, url: string) => app.auth.routes.some((r) => r.method === method && r.url === url && r.access === 'public');

T('never settings, people, screens, tokens, webhooks, templates, statistics — even with every scope', async ({ app, tokens }) => {
  const never: Array<[string, string]> = [
    ['PUT', '/api/settings'],
    ['POST', '/api/users'],
    ['PUT', '/api/users/aaaaaaaaaaaaaaaaaaaaaaaa'],
    ['PUT', '/api/auth/users/aaaaaaaaaaaaaaaaaaaaaaaa/password'],
    ['GET', '/api/kiosks'],
    ['POST', '/api/kiosks'],
    ['GET', '/api/tokens'],
    ['POST', '/api/tokens'],
    ['GET', '/api/webhooks'],
    ['POST', '/api/webhooks'],
    ['GET', '/api/templates'],
    ['GET', '/api/insight/wip'],
    ['GET', '/api/auth/me'],
    ['POST', '/api/orders/aaaaaaaaaaaaaaaaaaaaaaaa/mail'],
  ];
  for (const [method, url] of never) {
    const res = await app.inject(bearer(tokens.all.secret, { method: method as InjectOptions['method'], url, ...(method === 'GET' ? {} : { payload: {} }) }));
    assert.is(res.statusCode, 403, `${method} ${url}: ${res.body}`);
    assert.is(body(res).error.code, 'token_scope');
  }
});

T('within its scopes a token works: reads, writes, the machines', async ({ app, tokens }) => {
  const created = await app.inject(bearer(tokens['orders:write'].secret, { method: 'POST', url: '/api/orders', payload: { contact: { name: 'Dupont' } } }));
  assert.is(created.statusCode, 201, created.body);
  const order = body(created);
  // The history names the token.
  assert.is(order.history[0].actor, 'orders:write');
  const read = await app.inject(bearer(tokens['orders:read'].secret, { method: 'GET', url: `/api/orders/${order.id}` }));
  assert.is(read.statusCode, 200);
  const head = await app.inject(bearer(tokens['orders:read'].secret, { method: 'HEAD', url: '/api/orders' }));
  assert.is(head.statusCode, 200);
  const next = await app.inject(
    bearer(tokens['orders:write'].secret, { method: 'POST', url: `/api/orders/${order.id}/advance`, payload: { expectedStepId: order.stepId, opId: opId() } }),
  );
  assert.is(next.statusCode, 200, next.body);
  // orders:read cannot write, orders:write cannot read.
  assert.is((await app.inject(bearer(tokens['orders:read'].secret, { method: 'DELETE', url: `/api/orders/${order.id}` }))).statusCode, 403);
  assert.is((await app.inject(bearer(tokens['orders:write'].secret, { method: 'GET', url: '/api/orders' }))).statusCode, 403);
  assert.is((await app.inject(bearer(tokens['catalog:read'].secret, { method: 'GET', url: '/api/machines' }))).statusCode, 200);
  // Never settings nor people, even read-only and with the catalogue's scope.
  for (const url of ['/api/settings', '/api/users']) {
    const res = await app.inject(bearer(tokens.all.secret, { method: 'GET', url }));
    assert.is(res.statusCode, 403, url);
    assert.is(body(res).error.code, 'token_scope');
  }
});

T('lastUsedAt is noted, at most once a minute', async ({ app }) => {
  const t = await newToken(app, ['orders:read']);
  const row = async () => (await app.db.models.ApiToken.findById(t.id).lean()) as { lastUsedAt: Date | null };
  assert.is((await row()).lastUsedAt, null);
  await app.inject(bearer(t.secret, { method: 'GET', url: '/api/orders' }));
  await new Promise((ok) => setTimeout(ok, 100));
  const first = (await row()).lastUsedAt;
  assert.ok(first, 'written after the first use');
  await app.inject(bearer(t.secret, { method: 'GET', url: '/api/orders' }));
  await new Promise((ok) => setTimeout(ok, 100));
  assert.equal((await row()).lastUsedAt, first, `not again within ${LAST_USED_EVERY_MS} ms`);
});

T('bearer writes skip the origin check; cookie writes still get it', async ({ app, tokens }) => {
  const foreign = { origin: 'https://evil.example' };
  const withBearer = await app.inject(
    bearer(tokens['orders:write'].secret, { method: 'POST', url: '/api/orders', payload: { contact: { name: 'X' } }, headers: foreign }),
  );
  assert.is(withBearer.statusCode, 201, withBearer.body);
  const cookie = await adminCookie(app);
  const withCookie = await app.inject({ method: 'POST', url: '/api/orders', payload: { contact: { name: 'X' } }, headers: { ...foreign, cookie } });
  assert.is(withCookie.statusCode, 403);
  assert.is(body(withCookie).error.code, 'cross_origin');
});

T('unknown secrets: 401 invalid_token, and guesses are limited (429 with Retry-After)', async ({ app }) => {
  const wrong = `jalon_${'A'.repeat(43)}`;
  const first = await app.inject(bearer(wrong, { method: 'GET', url: '/api/orders', remoteAddress: '10.9.9.9' }));
  assert.is(first.statusCode, 401);
  assert.is(body(first).error.code, 'invalid_token');
  const statuses: number[] = [];
  for (let i = 0; i < 40; i++) statuses.push((await app.inject(bearer(wrong, { method: 'GET', url: '/api/orders', remoteAddress: '10.9.9.9' }))).statusCode);
  assert.ok(statuses.includes(429), 'limited');
  assert.is(statuses.filter((s) => s === 401).length, 29, 'the limit (30 a minute) checked, the rest refused unchecked');
  // Something that cannot be one of our tokens is not a guess: 401 at once, never counted nor limited.
  const garbage = await app.inject(bearer('garbage', { method: 'GET', url: '/api/orders', remoteAddress: '10.9.9.9' }));
  assert.is(garbage.statusCode, 401);
  assert.is(body(garbage).error.code, 'invalid_token');
});

T('the OpenAPI document has the bearer scheme and says which routes take a token, with which scope', async ({ app }) => {
  const doc = body(await app.inject({ method: 'GET', url: '/api/docs/json' }));
  assert.is(doc.components.securitySchemes.bearer.scheme, 'bearer');
  const security = (path: string, method: string) => doc.paths[path][method].security as Array<Record<string, string[]>>;
  assert.equal(security('/api/orders', 'get').find((s) => s.bearer)?.bearer, ['orders:read']);
  assert.equal(security('/api/orders/{id}', 'patch').find((s) => s.bearer)?.bearer, ['orders:write']);
  assert.equal(security('/api/machines', 'get').find((s) => s.bearer)?.bearer, ['catalog:read']);
  assert.not.ok(security('/api/settings', 'put').some((s) => s.bearer), 'settings changes: no token');
  assert.not.ok(security('/api/tokens', 'post').some((s) => s.bearer), 'tokens: no token');
});

T('a token never opens a live socket, even with an admin cookie sent along', async ({ app, tokens }) => {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  const ctx = { url: `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`, open: [] as Client[] };
  try {
    const alone = openSocket(ctx, '', { authorization: `Bearer ${tokens.all.secret}` });
    assert.is(await handshake(alone), 'forbidden');
    const withCookie = openSocket(ctx, await adminCookie(app), { authorization: `Bearer ${tokens.all.secret}` });
    assert.is(await handshake(withCookie), 'forbidden');
    assert.is(await handshake(openSocket(ctx, await adminCookie(app))), 'connected', 'the cookie alone still connects');
  } finally {
    for (const s of ctx.open) s.close();
  }
});

T.run();

const R = suite<{ a: FastifyInstance; b: FastifyInstance; redis: LocalRedis }>('API tokens on two nodes');
R.before(async (ctx) => {
  ctx.redis = await startRedis();
  const dbName = uniqueDbName('tokens');
  ctx.a = await buildTestApp({ dbName, config: { redisUrl: ctx.redis.url } });
  ctx.b = await buildTestApp({ dbName, config: { redisUrl: ctx.redis.url } });
});
R.after(async (ctx) => {
  await ctx.a?.close();
  await ctx.b?.close();
  await ctx.redis?.dispose();
});

R('a revoked token is refused at once on the other node (its cache dropped through Redis)', async ({ a, b }) => {
  const t = await newToken(a, ['orders:read']);
  const list = (app: FastifyInstance) => app.inject(bearer(t.secret, { method: 'GET', url: '/api/orders' }));
  assert.is((await list(a)).statusCode, 200);
  assert.is((await list(b)).statusCode, 200, 'cached on b now');
  const del = await a.inject({ method: 'DELETE', url: `/api/tokens/${t.id}` });
  assert.is(del.statusCode, 204);
  assert.is((await list(a)).statusCode, 401, 'this node');
  // The revocation is published before DELETE answers; give the message its round trip, far below the 5 s cache.
  const end = Date.now() + 300;
  let status = 0;
  while (Date.now() < end && (status = (await list(b)).statusCode) !== 401) await new Promise((ok) => setTimeout(ok, 10));
  assert.is(status, 401, 'the other node, well before the cache would have expired');
});

R.run();
