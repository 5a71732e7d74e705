import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { DEMO_PASSWORD, seedDemo } from '../../../server/demo/seed.js';
import { body, buildTestApp, login } from '../../helper.js';

const T = suite('demo accounts');

T('DEMO=1 without ADMIN_PASSWORD: the demo people and the admin sign in with the demo password; operators have PINs', async () => {
  const app = await buildTestApp({ as: 'anonymous', config: { demo: true, adminPassword: null } });
  try {
    assert.equal(body(await app.inject({ method: 'GET', url: '/api/auth/setup' })), { required: true });
    assert.equal(await seedDemo(app), { seeded: true });
    const admin = await login(app, 'admin', DEMO_PASSWORD);
    const sophie = await login(app, 'sophie', DEMO_PASSWORD);
    assert.is(body(await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: sophie } })).role, 'supervisor');
    const users = body(await app.inject({ method: 'GET', url: '/api/users', headers: { cookie: admin } }));
    const camille = users.find((u: { username?: string }) => u.username === 'camille');
    const wall = await app.inject({ method: 'POST', url: '/api/kiosks', headers: { cookie: admin }, payload: { name: 'Demo', scope: { assigneeId: camille.id } } });
    const paired = await app.inject({ method: 'POST', url: '/api/kiosks/pair', payload: { code: body(wall).pairingCode } });
    const kiosk = String(paired.headers['set-cookie']).split(';')[0];
    const pin = await app.inject({ method: 'POST', url: '/api/kiosks/operator', headers: { cookie: kiosk }, payload: { userId: camille.id, pin: '1111' } });
    assert.is(pin.statusCode, 200);
    assert.equal(await seedDemo(app), { seeded: false });
  } finally {
    await app.close();
  }
});

T.run();
