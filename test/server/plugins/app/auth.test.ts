import Fastify from 'fastify';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import jalon from '../../../../server/app.js';
import { loadConfig } from '../../../../server/config.js';
import { body, buildTestApp, cookieHeader, testMongoUri, uniqueDbName } from '../../../helper.js';

const T = suite('start-up');

T('an /api route that declares no access level stops the start-up', async () => {
  const app = Fastify({ logger: false });
  await app.register(jalon, { config: { ...loadConfig({}), logLevel: 'silent', dbName: uniqueDbName(), adminPassword: 'long enough password' }, mongodbUri: testMongoUri() });
  let error: Error | null = null;
  try {
    app.get('/api/forgotten', async () => ({ secret: true }));
    await app.ready();
  } catch (e) {
    error = e as Error;
  }
  await app.close().catch(() => undefined);
  assert.ok(error, 'the app started with an unprotected route');
  assert.match(error.message, /declares no access level/);
});

T('ADMIN_PASSWORD creates the account admin on first start', async () => {
  const app = await buildTestApp({ as: 'anonymous', config: { adminPassword: 'first start password' } });
  try {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: 'first start password' } });
    assert.is(res.statusCode, 200);
    assert.is(body(res).user.role, 'admin');
    const setup = await app.inject({ method: 'GET', url: '/api/auth/setup' });
    assert.equal(body(setup), { required: false });
  } finally {
    await app.close();
  }
});

T('without ADMIN_PASSWORD, a one-time setup link is logged; it sets the admin password once', async () => {
  const lines: string[] = [];
  const dbName = uniqueDbName();
  const { buildApp } = await import('../../../../server/app.js');
  const stream = { write: (l: string) => void lines.push(l) };
  const app = await buildApp(
    { config: { ...loadConfig({}), dbName, adminPassword: null, logLevel: 'info' }, mongodbUri: testMongoUri() },
    { logger: { level: 'info', stream } as never },
  );
  await app.ready();
  try {
    const logged = lines.map((l) => JSON.parse(l).msg as string).find((m) => m.includes('/admin/setup?token='));
    assert.ok(logged, 'no setup link in the log');
    const token = /token=([A-Za-z0-9_-]+)/.exec(logged)![1];
    assert.equal(body(await app.inject({ method: 'GET', url: '/api/auth/setup' })), { required: true });
    const nobody = await app.inject({ method: 'GET', url: '/api/settings' });
    assert.is(nobody.statusCode, 401);

    const weak = await app.inject({ method: 'POST', url: '/api/auth/setup', payload: { token, password: 'short' } });
    assert.is(weak.statusCode, 400);
    const wrong = await app.inject({ method: 'POST', url: '/api/auth/setup', payload: { token: 'A'.repeat(43), password: 'a good password' } });
    assert.is(wrong.statusCode, 401);

    const ok = await app.inject({ method: 'POST', url: '/api/auth/setup', payload: { token, password: 'a good password' } });
    assert.is(ok.statusCode, 200);
    const cookie = cookieHeader(ok);
    assert.is((await app.inject({ method: 'GET', url: '/api/kiosks', headers: { cookie } })).statusCode, 200);

    const again = await app.inject({ method: 'POST', url: '/api/auth/setup', payload: { token, password: 'another password' } });
    assert.is(again.statusCode, 401);
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: 'a good password' } });
    assert.is(login.statusCode, 200);
    assert.not.ok(lines.some((l) => l.includes('a good password')), 'a password reached the log');
  } finally {
    await app.close();
  }
});

T.run();
