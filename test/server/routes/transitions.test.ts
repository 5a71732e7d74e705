import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { FastifyInstance } from 'fastify';
import { body, buildTestApp, opId } from '../../helper.js';

const T = suite<{ app: FastifyInstance }>('transitions');
T.before(async (ctx) => {
  ctx.app = await buildTestApp();
});
T.after(async (ctx) => ctx.app.close());

async function newOrder(app: FastifyInstance, extra: Record<string, unknown> = {}) {
  const r = await app.inject({ method: 'POST', url: '/api/orders', payload: { contact: { name: 'LEUZE Lara', company: 'ANTIKOR' }, ...extra } });
  assert.is(r.statusCode, 201, r.body);
  return body(r);
}
const post = (app: FastifyInstance, url: string, payload: unknown) => app.inject({ method: 'POST', url, payload: payload as object });
const get = async (app: FastifyInstance, id: string) => body((await app.inject({ method: 'GET', url: `/api/orders/${id}` })));

T('advance moves one step, bumps version and seq, records history', async ({ app }) => {
  const o = await newOrder(app);
  const r = await post(app, `/api/orders/${o.id}/advance`, { expectedStepId: 'en-attente', opId: opId() });
  assert.is(r.statusCode, 200);
  const a = body(r);
  assert.is(a.stepId, 'prise-en-charge');
  assert.is(a.version, o.version + 1);
  assert.ok(a.seq > o.seq);
  const last = a.history.at(-1);
  assert.is(last.kind, 'advanced');
  assert.is(last.fromStepId, 'en-attente');
  assert.is(last.toStepId, 'prise-en-charge');
  assert.is(last.actor, 'Administrateur'); // the test app acts as the account `admin`
});

T('stale expectedStepId → 409 with the current order, nothing changes', async ({ app }) => {
  const o = await newOrder(app);
  await post(app, `/api/orders/${o.id}/advance`, { expectedStepId: 'en-attente', opId: opId() });
  const r = await post(app, `/api/orders/${o.id}/advance`, { expectedStepId: 'en-attente', opId: opId() });
  assert.is(r.statusCode, 409);
  const b = body(r);
  assert.is(b.error.code, 'stale_step');
  assert.is(b.order.stepId, 'prise-en-charge');
  assert.is((await get(app, o.id)).history.length, 2);
});

T('the same opId twice applies once and answers the same order', async ({ app }) => {
  const o = await newOrder(app);
  const op = opId();
  const first = await post(app, `/api/orders/${o.id}/advance`, { expectedStepId: 'en-attente', opId: op });
  const again = await post(app, `/api/orders/${o.id}/advance`, { expectedStepId: 'en-attente', opId: op });
  assert.is(first.statusCode, 200);
  assert.is(again.statusCode, 200);
  assert.is(again.headers['idempotent-replayed'], 'true');
  assert.equal(body(again), body(first));
  const now = await get(app, o.id);
  assert.is(now.stepId, 'prise-en-charge');
  assert.is(now.history.filter((h: { opId?: string }) => h.opId === op).length, 1);
});

T('a replayed regress after the order moved on is still not applied twice', async ({ app }) => {
  const o = await newOrder(app, { stepId: 'decoupage' });
  const op = opId();
  await post(app, `/api/orders/${o.id}/regress`, { expectedStepId: 'decoupage', opId: op, comment: 'pièce rayée' });
  await post(app, `/api/orders/${o.id}/advance`, { expectedStepId: 'prise-en-charge', opId: opId() });
  const replay = await post(app, `/api/orders/${o.id}/regress`, { expectedStepId: 'decoupage', opId: op, comment: 'pièce rayée' });
  assert.is(replay.statusCode, 200);
  assert.is(body(replay).stepId, 'decoupage');
  assert.is((await get(app, o.id)).history.length, 3);
});

T('50 concurrent advances with the same expectedStepId: exactly one wins', async ({ app }) => {
  const o = await newOrder(app);
  const results = await Promise.all(
    Array.from({ length: 50 }, () => post(app, `/api/orders/${o.id}/advance`, { expectedStepId: 'en-attente', opId: opId() })),
  );
  const codes = results.map((r) => r.statusCode);
  assert.is(codes.filter((c) => c === 200).length, 1);
  assert.is(codes.filter((c) => c === 409).length, 49);
  const now = await get(app, o.id);
  assert.is(now.stepId, 'prise-en-charge');
  assert.is(now.version, 2);
  assert.is(now.history.filter((h: { kind: string }) => h.kind === 'advanced').length, 1);
});

T('50 concurrent replays of one opId apply once', async ({ app }) => {
  const o = await newOrder(app);
  const op = opId();
  const results = await Promise.all(
    Array.from({ length: 50 }, () => post(app, `/api/orders/${o.id}/advance`, { expectedStepId: 'en-attente', opId: op })),
  );
  assert.ok(results.every((r) => r.statusCode === 200));
  assert.is((await get(app, o.id)).history.length, 2);
});

T('regress requires a comment and records it', async ({ app }) => {
  const o = await newOrder(app, { stepId: 'assemblage' });
  for (const comment of ['', '   ']) {
    const r = await post(app, `/api/orders/${o.id}/regress`, { expectedStepId: 'assemblage', opId: opId(), comment });
    assert.is(r.statusCode, 400);
  }
  const missing = await post(app, `/api/orders/${o.id}/regress`, { expectedStepId: 'assemblage', opId: opId() });
  assert.is(missing.statusCode, 400);
  const ok = await post(app, `/api/orders/${o.id}/regress`, { expectedStepId: 'assemblage', opId: opId(), comment: 'Cote fausse, à recouper' });
  assert.is(ok.statusCode, 200);
  const h = body(ok).history.at(-1);
  assert.is(h.kind, 'regressed');
  assert.is(h.comment, 'Cote fausse, à recouper');
  assert.is(body(ok).stepId, 'decoupage');
});

T('edges: advancing from the last step, regressing from the first → 409 with a message', async ({ app }) => {
  const first = await newOrder(app);
  const r1 = await post(app, `/api/orders/${first.id}/regress`, { expectedStepId: 'en-attente', opId: opId(), comment: 'x' });
  assert.is(r1.statusCode, 409);
  assert.is(body(r1).error.code, 'no_previous_step');
  assert.match(body(r1).error.message, /first step/);
  const last = await newOrder(app, { stepId: 'annulee' });
  const r2 = await post(app, `/api/orders/${last.id}/advance`, { expectedStepId: 'annulee', opId: opId() });
  assert.is(r2.statusCode, 409);
  assert.is(body(r2).error.code, 'no_next_step');
  assert.is((await get(app, last.id)).history.length, 1);
});

T('entering the final step sets the final status, recorded in history', async ({ app }) => {
  const o = await newOrder(app, { stepId: 'livraison', status: 'expédiée' });
  const r = await post(app, `/api/orders/${o.id}/advance`, { expectedStepId: 'livraison', opId: opId() });
  const a = body(r);
  assert.is(a.stepId, 'terminee');
  assert.is(a.status, 'terminée');
  assert.is(a.urgency, 'none');
  const status = a.history.find((h: { kind: string }) => h.kind === 'status');
  assert.equal([status.fromStatus, status.toStatus], ['expédiée', 'terminée']);
});

T('move: any step; backwards needs a comment; unknown step refused', async ({ app }) => {
  const o = await newOrder(app);
  const fwd = await post(app, `/api/orders/${o.id}/move`, { expectedStepId: 'en-attente', opId: opId(), toStepId: 'emballage' });
  assert.is(fwd.statusCode, 200);
  assert.is(body(fwd).history.at(-1).kind, 'moved');
  const noComment = await post(app, `/api/orders/${o.id}/move`, { expectedStepId: 'emballage', opId: opId(), toStepId: 'en-attente' });
  assert.is(noComment.statusCode, 400);
  assert.is(body(noComment).error.code, 'comment_required');
  // A well-formed body naming a step that does not exist: 422, as for every missing reference.
  const unknown = await post(app, `/api/orders/${o.id}/move`, { expectedStepId: 'emballage', opId: opId(), toStepId: 'nulle-part' });
  assert.is(unknown.statusCode, 422);
  assert.is(body(unknown).error.code, 'unknown_step');
  const back = await post(app, `/api/orders/${o.id}/move`, { expectedStepId: 'emballage', opId: opId(), toStepId: 'en-attente', comment: 'client a annulé la finition' });
  assert.is(body(back).stepId, 'en-attente');
  assert.is((await get(app, o.id)).history.length, 3);
});

T('unknown order → 404; malformed id → 400; bad opId → 400', async ({ app }) => {
  const r = await post(app, `/api/orders/ffffffffffffffffffffffff/advance`, { expectedStepId: 'en-attente', opId: opId() });
  assert.is(r.statusCode, 404);
  assert.is(body(r).error.code, 'not_found');
  const bad = await post(app, `/api/orders/a.b/advance`, { expectedStepId: 'en-attente', opId: opId() });
  assert.is(bad.statusCode, 400);
  const o = await newOrder(app);
  const shortOp = await post(app, `/api/orders/${o.id}/advance`, { expectedStepId: 'en-attente', opId: 'x' });
  assert.is(shortOp.statusCode, 400);
  assert.is((await get(app, o.id)).version, 1);
});

T.run();
