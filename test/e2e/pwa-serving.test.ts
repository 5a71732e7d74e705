import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
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

P('scripts go compressed to a browser that accepts it (brotli, else gzip), as they are to one that does not', async ({ app }) => {
  const entry = readdirSync(join(dist, 'assets')).find((f) => /^index-.*\.js$/.test(f))!;
  const raw = readFileSync(join(dist, 'assets', entry));
  for (const url of [`/assets/${entry}`, '/sw.js']) {
    const original = url === '/sw.js' ? readFileSync(join(dist, 'sw.js')) : raw;
    const br = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip, deflate, br, zstd' } });
    assert.is(br.statusCode, 200, url);
    assert.is(br.headers['content-encoding'], 'br', url);
    assert.match(String(br.headers.vary), /accept-encoding/i, `${url}: ${JSON.stringify(br.headers)}`);
    assert.match(String(br.headers['content-type']), /javascript/, `${url}: ${JSON.stringify(br.headers)}`);
    assert.ok(br.rawPayload.length < original.length / 2, `${url}: ${br.rawPayload.length} bytes for ${original.length}`);
    assert.ok(brotliDecompressSync(br.rawPayload).equals(original), `${url}: the brotli copy is the file`);
    const gz = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip' } });
    assert.is(gz.headers['content-encoding'], 'gzip', url);
    assert.ok(gunzipSync(gz.rawPayload).equals(original), `${url}: the gzip copy is the file`);
    const plain = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'identity' } });
    assert.is(plain.headers['content-encoding'], undefined, url);
    assert.ok(plain.rawPayload.equals(original), url);
  }
  // The copies are sent for their file, never routed on their own beside the shell's files.
  assert.is((await app.inject({ method: 'GET', url: '/sw.js.br' })).statusCode, 404);
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
