import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { FastifyInstance } from 'fastify';
import { body, buildTestApp, opId } from '../../helper.js';

/** Hostile and malformed requests: each gets a clear 4xx error body and changes nothing. */
const V = suite<{ app: FastifyInstance; id: string }>('validation');
V.before(async (ctx) => {
  ctx.app = await buildTestApp();
  ctx.id = body(await ctx.app.inject({ method: 'POST', url: '/api/orders', payload: { contact: { name: 'Cible' } } })).id;
});
V.after(async (ctx) => ctx.app.close());

const snapshot = async (app: FastifyInstance) => JSON.stringify(body(await app.inject({ method: 'GET', url: '/api/orders?all=1' })).orders);

V('hostile bodies are refused with 400 and an error code', async ({ app, id }) => {
  const before = await snapshot(app);
  const cases: Array<[string, string, unknown]> = [
    ['POST', `/api/orders/${id}/advance`, { expectedStepId: { $ne: 'x' }, opId: opId() }],
    ['POST', `/api/orders/${id}/advance`, { expectedStepId: 'en-attente', opId: opId(), $where: 'sleep(1000)' }],
    ['POST', `/api/orders/${id}/regress`, { expectedStepId: 'en-attente', opId: opId(), comment: { toString: 'x' } }],
    ['POST', `/api/orders/${id}/advance`, { expectedStepId: ['en-attente'], opId: opId() }],
    ['POST', `/api/orders/${id}/advance`, { expectedStepId: 'en-attente' }],
    ['POST', `/api/orders/${id}/advance`, { expectedStepId: 'en-attente', opId: opId(), unexpected: 1 }],
    ['POST', '/api/orders', { contact: { name: 'X', $set: { number: 1 } } }],
    ['POST', '/api/orders', { contact: { name: 'X' }, dueDate: '2026-13-45' }],
    ['POST', '/api/orders', { contact: { name: 'X', email: 'not-an-email' } }],
    ['POST', '/api/orders', { contact: { name: 'X'.repeat(200_000) } }],
    ['POST', '/api/orders', { contact: { name: 'X' }, number: 1.5 }],
    ['POST', '/api/orders', { contact: 'X' }],
    ['POST', '/api/orders', []],
    ['PATCH', `/api/orders/${id}`, { version: 99 }],
    ['PATCH', `/api/orders/${id}`, { 'contact.name': 'X' }],
  ];
  for (const [method, url, payload] of cases) {
    const r = await app.inject({ method: method as 'POST', url, payload: payload as object });
    assert.ok(r.statusCode === 400 || r.statusCode === 413, `${method} ${url} ${JSON.stringify(payload).slice(0, 80)} → ${r.statusCode}`);
    const b = body(r);
    assert.type(b.error.code, 'string');
    assert.type(b.error.message, 'string');
  }
  assert.is(await snapshot(app), before);
});

V('prototype pollution keys are refused and pollute nothing', async ({ app, id }) => {
  for (const raw of [
    `{"expectedStepId":"en-attente","opId":"${opId()}","__proto__":{"polluted":true}}`,
    `{"expectedStepId":"en-attente","opId":"${opId()}","constructor":{"prototype":{"polluted":true}}}`,
  ]) {
    const r = await app.inject({ method: 'POST', url: `/api/orders/${id}/advance`, payload: raw, headers: { 'content-type': 'application/json' } });
    assert.is(r.statusCode, 400, raw);
  }
  assert.is(({} as Record<string, unknown>).polluted, undefined);
});

V('query strings: operators and unknown parameters are refused', async ({ app }) => {
  for (const url of ['/api/orders?step[$ne]=x', '/api/orders?machine=a.b', '/api/orders?unknown=1', '/api/orders?all=yes', '/api/orders?q=' + 'x'.repeat(200)]) {
    const r = await app.inject({ method: 'GET', url });
    assert.is(r.statusCode, 400, url);
  }
});

V('malformed JSON, wrong content type, oversize body', async ({ app, id }) => {
  const bad = await app.inject({ method: 'POST', url: `/api/orders/${id}/advance`, payload: '{"expectedStepId":', headers: { 'content-type': 'application/json' } });
  assert.is(bad.statusCode, 400);
  assert.is(body(bad).error.code, 'bad_request');
  const text = await app.inject({ method: 'POST', url: `/api/orders/${id}/advance`, payload: 'hello', headers: { 'content-type': 'text/plain' } });
  assert.is(text.statusCode, 400);
  const xml = await app.inject({ method: 'POST', url: `/api/orders/${id}/advance`, payload: '<a/>', headers: { 'content-type': 'application/xml' } });
  assert.is(xml.statusCode, 415);
  assert.is(body(xml).error.code, 'unsupported_media_type');
  const huge = await app.inject({ method: 'POST', url: '/api/orders', payload: { contact: { name: 'x' }, nature: 'y'.repeat(1024 * 1024) } });
  assert.is(huge.statusCode, 413);
  assert.is(body(huge).error.code, 'body_too_large');
});

V('unknown routes answer the error shape', async ({ app }) => {
  const r = await app.inject({ method: 'GET', url: '/api/nothing-here' });
  assert.is(r.statusCode, 404);
  assert.is(body(r).error.code, 'not_found');
});

V('user text is stored as typed (rendering escapes it)', async ({ app }) => {
  const r = await app.inject({ method: 'POST', url: '/api/orders', payload: { contact: { name: '<script>alert(1)</script>', company: '"><img src=x onerror=alert(1)>' } } });
  assert.is(r.statusCode, 201);
  assert.is(body(r).contact.name, '<script>alert(1)</script>');
  assert.match(r.headers['content-type'] as string, /application\/json/);
});

V.run();
