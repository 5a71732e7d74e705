import { request } from 'node:http';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { FastifyInstance } from 'fastify';
import { body, buildTestApp } from '../../helper.js';

/** Refusals made before any route runs still have the API's error body. */
const F = suite<{ app: FastifyInstance; port: number }>('framework refusals');
F.before(async (ctx) => {
  ctx.app = await buildTestApp();
  await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  const addr = ctx.app.server.address();
  ctx.port = typeof addr === 'object' && addr ? addr.port : 0;
});
F.after(async (ctx) => ctx.app.close());

F('a path parameter too long for the router: 414 with { error: { code, message } }', async ({ app }) => {
  const r = await app.inject({ method: 'DELETE', url: `/api/tokens/${'x'.repeat(600)}` });
  assert.is(r.statusCode, 414);
  assert.is(body(r).error.code, 'uri_too_long');
  assert.type(body(r).error.message, 'string');
});

F('headers too large for the HTTP parser: 431 with { error: { code, message } }', async ({ port }) => {
  const answer = await new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/api/health', headers: { 'x-big': 'y'.repeat(40_000) } }, (res) => {
      let text = '';
      res.on('data', (b: Buffer) => (text += b.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end();
  });
  assert.is(answer.status, 431);
  assert.is((JSON.parse(answer.text) as { error: { code: string } }).error.code, 'headers_too_large');
});

F.run();
