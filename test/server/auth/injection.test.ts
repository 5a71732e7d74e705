import type { FastifyInstance } from 'fastify';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { body, buildTestApp, opId, TEST_ADMIN_PASSWORD } from '../../helper.js';
import { buildWorld, type World } from './world.js';

/*
 * Hostile input on the access surface (sign-in, pairing, PIN, cookies) and
 * hostile text in names and comments: refused with a clear 4xx, or stored
 * as the very characters typed and served only as JSON data.
 */
const T = suite<{ world: World; app: FastifyInstance }>('hostile input');

T.before(async (ctx) => {
  ctx.app = await buildTestApp({ as: 'anonymous' });
  ctx.world = await buildWorld(ctx.app);
});
T.after(async (ctx) => {
  await ctx.app.close();
});

const MB = 'A'.repeat(1024 * 1024);
const SCRIPT = '<script>alert(document.cookie)</script><img src=x onerror=alert(1)>';

T('NoSQL operators, prototype keys and wrong types never sign anyone in', async ({ app }) => {
  const payloads: unknown[] = [
    { username: { $ne: null }, password: { $ne: null } },
    { username: 'admin', password: { $gt: '' } },
    { username: { $regex: '.*' }, password: 'x' },
    { username: 'admin', password: TEST_ADMIN_PASSWORD, $where: '1 == 1' },
    { username: ['admin'], password: [TEST_ADMIN_PASSWORD] },
    { username: 'admin', password: TEST_ADMIN_PASSWORD, role: 'admin' },
    { username: "admin' || '1'=='1", password: "' || '1'=='1" },
    { username: 'admin' },
    { username: 'admin', password: MB },
    { username: MB, password: 'x' },
    'username=admin&password=x',
    null,
  ];
  for (const [i, p] of payloads.entries()) {
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: typeof p === 'string' ? p : JSON.stringify(p),
      headers: { 'content-type': typeof p === 'string' ? 'application/x-www-form-urlencoded' : 'application/json' },
      remoteAddress: `10.9.0.${i}`,
    });
    assert.ok([400, 401, 413, 415].includes(res.statusCode), `${JSON.stringify(p)?.slice(0, 60)} → ${res.statusCode}`);
    assert.type(body(res).error.code, 'string');
    assert.is(res.headers['set-cookie'], undefined, 'a cookie was set');
  }
  for (const raw of [
    `{"username":"admin","password":"x","__proto__":{"role":"admin"}}`,
    `{"username":"admin","password":"x","constructor":{"prototype":{"isAdmin":true}}}`,
  ]) {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: raw, headers: { 'content-type': 'application/json' }, remoteAddress: '10.9.1.1' });
    assert.is(res.statusCode, 400);
    assert.is(({} as Record<string, unknown>).role, undefined);
    assert.is(({} as Record<string, unknown>).isAdmin, undefined);
  }
});

T('forged, malformed and operator-shaped cookies are nobody', async ({ app }) => {
  for (const cookie of [
    'jalon_session=' + 'A'.repeat(43),
    'jalon_device=' + 'B'.repeat(43),
    'jalon_session={"$ne":null}',
    'jalon_session=j%3A%7B%22%24ne%22%3Anull%7D',
    'jalon_device[$ne]=1',
    'jalon_session=' + 'x'.repeat(5000),
    'jalon_session=; jalon_device=',
  ]) {
    const res = await app.inject({ method: 'GET', url: '/api/orders', headers: { cookie } });
    assert.is(res.statusCode, 401, cookie.slice(0, 40));
  }
});

T('hostile kiosk, pairing and PIN input is refused', async ({ world, app }) => {
  const asAdmin = world.asAdmin;
  const kioskBodies: unknown[] = [
    { name: 'K', scope: { machineId: { $ne: null } } },
    { name: 'K', scope: { $where: 'true' } },
    { name: 'K', scope: { wall: 'true' } },
    { name: 'K'.repeat(81), scope: { wall: true } },
    { name: '', scope: { wall: true } },
    { name: 'K', scope: { wall: true }, pinMinutes: 1e9 },
    { name: 'K', scope: { wall: true }, requirePin: 'yes' },
    { name: MB, scope: { wall: true } },
  ];
  for (const p of kioskBodies) {
    const res = await asAdmin({ method: 'POST', url: '/api/kiosks', payload: p as object });
    assert.ok([400, 413].includes(res.statusCode), `${JSON.stringify(p).slice(0, 60)} → ${res.statusCode}`);
  }
  const blank = await asAdmin({ method: 'POST', url: '/api/kiosks', payload: { name: '   ', scope: { wall: true } } });
  assert.is(blank.statusCode, 400);
  for (const p of [{ userId: world.pinUser.id, pin: { $gt: '' } }, { userId: { $ne: null }, pin: '1234' }, { userId: world.pinUser.id, pin: '12' }, { userId: world.pinUser.id, pin: '1234567' }]) {
    const res = await app.inject({ method: 'POST', url: '/api/kiosks/operator', headers: { cookie: world.kioskA.cookie }, payload: p as object });
    assert.is(res.statusCode, 400, JSON.stringify(p));
  }
  const kiosks = body(await asAdmin({ method: 'GET', url: '/api/kiosks' }));
  assert.is(kiosks.length, 2, 'nothing was created');
});

T('query operators cannot widen a kiosk’s list', async ({ world, app }) => {
  for (const url of [
    '/api/orders?machine[$ne]=x',
    '/api/orders?machine=%24ne',
    `/api/orders?machine=${world.machineA}&machine=${world.machineB}`,
    '/api/orders?$where=1',
    '/api/orders?__proto__[x]=1',
  ]) {
    const res = await app.inject({ method: 'GET', url, headers: { cookie: world.kioskA.cookie } });
    assert.ok([400, 403].includes(res.statusCode), `${url} → ${res.statusCode}`);
  }
});

T('script tags in names and comments are stored as typed and only ever served as JSON data', async ({ world, app }) => {
  const user = await world.asAdmin({ method: 'POST', url: '/api/users', payload: { name: SCRIPT.slice(0, 120), role: 'operator' } });
  assert.is(user.statusCode, 201);
  assert.is(body(user).name, SCRIPT.slice(0, 120));
  const kiosk = await world.asAdmin({ method: 'POST', url: '/api/kiosks', payload: { name: SCRIPT.slice(0, 80), scope: { wall: true } } });
  assert.is(kiosk.statusCode, 201);
  assert.is(body(kiosk).kiosk.name, SCRIPT.slice(0, 80));

  const o = await world.order('kioskIn', { stepId: 'decoupage', contact: { name: SCRIPT.slice(0, 120), company: '{"$gt":""}' }, nature: '__proto__' });
  const r = await app.inject({
    method: 'POST',
    url: `/api/orders/${o.id}/regress`,
    headers: { cookie: world.kioskA.cookie },
    payload: { expectedStepId: 'decoupage', opId: opId(), comment: `${SCRIPT} {"$where":"1"} {{order.number}}` },
  });
  assert.is(r.statusCode, 200);
  const read = await app.inject({ method: 'GET', url: `/api/orders/${o.id}`, headers: { cookie: world.kioskA.cookie } });
  const order = body(read);
  assert.is(order.contact.name, SCRIPT.slice(0, 120));
  assert.is(order.contact.company, '{"$gt":""}');
  assert.is(order.nature, '__proto__');
  assert.is(order.history.at(-1).comment, `${SCRIPT} {"$where":"1"} {{order.number}}`);
  // Served as data, never as a page: JSON type, no sniffing, and a CSP without inline scripts behind it.
  assert.match(String(read.headers['content-type']), /^application\/json/);
  assert.is(read.headers['x-content-type-options'], 'nosniff');
  assert.match(String(read.headers['content-security-policy']), /script-src 'self'/);
  // No inline scripts and no eval of strings; only the camera decoder's WebAssembly may be compiled.
  const csp = String(read.headers['content-security-policy']);
  assert.not.match(csp, /'unsafe-inline'|'unsafe-eval'/);
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
});

T('security headers: CSP for the PWA, no CORS, cross-site writes refused', async ({ world, app }) => {
  const res = await app.inject({ method: 'GET', url: '/api/health' });
  const csp = String(res.headers['content-security-policy']);
  for (const d of ["default-src 'self'", "script-src 'self'", "connect-src 'self' ws: wss:", "worker-src 'self'", "manifest-src 'self'", "object-src 'none'", "frame-ancestors 'none'"]) {
    assert.ok(csp.includes(d), `CSP lacks ${d}: ${csp}`);
  }
  assert.not.ok(csp.includes('upgrade-insecure-requests'), 'an http install would break');
  assert.is(res.headers['x-frame-options'], 'SAMEORIGIN');
  assert.is(res.headers['strict-transport-security'], undefined);

  const cors = await app.inject({ method: 'GET', url: '/api/health', headers: { origin: 'https://evil.example' } });
  assert.is(cors.headers['access-control-allow-origin'], undefined);
  const preflight = await app.inject({
    method: 'OPTIONS',
    url: '/api/auth/login',
    headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
  });
  assert.is(preflight.headers['access-control-allow-origin'], undefined);

  const csrf = await app.inject({
    method: 'POST',
    url: `/api/orders/${(await world.order('admin')).id}/advance`,
    headers: { cookie: world.admin.cookie, origin: 'https://evil.example' },
    payload: { expectedStepId: 'en-attente', opId: opId() },
  });
  assert.is(csrf.statusCode, 403);
  assert.is(body(csrf).error.code, 'cross_origin');
  const sameSite = await app.inject({
    method: 'POST',
    url: `/api/orders/${(await world.order('admin')).id}/advance`,
    headers: { cookie: world.admin.cookie, origin: 'http://192.168.1.20:3000', host: '192.168.1.20:3000' },
    payload: { expectedStepId: 'en-attente', opId: opId() },
  });
  assert.is(sameSite.statusCode, 200);
});

T.run();
