import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { FastifyInstance } from 'fastify';
import { body, buildTestApp, signInAs } from '../../helper.js';

const C = suite<{ app: FastifyInstance }>('users, machines, templates');
C.before(async (ctx) => {
  ctx.app = await buildTestApp();
});
C.after(async (ctx) => ctx.app.close());

const req = (app: FastifyInstance, method: string, url: string, payload?: object) =>
  app.inject({ method: method as 'GET', url, ...(payload ? { payload } : {}) });

C('machines: create, list, rename, delete, 404s', async ({ app }) => {
  const m = body(await req(app, 'POST', '/api/machines', { name: '  Presse plieuse ' }));
  assert.is(m.name, 'Presse plieuse');
  assert.ok(body(await req(app, 'GET', '/api/machines')).some((x: any) => x.id === m.id));
  assert.is(body(await req(app, 'PUT', `/api/machines/${m.id}`, { name: 'Presse 2' })).name, 'Presse 2');
  assert.is(body(await req(app, 'GET', `/api/machines/${m.id}`)).name, 'Presse 2');
  assert.is((await req(app, 'DELETE', `/api/machines/${m.id}`)).statusCode, 204);
  assert.is((await req(app, 'GET', `/api/machines/${m.id}`)).statusCode, 404);
  assert.is((await req(app, 'PUT', `/api/machines/${m.id}`, { name: 'x' })).statusCode, 404);
  assert.is((await req(app, 'POST', '/api/machines', { name: '' })).statusCode, 400);
  assert.is((await req(app, 'POST', '/api/machines', { name: { $gt: '' } })).statusCode, 400);
});

C('a machine or a user that orders use cannot be deleted', async ({ app }) => {
  const m = body(await req(app, 'POST', '/api/machines', { name: 'Scie' }));
  const u = body(await req(app, 'POST', '/api/users', { name: 'Léa', role: 'operator' }));
  await req(app, 'POST', '/api/orders', { contact: { name: 'X' }, machineId: m.id, assigneeId: u.id });
  const rm = await req(app, 'DELETE', `/api/machines/${m.id}`);
  assert.is(rm.statusCode, 409);
  assert.is(body(rm).error.code, 'machine_in_use');
  const ru = await req(app, 'DELETE', `/api/users/${u.id}`);
  assert.is(ru.statusCode, 409);
  assert.is(body(ru).error.code, 'user_in_use');
});

C('users: roles validated, usernames unique, no secrets in answers', async ({ app }) => {
  const u = body(await req(app, 'POST', '/api/users', { name: 'Sophie', role: 'supervisor', username: 'sophie' }));
  assert.equal(Object.keys(u).sort(), ['id', 'name', 'role', 'username']);
  assert.is((await req(app, 'POST', '/api/users', { name: 'X', role: 'boss' })).statusCode, 400);
  const dup = await req(app, 'POST', '/api/users', { name: 'Other', role: 'operator', username: 'sophie' });
  assert.is(dup.statusCode, 409);
  assert.is(body(dup).error.code, 'username_taken');
  assert.is(body(await req(app, 'PUT', `/api/users/${u.id}`, { name: 'Sophie G.', role: 'admin', username: 'sophie' })).role, 'admin');
  assert.is((await req(app, 'DELETE', `/api/users/${u.id}`)).statusCode, 204);
});

C('templates: CRUD, chosen id, duplicate id, id mismatch', async ({ app }) => {
  const t = body(await req(app, 'POST', '/api/templates', { id: 'relance', name: 'Relance', subject: 'Commande {{order.number}}', body: 'Bonjour' }));
  assert.is(t.id, 'relance');
  assert.is((await req(app, 'POST', '/api/templates', { id: 'relance', name: 'R', subject: 's', body: 'b' })).statusCode, 409);
  assert.is(body(await req(app, 'PUT', '/api/templates/relance', { name: 'Relance 2', subject: 's', body: 'b' })).name, 'Relance 2');
  assert.is((await req(app, 'PUT', '/api/templates/relance', { id: 'autre', name: 'R', subject: 's', body: 'b' })).statusCode, 400);
  assert.is((await req(app, 'POST', '/api/templates', { name: 'R', subject: 's' })).statusCode, 400);
  assert.is((await req(app, 'DELETE', '/api/templates/relance')).statusCode, 204);
  assert.is((await req(app, 'DELETE', '/api/templates/relance')).statusCode, 404);
});

C('operators and kiosks see names, not sign-in names', async ({ app }) => {
  const op = await signInAs(app, 'operator');
  const asOperator = await app.inject({ method: 'GET', url: '/api/users', headers: { cookie: op.cookie } });
  assert.is(asOperator.statusCode, 200);
  const users = body(asOperator);
  assert.ok(users.length > 0);
  assert.ok(users.every((u: any) => u.username === undefined && typeof u.name === 'string'));
  const one = body(await app.inject({ method: 'GET', url: `/api/users/${op.id}`, headers: { cookie: op.cookie } }));
  assert.is(one.username, undefined);
  assert.is(body(await req(app, 'GET', `/api/users/${op.id}`)).username, op.username, 'an admin still sees it');
});

C.run();
