import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { FastifyInstance } from 'fastify';
import { body, buildTestApp, pairKiosk } from '../../helper.js';

/**
 * GET /api/kiosks/whereabouts/:number: where an order is for a screen that scanned a sheet it
 * does not show: its machine or person, finished once archived, 404 unknown, 400 not a number;
 * nothing of the customer.
 */
type Ctx = { app: FastifyInstance; saw: string; press: string };
const W = suite<Ctx>('order whereabouts by number');

W.before(async (ctx) => {
  ctx.app = await buildTestApp();
  const machine = async (name: string) => body((await ctx.app.inject({ method: 'POST', url: '/api/machines', payload: { name } }))).id as string;
  ctx.saw = await machine('Scie');
  ctx.press = await machine('Presse');
});
W.after(async ({ app }) => app.close());

const order = async (app: FastifyInstance, extra: Record<string, unknown>) => {
  const r = await app.inject({ method: 'POST', url: '/api/orders', payload: { contact: { name: 'LEUZE Lara', company: 'ANTIKOR' }, ...extra } });
  assert.is(r.statusCode, 201, r.body);
  return body<{ id: string; number: number }>(r);
};

W("a kiosk of another machine learns the order's machine, and nothing of its customer", async ({ app, saw, press }) => {
  const o = await order(app, { machineId: press });
  const kiosk = await pairKiosk(app, { machineId: saw });
  const r = await app.inject({ method: 'GET', url: `/api/kiosks/whereabouts/${o.number}`, headers: { cookie: kiosk.cookie } });
  assert.is(r.statusCode, 200, r.body);
  assert.equal(body(r), { number: o.number, machineId: press, assigneeId: null, finished: false });
  // Reading the order itself stays refused to that kiosk.
  assert.is((await app.inject({ method: 'GET', url: `/api/orders/${o.id}`, headers: { cookie: kiosk.cookie } })).statusCode, 403);
});

W('an order at the last step is finished (read from the archive index); unknown → 404; not a number → 400', async ({ app }) => {
  const o = await order(app, { stepId: 'terminee' });
  const r = await app.inject({ method: 'GET', url: `/api/kiosks/whereabouts/${o.number}` });
  assert.is(r.statusCode, 200, r.body);
  assert.equal(body(r), { number: o.number, machineId: null, assigneeId: null, finished: true });
  const unknown = await app.inject({ method: 'GET', url: '/api/kiosks/whereabouts/987654321' });
  assert.is(unknown.statusCode, 404);
  assert.is(body(unknown).error.code, 'not_found');
  for (const bad of ['0', 'abc', '1234567890', '-3', '12.5']) {
    const res = await app.inject({ method: 'GET', url: `/api/kiosks/whereabouts/${bad}` });
    assert.is(res.statusCode, 400, `${bad}: ${res.body}`);
  }
});

W('anonymous → 401', async ({ app }) => {
  const r = await app.inject({ method: 'GET', url: '/api/kiosks/whereabouts/1', headers: { cookie: '' } });
  assert.is(r.statusCode, 401);
});

W.run();
