import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildTestApp } from '../helper.js';

/** How the server hands out the built PWA: what may be cached, and what must never hide the API. */
const dist = join(import.meta.dirname, '..', '..', 'dist', 'kiosk');
const P = suite<{ app: FastifyInstance }>('PWA serving');
P.before(async (ctx) => {
  if (!existsSync(join(dist, 'index.html'))) throw new Error('dist/kiosk is missing: run `npm run build` first');
  ctx.app = await buildTestApp({ as: 'anonymous' });
});
P.after(async (ctx) => ctx.app.close());

P('the screens are the app shell, never cached stale', async ({ app }) => {
  // /o/<number> is what a traveller sheet's QR opens; anything else under /o/ too (the screen says "unknown order").
  for (const url of ['/', '/kiosk', '/wall', '/admin', '/admin/setup', '/o/1234', '/o/1234?x=1', '/o/not-a-number', '/o/', '/o']) {
    const r = await app.inject({ method: 'GET', url });
    assert.is(r.statusCode, 200, url);
    assert.match(r.headers['content-type'] as string, /text\/html/);
    assert.match(r.headers['cache-control'] as string, /no-cache/, url);
    assert.match(r.body, /<html/i);
  }
});

P('the service worker is revalidated and may control the whole origin', async ({ app }) => {
  const r = await app.inject({ method: 'GET', url: '/sw.js' });
  assert.is(r.statusCode, 200);
  assert.is(r.headers['cache-control'], 'no-cache');
  assert.is(r.headers['service-worker-allowed'], '/');
});

P('hashed assets are cached for a year', async ({ app }) => {
  const asset = readdirSync(join(dist, 'assets')).find((f) => f.endsWith('.js'))!;
  const r = await app.inject({ method: 'GET', url: `/assets/${asset}` });
  assert.is(r.statusCode, 200);
  assert.is(r.headers['cache-control'], 'public, max-age=31536000, immutable');
  assert.is((await app.inject({ method: 'GET', url: '/assets/nothing.js' })).statusCode, 404);
});

P('the API and Socket.IO are not answered by the shell', async ({ app }) => {
  const api = await app.inject({ method: 'GET', url: '/api/nothing' });
  assert.is(api.statusCode, 404);
  assert.match(api.headers['content-type'] as string, /application\/json/);
  const orders = await app.inject({ method: 'GET', url: '/api/orders' });
  assert.is(orders.statusCode, 401);
  const io = await app.inject({ method: 'GET', url: '/socket.io/?EIO=4&transport=polling' });
  assert.not.match(io.body, /<html/i);
});

P.run();
