import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { body, buildTestApp, cookieHeader, login, signInAs, TEST_ADMIN_PASSWORD } from '../../helper.js';
import { tokenHash } from '../../../server/auth/secrets.js';
import type { FastifyInstance } from 'fastify';
import { GRANT_CACHE_MS } from '../../../server/store/grants-cache.js';

const T = suite<{ app: FastifyInstance }>('people: sign-in, sessions, brute force');

T.before(async (ctx) => {
  ctx.app = await buildTestApp({ as: 'anonymous' });
});
T.after(async (ctx) => {
  await ctx.app.close();
});

const setCookies = (res: { headers: Record<string, unknown> }) => ([] as string[]).concat((res.headers['set-cookie'] as string[] | string) ?? []);

T('sign-in sets an httpOnly, SameSite=Strict session cookie with an expiry; /me says who; sign-out ends it', async ({ app }) => {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: TEST_ADMIN_PASSWORD } });
  assert.is(res.statusCode, 200);
  assert.is(body(res).user.username, 'admin');
  const [c] = setCookies(res);
  assert.match(c, /^jalon_session=[A-Za-z0-9_-]{43};/);
  assert.match(c, /HttpOnly/);
  assert.match(c, /SameSite=Strict/);
  assert.match(c, /Path=\//);
  const maxAge = Number(/Max-Age=(\d+)/.exec(c)?.[1]);
  assert.ok(maxAge > 12 * 3600 - 60 && maxAge <= 12 * 3600, `Max-Age ${maxAge}`);
  assert.not.match(c, /Secure/, 'http install: no Secure flag, or the browser would drop it');
  const cookie = cookieHeader(res);

  const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
  assert.is(me.statusCode, 200);
  assert.equal({ kind: body(me).kind, role: body(me).role, username: body(me).username }, { kind: 'user', role: 'admin', username: 'admin' });

  const out = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
  assert.is(out.statusCode, 204);
  assert.match(setCookies(out)[0], /jalon_session=;/);
  assert.is((await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).statusCode, 401);
});

T('Secure cookies when the public address is https', async () => {
  const app = await buildTestApp({ as: 'anonymous', config: { publicUrl: 'https://jalon.example' } });
  try {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: TEST_ADMIN_PASSWORD } });
    assert.match(setCookies(res)[0], /Secure/);
    assert.match(String(res.headers['strict-transport-security']), /max-age=/);
  } finally {
    await app.close();
  }
});

T('wrong password and unknown user are refused alike', async ({ app }) => {
  const a = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: 'not the password' }, remoteAddress: '10.0.0.1' });
  const b = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'nobody', password: 'not the password' }, remoteAddress: '10.0.0.1' });
  assert.is(a.statusCode, 401);
  assert.is(b.statusCode, 401);
  assert.equal(body(a), body(b));
  assert.is(body(a).error.code, 'invalid_credentials');
  assert.is(setCookies(a).length, 0);
});

T('the 11th failed sign-in within a minute is refused, even with the right password', async ({ app }) => {
  const ip = '10.0.0.2';
  for (let i = 1; i <= 10; i++) {
    const r = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: `guess${i}`, password: 'guess' }, remoteAddress: ip });
    assert.is(r.statusCode, 401, `attempt ${i}`);
  }
  const eleventh = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: TEST_ADMIN_PASSWORD }, remoteAddress: ip });
  assert.is(eleventh.statusCode, 429);
  assert.is(body(eleventh).error.code, 'too_many_attempts');
  assert.ok(Number(eleventh.headers['retry-after']) > 0);
  assert.is(setCookies(eleventh).length, 0);
  // Another address is not held back by this one's failures.
  const other = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: TEST_ADMIN_PASSWORD }, remoteAddress: '10.0.0.3' });
  assert.is(other.statusCode, 200);
});

T('successful sign-ins do not count: a team signing in from one address is never blocked', async ({ app }) => {
  for (let i = 0; i < 15; i++) {
    const r = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: TEST_ADMIN_PASSWORD }, remoteAddress: '10.0.0.4' });
    assert.is(r.statusCode, 200, `sign-in ${i + 1}`);
  }
});

T('one account guessed from many addresses is held back too', async ({ app }) => {
  const target = await signInAs(app, 'supervisor');
  for (let i = 1; i <= 10; i++) {
    const r = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: target.username, password: 'guess' }, remoteAddress: `10.1.0.${i}` });
    assert.is(r.statusCode, 401);
  }
  const r = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: target.username, password: target.password }, remoteAddress: '10.1.0.99' });
  assert.is(r.statusCode, 429);
});

T('an expired session is refused', async ({ app }) => {
  const cookie = await login(app, 'admin', TEST_ADMIN_PASSWORD);
  assert.is((await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).statusCode, 200);
  const token = cookie.split('=')[1];
  await app.db.connection.collection('grants').updateOne({ _id: tokenHash(token) as never }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
  // Edited behind the store's back (time passing is checked on every request): seen once the
  // brief grant cache (store/grants-cache.ts) reads the database again.
  const end = Date.now() + GRANT_CACHE_MS + 1000;
  let status = 200;
  while (status === 200 && Date.now() < end) {
    status = (await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).statusCode;
    if (status === 200) await new Promise((ok) => setTimeout(ok, 100));
  }
  assert.is(status, 401);
});

T('a role change or a removal takes effect at the next request', async ({ app }) => {
  const admin = await login(app, 'admin', TEST_ADMIN_PASSWORD);
  const p = await signInAs(app, 'supervisor');
  assert.is((await app.inject({ method: 'GET', url: '/api/templates', headers: { cookie: p.cookie } })).statusCode, 200);
  await app.inject({ method: 'PUT', url: `/api/users/${p.id}`, headers: { cookie: admin }, payload: { name: 'Demoted', role: 'operator', username: p.username } });
  assert.is((await app.inject({ method: 'GET', url: '/api/templates', headers: { cookie: p.cookie } })).statusCode, 403);
  assert.is((await app.inject({ method: 'DELETE', url: `/api/users/${p.id}`, headers: { cookie: admin } })).statusCode, 204);
  assert.is((await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: p.cookie } })).statusCode, 401);
});

T('the last admin who can sign in can be neither demoted nor removed (409 last_admin), even by two requests at once', async () => {
  const app = await buildTestApp({ as: 'anonymous' });
  try {
    const admin = await login(app, 'admin', TEST_ADMIN_PASSWORD);
    const put = (id: string, role: string, cookie = admin) =>
      app.inject({ method: 'PUT', url: `/api/users/${id}`, headers: { cookie }, payload: { name: `Person ${id}`, role, username: id === 'admin' ? 'admin' : undefined } });
    const del = (id: string, cookie = admin) => app.inject({ method: 'DELETE', url: `/api/users/${id}`, headers: { cookie } });
    const me = body<{ id: string }>(await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: admin } })).id;

    // An admin without a password cannot sign in: it does not count.
    const unsignable = body<{ id: string }>(await app.inject({ method: 'POST', url: '/api/users', headers: { cookie: admin }, payload: { name: 'No login', role: 'admin' } }));
    let r = await put(me, 'supervisor');
    assert.is(r.statusCode, 409);
    assert.is(body(r).error.code, 'last_admin');
    r = await del(me);
    assert.is(r.statusCode, 409);
    assert.is(body(r).error.code, 'last_admin');
    const stored = body<{ role: string }>(await app.inject({ method: 'GET', url: `/api/users/${me}`, headers: { cookie: admin } }));
    assert.is(stored.role, 'admin', 'nothing changed');
    // Another admin without a password may go.
    assert.is((await put(unsignable.id, 'operator')).statusCode, 200);

    // With a second admin who can sign in, either may step down, and the other is then the last.
    const second = await signInAs(app, 'admin');
    const third = await signInAs(app, 'admin');
    assert.is((await put(me, 'supervisor')).statusCode, 200);
    // Two requests at once for the last two: one passes; the other is refused (409, or 401/403 if its
    // sender's own change was the one that passed first), and one admin who can sign in is left.
    const [a, b] = await Promise.all([put(second.id, 'operator', third.cookie), del(third.id, second.cookie)]);
    const outcomes = [a.statusCode, b.statusCode];
    assert.is(outcomes.filter((c) => c === 200 || c === 204).length, 1, String(outcomes));
    assert.ok(outcomes.some((c) => c === 409 || c === 401 || c === 403), String(outcomes));
    const signable = await app.db.connection.collection('users').countDocuments({ role: 'admin', passwordHash: { $ne: null } });
    assert.is(signable, 1);
  } finally {
    await app.close();
  }
});

T('changing a password ends the other sessions of that person, not the current one', async ({ app }) => {
  const p = await signInAs(app, 'operator');
  const other = await login(app, p.username, p.password);
  const wrong = await app.inject({ method: 'PUT', url: '/api/auth/password', headers: { cookie: p.cookie }, payload: { currentPassword: 'nope', password: 'brand new password' } });
  assert.is(wrong.statusCode, 403);
  const ok = await app.inject({ method: 'PUT', url: '/api/auth/password', headers: { cookie: p.cookie }, payload: { currentPassword: p.password, password: 'brand new password' } });
  assert.is(ok.statusCode, 204);
  assert.is((await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: p.cookie } })).statusCode, 200);
  assert.is((await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: other } })).statusCode, 401);
  assert.ok(await login(app, p.username, 'brand new password'));
});

T('an admin setting their own password in People keeps the session they use; their other sessions end', async ({ app }) => {
  const a = await signInAs(app, 'admin');
  const other = await login(app, a.username, a.password);
  const set = await app.inject({ method: 'PUT', url: `/api/auth/users/${a.id}/password`, headers: { cookie: a.cookie }, payload: { password: 'a new admin password' } });
  assert.is(set.statusCode, 204);
  assert.is((await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: a.cookie } })).statusCode, 200);
  assert.is((await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: other } })).statusCode, 401);
  // Someone else's password: all of that person's sessions end, as before.
  const p = await signInAs(app, 'operator');
  await app.inject({ method: 'PUT', url: `/api/auth/users/${p.id}/password`, headers: { cookie: a.cookie }, payload: { password: 'another new password' } });
  assert.is((await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: p.cookie } })).statusCode, 401);
});

T('a person without a username cannot be given a password; short passwords are refused', async ({ app }) => {
  const admin = await login(app, 'admin', TEST_ADMIN_PASSWORD);
  const u = body(await app.inject({ method: 'POST', url: '/api/users', headers: { cookie: admin }, payload: { name: 'No login', role: 'operator' } }));
  const r = await app.inject({ method: 'PUT', url: `/api/auth/users/${u.id}/password`, headers: { cookie: admin }, payload: { password: 'long enough password' } });
  assert.is(r.statusCode, 400);
  assert.is(body(r).error.code, 'no_username');
  const short = await app.inject({ method: 'PUT', url: `/api/auth/users/${u.id}/password`, headers: { cookie: admin }, payload: { password: 'short' } });
  assert.is(short.statusCode, 400);
  const missing = await app.inject({ method: 'PUT', url: '/api/auth/users/nobody/password', headers: { cookie: admin }, payload: { password: 'long enough password' } });
  assert.is(missing.statusCode, 404);
});

T('passwords are stored as scrypt hashes, never in clear, and never sent back', async ({ app }) => {
  const p = await signInAs(app, 'operator');
  const raw = await app.db.connection.collection('users').findOne({ _id: p.id as never });
  assert.match(String(raw?.passwordHash), /^scrypt\$32768\$8\$1\$/);
  assert.not.ok(JSON.stringify(raw).includes(p.password));
  const admin = await login(app, 'admin', TEST_ADMIN_PASSWORD);
  const listed = await app.inject({ method: 'GET', url: '/api/users', headers: { cookie: admin } });
  assert.not.match(listed.body, /passwordHash|pinHash|scrypt/);
  const grants = await app.db.connection.collection('grants').find({}).toArray();
  assert.not.ok(grants.some((g) => p.cookie.includes(String(g._id))), 'a session token is stored in clear');
});

T.run();
