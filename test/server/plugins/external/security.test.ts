import { test } from 'uvu';
import * as assert from 'uvu/assert';
import helmet from 'helmet';
import { helmetHeaders } from '../../../../server/plugins/external/security.js';
import { buildTestApp } from '../../../helper.js';

/** What helmet's middleware sets on a real response (the reference the precomputation must match). */
function headersOfMiddleware(options: Parameters<typeof helmet>[0]): Record<string, string> {
  const set: Record<string, string> = {};
  const res = {
    setHeader: (k: string, v: unknown) => void (set[k.toLowerCase()] = String(v)),
    removeHeader: (k: string) => void delete set[k.toLowerCase()],
  };
  let called = false;
  helmet(options)({} as never, res as never, () => void (called = true));
  assert.ok(called, 'the middleware ends synchronously');
  return set;
}

test('the headers worked out once are the ones helmet sets, for the defaults and for our options', () => {
  const ours = { contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'self'"], frameAncestors: ["'none'"] } }, hsts: false as const };
  for (const options of [undefined, ours]) {
    assert.equal(Object.fromEntries(helmetHeaders(options ?? {})), headersOfMiddleware(options));
  }
  const names = helmetHeaders(ours).map(([k]) => k);
  assert.ok(names.includes('content-security-policy') && names.includes('x-content-type-options'));
  assert.not.ok(names.includes('strict-transport-security'));
});

test('a bad directive is refused at start, not on the first request', () => {
  assert.throws(() => helmetHeaders({ contentSecurityPolicy: { directives: { defaultSrc: ["'self';"] } } }), /Content-Security-Policy/);
});

test('every answer carries them: a refusal, an unknown address, a page, and HSTS only over https', async () => {
  const app = await buildTestApp({ as: 'anonymous', config: { publicUrl: 'https://atelier.example' } });
  try {
    for (const url of ['/api/orders', '/api/nowhere', '/kiosk']) {
      const res = await app.inject({ method: 'GET', url });
      assert.match(String(res.headers['content-security-policy']), /default-src 'self'/, url);
      assert.match(String(res.headers['content-security-policy']), /upgrade-insecure-requests/, url);
      assert.is(res.headers['x-content-type-options'], 'nosniff', url);
      assert.match(String(res.headers['strict-transport-security']), /^max-age=15552000$/, url);
    }
    const refused = await app.inject({ method: 'GET', url: '/api/orders' });
    assert.is(refused.statusCode, 401);
  } finally {
    await app.close();
  }
});

test.run();
