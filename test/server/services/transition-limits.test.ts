import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { FastifyInstance } from 'fastify';
import { defaultTransitionLimits } from '../../../server/services/transition-limits.js';
import { startRedis } from '../../../scripts/redis.js';
import { body, buildTestApp, opId, pairKiosk, uniqueDbName } from '../../helper.js';

const WINDOW_MS = 1500;
const L = suite<{ app: FastifyInstance; machine: string }>('transition limits');
L.before(async (ctx) => {
  ctx.app = await buildTestApp({
    config: { transitionLimits: { perOrder: { max: 3, windowMs: WINDOW_MS }, perKiosk: { max: 4, windowMs: 60_000 } } },
  });
  const m = await ctx.app.inject({ method: 'POST', url: '/api/machines', payload: { name: 'Presse' } });
  assert.is(m.statusCode, 201, m.body);
  ctx.machine = body(m).id;
});
L.after(async (ctx) => ctx.app.close());

async function newOrder(app: FastifyInstance, extra: Record<string, unknown> = {}): Promise<string> {
  const r = await app.inject({ method: 'POST', url: '/api/orders', payload: { contact: { name: 'LEUZE Lara' }, ...extra } });
  assert.is(r.statusCode, 201, r.body);
  return body(r).id;
}
const move = (app: FastifyInstance, id: string, from: string, to: string, headers: Record<string, string> = {}, op = opId()) =>
  app.inject({ method: 'POST', url: `/api/orders/${id}/move`, headers, payload: { expectedStepId: from, toStepId: to, opId: op, comment: 'aller-retour' } });
const history = async (app: FastifyInstance, id: string) => body((await app.inject({ method: 'GET', url: `/api/orders/${id}` }))).history.length as number;

L('the defaults: 10 moves per order in 10 s, 60 per kiosk a minute', () => {
  assert.equal(defaultTransitionLimits, { perOrder: { max: 10, windowMs: 10_000 }, perKiosk: { max: 60, windowMs: 60_000 } });
});

L('an order moved too often is refused with 429 and Retry-After, writes nothing, and may move again after the window', async ({ app }) => {
  const id = await newOrder(app);
  const other = await newOrder(app);
  const steps = ['en-attente', 'decoupage', 'en-attente', 'decoupage'];
  for (let i = 0; i < 3; i++) assert.is((await move(app, id, steps[i], steps[i + 1])).statusCode, 200);
  const before = await history(app, id);
  const r = await move(app, id, 'decoupage', 'en-attente');
  assert.is(r.statusCode, 429);
  assert.is(body(r).error.code, 'too_many_transitions');
  assert.match(body(r).error.message, /this order was moved more than 3 times in 1.5 s/);
  const wait = Number(r.headers['retry-after']);
  assert.ok(wait >= 1 && wait <= 2, `Retry-After ${r.headers['retry-after']}`);
  assert.is(body(r).retryAfter, wait);
  assert.is(await history(app, id), before, 'nothing written');
  // Per order, not global: another order moves.
  assert.is((await move(app, other, 'en-attente', 'decoupage')).statusCode, 200);
  await new Promise((ok) => setTimeout(ok, WINDOW_MS + 100));
  assert.is((await move(app, id, 'decoupage', 'en-attente')).statusCode, 200);
});

L('only written moves count: stale steps and replays cost nothing', async ({ app }) => {
  const id = await newOrder(app);
  const op = opId();
  assert.is((await move(app, id, 'en-attente', 'decoupage', {}, op)).statusCode, 200);
  for (let i = 0; i < 5; i++) {
    assert.is((await move(app, id, 'en-attente', 'decoupage')).statusCode, 409, 'stale');
    assert.is((await move(app, id, 'en-attente', 'decoupage', {}, op)).statusCode, 200, 'replay');
  }
  assert.is((await move(app, id, 'decoupage', 'assemblage')).statusCode, 200);
  assert.is((await move(app, id, 'assemblage', 'emballage')).statusCode, 200);
  assert.is((await move(app, id, 'emballage', 'livraison')).statusCode, 429, 'the fourth write');
});

L('a kiosk moving too many orders is refused; people and other orders are not', async ({ app, machine }) => {
  const kiosk = await pairKiosk(app, { machineId: machine });
  const ids = [];
  for (let i = 0; i < 5; i++) ids.push(await newOrder(app, { machineId: machine }));
  const headers = { cookie: kiosk.cookie };
  const advance = (id: string) =>
    app.inject({ method: 'POST', url: `/api/orders/${id}/advance`, headers, payload: { expectedStepId: 'en-attente', opId: opId() } });
  for (const id of ids.slice(0, 4)) assert.is((await advance(id)).statusCode, 200);
  const r = await advance(ids[4]);
  assert.is(r.statusCode, 429);
  assert.is(body(r).error.code, 'too_many_transitions');
  assert.match(body(r).error.message, /this screen made more than 4 moves in 60 s/);
  assert.ok(Number(r.headers['retry-after']) > 1);
  // The supervisor still moves that order.
  assert.is((await move(app, ids[4], 'en-attente', 'prise-en-charge')).statusCode, 200);
});

L('with Redis, every node counts against the same budget', async () => {
  const redis = await startRedis();
  const dbName = uniqueDbName('limits');
  const config = { redisUrl: redis.url, transitionLimits: { perOrder: { max: 3, windowMs: 60_000 }, perKiosk: { max: 60, windowMs: 60_000 } } };
  const [a, b] = [await buildTestApp({ dbName, config }), await buildTestApp({ dbName, config })];
  try {
    const id = await newOrder(a);
    const steps = ['en-attente', 'decoupage', 'en-attente', 'decoupage', 'en-attente'];
    const nodes = [a, b, a, b];
    for (let i = 0; i < 3; i++) assert.is((await move(nodes[i], id, steps[i], steps[i + 1])).statusCode, 200, `move ${i + 1}`);
    const r = await move(b, id, 'decoupage', 'en-attente');
    assert.is(r.statusCode, 429, 'the fourth, on the other node');
    assert.is(body(r).error.code, 'too_many_transitions');
  } finally {
    await a.close();
    await b.close();
    await redis.dispose();
  }
});

L.run();
