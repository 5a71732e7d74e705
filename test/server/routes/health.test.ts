import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { FastifyInstance } from 'fastify';
import { body, buildTestApp } from '../../helper.js';

const H = suite<{ app: FastifyInstance }>('health and docs');
H.before(async (ctx) => {
  ctx.app = await buildTestApp();
});
H.after(async (ctx) => ctx.app.close());

H('health is ok while the database answers', async ({ app }) => {
  const r = await app.inject({ method: 'GET', url: '/api/health' });
  assert.is(r.statusCode, 200);
  assert.equal(body(r), { status: 'ok', db: 'up' });
});

H('OpenAPI document lists the contract, generated from the shared schemas', async ({ app }) => {
  const r = await app.inject({ method: 'GET', url: '/api/docs/json' });
  assert.is(r.statusCode, 200);
  const doc = body(r);
  for (const path of ['/api/health', '/api/settings', '/api/templates', '/api/templates/{id}', '/api/users', '/api/machines', '/api/orders', '/api/orders/{id}', '/api/orders/{id}/advance', '/api/orders/{id}/regress', '/api/orders/{id}/move']) {
    assert.ok(doc.paths[path], path);
  }
  const advance = doc.paths['/api/orders/{id}/advance'].post.requestBody.content['application/json'].schema;
  assert.equal(advance.required.sort(), ['expectedStepId', 'opId']);
  const responses = doc.paths['/api/orders/{id}/advance'].post.responses;
  assert.ok(responses['4XX'] && responses['503'], 'refusals are documented');
  assert.ok(responses['200']);
  const ui = await app.inject({ method: 'GET', url: '/api/docs' });
  assert.ok(ui.statusCode === 200 || ui.statusCode === 302);
});

H.run();
