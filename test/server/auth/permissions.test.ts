import type { InjectOptions } from 'fastify';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { body, buildTestApp, login, opId, signInAs } from '../../helper.js';
import { buildWorld, WHO, type Who, type World } from './world.js';

/*
 * The permission matrix: every /api route (as registered, from the auth
 * plugin's route table) × every kind of caller, with the status each cell
 * must answer. A route without a row fails, and so does a row without a
 * route: adding a route means deciding here who may call it.
 */

type Cells = Record<Who, number>;
const cells = (anonymous: number, kioskIn: number, kioskOut: number, wall: number, operator: number, supervisor: number, admin: number): Cells => ({
  anonymous,
  kioskIn,
  kioskOut,
  wall,
  operator,
  supervisor,
  admin,
});

const everyone = (s: number) => cells(s, s, s, s, s, s, s);
/** Anyone recognised: people and kiosks alike. */
const signedIn = (ok: number) => cells(401, ok, ok, ok, ok, ok, ok);
const readOnly = (ok: number) => cells(401, ok, ok, ok, ok, ok, ok);
const supervisorUp = (ok: number) => cells(401, 403, 403, 403, 403, ok, ok);
const adminOnly = (ok: number) => cells(401, 403, 403, 403, 403, 403, ok);
/** Order reads: in scope for the kiosk of A and the operator's own orders, everything for the wall and above. */
const orderRead = (ok: number) => cells(401, ok, 403, ok, ok, ok, ok);
/** Next/Previous: like reads, but the wall changes nothing. */
const orderAct = (ok: number) => cells(401, ok, 403, 403, ok, ok, ok);
/** Only a paired kiosk (not a wall) signs operators in with a PIN. */
const kioskOnly = (ok: number) => cells(401, ok, ok, 403, 403, 403, 403);

type Build = (w: World, who: Who) => Promise<InjectOptions & { cookie?: string }>;
interface Row {
  expect: Cells;
  request: Build;
}

const json = (method: InjectOptions['method'], url: string, payload?: unknown): InjectOptions =>
  ({ method, url, ...(payload === undefined ? {} : { payload: payload as object }) });

let n = 0;
const uniq = () => `${Date.now().toString(36)}${++n}`;

async function freshUser(w: World): Promise<string> {
  return body(await w.asAdmin(json('POST', '/api/users', { name: `U${uniq()}`, role: 'operator', username: `u${uniq()}` }))).id;
}
async function freshMachine(w: World): Promise<string> {
  return body(await w.asAdmin(json('POST', '/api/machines', { name: `M${uniq()}` }))).id;
}
async function freshTemplate(w: World): Promise<string> {
  return body(await w.asAdmin(json('POST', '/api/templates', { name: `T${uniq()}`, subject: 'S', body: 'B' }))).id;
}
async function freshScreenCode(w: World): Promise<{ code: string; token: string }> {
  const r = body(await w.app.inject({ method: 'POST', url: '/api/kiosks/screen-code' }));
  return { code: r.code, token: r.token };
}
async function freshApiToken(w: World): Promise<string> {
  return body(await w.asAdmin(json('POST', '/api/tokens', { name: `T${uniq()}`, scopes: ['orders:read'] }))).token.id;
}
async function freshWebhook(w: World): Promise<string> {
  return body(await w.asAdmin(json('POST', '/api/webhooks', { url: 'http://127.0.0.1:9/x', events: ['order.created'] }))).webhook.id;
}
async function freshKiosk(w: World): Promise<{ id: string; code: string }> {
  const r = body(await w.asAdmin(json('POST', '/api/kiosks', { name: `K${uniq()}`, scope: { wall: true } })));
  return { id: r.kiosk.id, code: r.pairingCode };
}

const rows: Record<string, Row> = {
  'GET /api/health': { expect: everyone(200), request: async () => json('GET', '/api/health') },

  // The workshop's statistics: supervisors and admins; operators, kiosks and walls never (the cards' own figures excepted).
  'GET /api/insight/steps': { expect: supervisorUp(200), request: async () => json('GET', '/api/insight/steps?from=2026-01-01&to=2026-01-31') },
  'GET /api/insight/throughput': { expect: supervisorUp(200), request: async () => json('GET', '/api/insight/throughput?from=2026-01-01&to=2026-01-31') },
  'GET /api/insight/overview': { expect: supervisorUp(200), request: async () => json('GET', '/api/insight/overview?from=2026-01-01&to=2026-01-31') },
  'GET /api/insight/wip': { expect: supervisorUp(200), request: async () => json('GET', '/api/insight/wip') },
  'GET /api/insight/export.csv': { expect: supervisorUp(200), request: async () => json('GET', '/api/insight/export.csv?from=2026-01-01&to=2026-01-31') },

  'GET /api/settings': { expect: readOnly(200), request: async () => json('GET', '/api/settings') },
  'PUT /api/settings': {
    expect: adminOnly(200),
    request: async (w) => {
      const { seq, ...s } = body(await w.asAdmin(json('GET', '/api/settings')));
      void seq;
      return json('PUT', '/api/settings', s);
    },
  },

  'GET /api/templates': { expect: supervisorUp(200), request: async () => json('GET', '/api/templates') },
  'GET /api/templates/:id': { expect: supervisorUp(200), request: async () => json('GET', '/api/templates/commande-dispo') },
  'POST /api/templates': { expect: adminOnly(201), request: async () => json('POST', '/api/templates', { name: 'New', subject: 'S', body: 'B' }) },
  'PUT /api/templates/:id': {
    expect: adminOnly(200),
    request: async (w) => json('PUT', `/api/templates/${await freshTemplate(w)}`, { name: 'Renamed', subject: 'S', body: 'B' }),
  },
  'DELETE /api/templates/:id': { expect: adminOnly(204), request: async (w) => json('DELETE', `/api/templates/${await freshTemplate(w)}`) },

  'GET /api/users': { expect: signedIn(200), request: async () => json('GET', '/api/users') },
  'GET /api/users/:id': { expect: signedIn(200), request: async (w) => json('GET', `/api/users/${w.operator.id}`) },
  'POST /api/users': { expect: adminOnly(201), request: async () => json('POST', '/api/users', { name: 'New person', role: 'operator' }) },
  'PUT /api/users/:id': {
    expect: adminOnly(200),
    request: async (w) => json('PUT', `/api/users/${await freshUser(w)}`, { name: 'Renamed', role: 'operator' }),
  },
  'DELETE /api/users/:id': { expect: adminOnly(204), request: async (w) => json('DELETE', `/api/users/${await freshUser(w)}`) },

  'GET /api/machines': { expect: signedIn(200), request: async () => json('GET', '/api/machines') },
  'GET /api/machines/:id': { expect: signedIn(200), request: async (w) => json('GET', `/api/machines/${w.machineA}`) },
  'POST /api/machines': { expect: adminOnly(201), request: async () => json('POST', '/api/machines', { name: 'New machine' }) },
  'PUT /api/machines/:id': { expect: adminOnly(200), request: async (w) => json('PUT', `/api/machines/${await freshMachine(w)}`, { name: 'Renamed' }) },
  'DELETE /api/machines/:id': { expect: adminOnly(204), request: async (w) => json('DELETE', `/api/machines/${await freshMachine(w)}`) },

  // The kiosk of A asks for its machine (in scope) or for B's (out of scope); others ask for everything.
  'GET /api/orders': {
    expect: orderRead(200),
    request: async (w, who) =>
      json('GET', who === 'kioskIn' ? `/api/orders?machine=${w.machineA}` : who === 'kioskOut' ? `/api/orders?machine=${w.machineB}` : '/api/orders'),
  },
  'POST /api/orders': { expect: supervisorUp(201), request: async () => json('POST', '/api/orders', { contact: { name: 'New client' } }) },
  'GET /api/orders/:id': { expect: orderRead(200), request: async (w, who) => json('GET', `/api/orders/${(await w.order(who)).id}`) },
  // Traveller sheets are read as the order is: a kiosk prints its own machine's, not another's.
  'GET /api/orders/:id/traveller.pdf': {
    expect: orderRead(200),
    request: async (w, who) => json('GET', `/api/orders/${(await w.order(who)).id}/traveller.pdf`),
  },
  'GET /api/orders/travellers.pdf': {
    expect: orderRead(200),
    request: async (w, who) => json('GET', `/api/orders/travellers.pdf?ids=${(await w.order(who)).id},${(await w.order(who)).id}`),
  },
  'PATCH /api/orders/:id': {
    expect: supervisorUp(200),
    request: async (w, who) => json('PATCH', `/api/orders/${(await w.order(who)).id}`, { nature: 'Edited' }),
  },
  'DELETE /api/orders/:id': { expect: supervisorUp(204), request: async (w, who) => json('DELETE', `/api/orders/${(await w.order(who)).id}`) },
  // The ERP's ways in and out: supervisors and admins (a kiosk or an operator neither imports nor exports).
  'POST /api/orders/import': {
    expect: supervisorUp(200),
    request: async () => ({ method: 'POST', url: '/api/orders/import?dryRun=1', headers: { 'content-type': 'text/csv' }, payload: 'name;externalRef\nX;PERM-1\n' }),
  },
  'PUT /api/orders/by-ref/:externalRef': {
    expect: supervisorUp(201),
    request: async (_w, who) => json('PUT', `/api/orders/by-ref/PERM-${who}-${uniq()}`, { contact: { name: 'ERP client' } }),
  },
  'GET /api/orders/export.csv': { expect: supervisorUp(200), request: async () => json('GET', '/api/orders/export.csv?all=1') },
  'POST /api/orders/:id/advance': {
    expect: orderAct(200),
    request: async (w, who) => {
      const o = await w.order(who);
      return json('POST', `/api/orders/${o.id}/advance`, { expectedStepId: o.stepId, opId: opId() });
    },
  },
  'POST /api/orders/:id/regress': {
    expect: orderAct(200),
    request: async (w, who) => {
      const o = await w.order(who, { stepId: 'decoupage' });
      return json('POST', `/api/orders/${o.id}/regress`, { expectedStepId: o.stepId, opId: opId(), comment: 'Wrong step' });
    },
  },
  'POST /api/orders/:id/move': {
    expect: supervisorUp(200),
    request: async (w, who) => {
      const o = await w.order(who);
      return json('POST', `/api/orders/${o.id}/move`, { expectedStepId: o.stepId, opId: opId(), toStepId: 'emballage' });
    },
  },
  'GET /api/orders/:id/mail': {
    expect: orderRead(200),
    request: async (w, who) => json('GET', `/api/orders/${(await w.order(who, { stepId: 'assemblage' })).id}/mail`),
  },
  'POST /api/orders/:id/mail': {
    expect: supervisorUp(202),
    request: async (w, who) =>
      json('POST', `/api/orders/${(await w.order(who, { stepId: 'assemblage' })).id}/mail`, { subject: 'Ready', body: 'Your order is ready' }),
  },

  'POST /api/auth/login': {
    expect: everyone(200),
    request: async (w) => json('POST', '/api/auth/login', { username: w.supervisor.username, password: w.supervisor.password }),
  },
  // Signing out ends the caller's session: people send a session of their own made for this cell.
  'POST /api/auth/logout': {
    expect: everyone(204),
    request: async (w, who) => {
      const p = who === 'operator' ? w.operator : who === 'supervisor' ? w.supervisor : who === 'admin' ? w.admin : null;
      return { ...json('POST', '/api/auth/logout'), ...(p ? { cookie: await login(w.app, p.username, p.password) } : {}) };
    },
  },
  'GET /api/auth/me': { expect: signedIn(200), request: async () => json('GET', '/api/auth/me') },
  'GET /api/auth/setup': { expect: everyone(200), request: async () => json('GET', '/api/auth/setup') },
  // The admin exists already: a setup token is refused whoever sends it.
  'POST /api/auth/setup': {
    expect: everyone(401),
    request: async () => json('POST', '/api/auth/setup', { token: 'x'.repeat(43), password: 'long enough password' }),
  },
  'PUT /api/auth/password': {
    expect: cells(401, 403, 403, 403, 204, 204, 204),
    request: async (w, who) => {
      const p = who === 'operator' ? w.operator : who === 'supervisor' ? w.supervisor : w.admin;
      return json('PUT', '/api/auth/password', { currentPassword: p.password, password: p.password });
    },
  },
  'PUT /api/auth/users/:id/password': {
    expect: adminOnly(204),
    request: async (w) => json('PUT', `/api/auth/users/${(await signInAs(w.app, 'operator')).id}/password`, { password: 'another password' }),
  },
  'PUT /api/auth/users/:id/pin': { expect: adminOnly(204), request: async (w) => json('PUT', `/api/auth/users/${await freshUser(w)}/pin`, { pin: '123456' }) },
  'DELETE /api/auth/users/:id/pin': { expect: adminOnly(204), request: async (w) => json('DELETE', `/api/auth/users/${await freshUser(w)}/pin`) },

  'GET /api/kiosks': { expect: adminOnly(200), request: async () => json('GET', '/api/kiosks') },
  // The ERP integration: API tokens and webhooks are for admins alone (a webhook calls any address the server reaches).
  'GET /api/tokens': { expect: adminOnly(200), request: async () => json('GET', '/api/tokens') },
  'POST /api/tokens': { expect: adminOnly(201), request: async () => json('POST', '/api/tokens', { name: `T${uniq()}`, scopes: ['orders:read'] }) },
  'DELETE /api/tokens/:id': { expect: adminOnly(204), request: async (w) => json('DELETE', `/api/tokens/${await freshApiToken(w)}`) },
  'GET /api/webhooks': { expect: adminOnly(200), request: async () => json('GET', '/api/webhooks') },
  'POST /api/webhooks': { expect: adminOnly(201), request: async () => json('POST', '/api/webhooks', { url: 'http://127.0.0.1:9/x', events: ['order.created'] }) },
  'GET /api/webhooks/:id': { expect: adminOnly(200), request: async (w) => json('GET', `/api/webhooks/${await freshWebhook(w)}`) },
  'PATCH /api/webhooks/:id': { expect: adminOnly(200), request: async (w) => json('PATCH', `/api/webhooks/${await freshWebhook(w)}`, { enabled: false }) },
  'DELETE /api/webhooks/:id': { expect: adminOnly(204), request: async (w) => json('DELETE', `/api/webhooks/${await freshWebhook(w)}`) },
  'GET /api/webhooks/:id/deliveries': { expect: adminOnly(200), request: async (w) => json('GET', `/api/webhooks/${await freshWebhook(w)}/deliveries`) },
  'POST /api/webhooks/:id/deliveries/:deliveryId/redeliver': {
    // A delivery that does not exist: past the access check, a 404 (the deliveries themselves are tested in integration/webhooks).
    expect: adminOnly(404),
    request: async (w) => json('POST', `/api/webhooks/${await freshWebhook(w)}/deliveries/${'0'.repeat(32)}/redeliver`),
  },
  'POST /api/kiosks': { expect: adminOnly(201), request: async (w) => json('POST', '/api/kiosks', { name: 'New kiosk', scope: { machineId: w.machineB } }) },
  'PUT /api/kiosks/:id': { expect: adminOnly(200), request: async (w) => json('PUT', `/api/kiosks/${(await freshKiosk(w)).id}`, { name: 'Renamed' }) },
  'POST /api/kiosks/:id/code': { expect: adminOnly(200), request: async (w) => json('POST', `/api/kiosks/${(await freshKiosk(w)).id}/code`) },
  'DELETE /api/kiosks/:id': { expect: adminOnly(204), request: async (w) => json('DELETE', `/api/kiosks/${(await freshKiosk(w)).id}`) },
  // Pairing is how a screen gets in: open to all, a device cookie of its own results (the caller's cookie is not replaced here).
  // The matrix runs outside demo mode: the list answers for admins only, and a demo link pairs nobody (403 demo_only).
  'GET /api/kiosks/demo-links': { expect: adminOnly(200), request: async () => json('GET', '/api/kiosks/demo-links') },
  'POST /api/kiosks/demo-pair': { expect: everyone(403), request: async () => json('POST', '/api/kiosks/demo-pair', { token: 'a'.repeat(32) }) },
  'POST /api/kiosks/pair': { expect: everyone(200), request: async (w) => json('POST', '/api/kiosks/pair', { code: (await freshKiosk(w)).code }) },
  'POST /api/kiosks/operator': {
    expect: kioskOnly(200),
    request: async (w) => json('POST', '/api/kiosks/operator', { userId: w.pinUser.id, pin: w.pinUser.pin }),
  },
  'DELETE /api/kiosks/operator': { expect: kioskOnly(204), request: async () => json('DELETE', '/api/kiosks/operator') },
  // Pairing by QR: any screen may ask for its code and wait with its secret; only an admin claims one.
  'POST /api/kiosks/screen-code': { expect: everyone(201), request: async () => json('POST', '/api/kiosks/screen-code') },
  'POST /api/kiosks/screen-code/wait': { expect: everyone(200), request: async (w) => json('POST', '/api/kiosks/screen-code/wait', await freshScreenCode(w)) },
  'POST /api/kiosks/screen-code/claim': {
    expect: adminOnly(201),
    request: async (w) => json('POST', '/api/kiosks/screen-code/claim', { code: (await freshScreenCode(w)).code, name: `S${uniq()}`, scope: { wall: true } }),
  },
  // Where an order is (machine, person), for any screen or person that scanned its sheet.
  'GET /api/kiosks/whereabouts/:number': {
    expect: signedIn(200),
    request: async (w) => {
      const o = body(await w.asAdmin(json('GET', `/api/orders/${(await w.order('admin')).id}`)));
      return json('GET', `/api/kiosks/whereabouts/${o.number}`);
    },
  },
};

const T = suite<{ world: World }>('permission matrix');

T.before(async (ctx) => {
  ctx.world = await buildWorld(await buildTestApp({ as: 'anonymous' }));
});
T.after(async (ctx) => {
  await ctx.world.app.close();
});

T('every /api route has a row, and every row a route', ({ world }) => {
  const registered = world.app.auth.routes.map((r) => `${r.method} ${r.url}`).sort();
  const missing = registered.filter((k) => !(k in rows));
  const stale = Object.keys(rows).filter((k) => !registered.includes(k));
  assert.equal(missing, [], `routes without a row in the permission matrix: ${missing.join(', ')}`);
  assert.equal(stale, [], `rows for routes that do not exist: ${stale.join(', ')}`);
  assert.ok(registered.length >= 40, `only ${registered.length} routes found`);
});

T('each route answers each caller as the matrix says', async ({ world }) => {
  const wrong: string[] = [];
  let checked = 0;
  for (const route of world.app.auth.routes) {
    const key = `${route.method} ${route.url}`;
    const row = rows[key];
    if (!row) continue;
    for (const who of WHO) {
      const { cookie, ...req } = await row.request(world, who);
      const sent = cookie ?? world.cookieOf(who);
      const res = await world.app.inject({ ...req, headers: { ...(req.headers ?? {}), cookie: sent } });
      checked++;
      if (res.statusCode !== row.expect[who]) wrong.push(`${key} as ${who}: ${res.statusCode} (expected ${row.expect[who]}) ${res.body.slice(0, 160)}`);
    }
  }
  assert.equal(wrong, [], `\n${wrong.join('\n')}`);
  assert.ok(checked >= 40 * WHO.length);
});

T('refusals carry the error shape and say why', async ({ world }) => {
  const anon = await world.app.inject({ method: 'GET', url: '/api/orders', headers: { cookie: '' } });
  assert.is(anon.statusCode, 401);
  assert.is(body(anon).error.code, 'unauthenticated');
  const op = await world.app.inject({ method: 'GET', url: '/api/kiosks', headers: { cookie: world.operator.cookie } });
  assert.is(body(op).error.code, 'forbidden');
  const wallWrite = await world.app.inject({
    method: 'POST',
    url: `/api/orders/${(await world.order('wall')).id}/advance`,
    payload: { expectedStepId: 'en-attente', opId: opId() },
    headers: { cookie: world.wall.cookie },
  });
  assert.is(body(wallWrite).error.code, 'read_only');
  const out = await world.app.inject({ method: 'GET', url: `/api/orders/${(await world.order('kioskOut')).id}`, headers: { cookie: world.kioskA.cookie } });
  assert.is(body(out).error.code, 'out_of_scope');
});

T('a kiosk lists only its own orders, whatever it asks for', async ({ world }) => {
  const a = await world.order('kioskIn');
  const b = await world.order('kioskOut');
  const res = await world.app.inject({ method: 'GET', url: '/api/orders?all=1', headers: { cookie: world.kioskA.cookie } });
  assert.is(res.statusCode, 200);
  const ids = body(res).orders.map((o: { id: string }) => o.id);
  assert.ok(ids.includes(a.id));
  assert.not.ok(ids.includes(b.id));
  assert.ok(body(res).orders.every((o: { machineId: string }) => o.machineId === world.machineA));
  const other = await world.app.inject({ method: 'GET', url: `/api/orders?assignee=${world.operator.id}`, headers: { cookie: world.kioskA.cookie } });
  assert.is(other.statusCode, 200);
  assert.ok(body(other).orders.every((o: { machineId: string }) => o.machineId === world.machineA));
});

T('an operator lists only the orders assigned to them', async ({ world }) => {
  const mine = await world.order('operator');
  const notMine = await world.order('kioskIn');
  const res = await world.app.inject({ method: 'GET', url: '/api/orders', headers: { cookie: world.operator.cookie } });
  const ids = body(res).orders.map((o: { id: string }) => o.id);
  assert.ok(ids.includes(mine.id));
  assert.not.ok(ids.includes(notMine.id));
  const forbidden = await world.app.inject({ method: 'GET', url: `/api/orders?assignee=${world.supervisor.id}`, headers: { cookie: world.operator.cookie } });
  assert.is(forbidden.statusCode, 403);
});

T('the API description is public', async ({ world }) => {
  const res = await world.app.inject({ method: 'GET', url: '/api/docs/json', headers: { cookie: '' } });
  assert.is(res.statusCode, 200);
});

T.run();
