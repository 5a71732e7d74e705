import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { FastifyInstance } from 'fastify';
import { body, buildTestApp, opId } from '../../helper.js';

/**
 * A step removed while a transition enters it: the settings save found no order at the step,
 * then the transition (decided on the workflow it had read) wrote the order there. The node
 * that saved looks again, at once and after every node's settings cache has turned, and sends
 * such an order back where it came from, as Jalon, saying why.
 */
const R = suite<{ app: FastifyInstance }>('a step removed while a transition enters it');
R.before(async (ctx) => {
  ctx.app = await buildTestApp();
});
R.after(async (ctx) => ctx.app.close());

R('the order caught at the removed step goes back to the step it came from, with a history line; screens hear of it', async ({ app }) => {
  const created = await app.inject({ method: 'POST', url: '/api/orders', payload: { contact: { name: 'LEUZE Lara' } } });
  const id = body(created).id as string;
  const moved = await app.inject({ method: 'POST', url: `/api/orders/${id}/move`, payload: { expectedStepId: 'en-attente', toStepId: 'decoupage', opId: opId() } });
  assert.is(moved.statusCode, 200, moved.body);

  // Remove Assemblage: nothing is there, so the save passes.
  const { seq, ...settings } = body(await app.inject({ method: 'GET', url: '/api/settings' }));
  void seq;
  const without = { ...settings, steps: settings.steps.filter((s: { id: string }) => s.id !== 'assemblage') };
  const changes: Array<{ stepId: string }> = [];
  app.feed.on('order:changed', ({ after }) => after.id === id && changes.push(after));
  const put = await app.inject({ method: 'PUT', url: '/api/settings', payload: without });
  assert.is(put.statusCode, 200, put.body);

  // Meanwhile the in-flight Next lands: the order is written at Assemblage, as the transition decided.
  await app.db.models.Order.updateOne(
    { _id: id },
    { $set: { stepId: 'assemblage' }, $push: { history: { at: new Date(), actor: 'Poste 1', kind: 'advanced', fromStepId: 'decoupage', toStepId: 'assemblage', opId: opId() } } },
  );
  // Written beside the store here; the transition's own write would have told the active orders in memory.
  app.repos.orders.forgetActive();

  // The second look (1.5 s) finds it and sends it back to Découpage. The order is readable
  // there as soon as its write lands, a moment before the node announces it: wait for both.
  const heard = () => changes.some((c) => c.stepId === 'decoupage');
  const deadline = Date.now() + 8000;
  let order = body(await app.inject({ method: 'GET', url: `/api/orders/${id}` }));
  while ((order.stepId === 'assemblage' || !heard()) && Date.now() < deadline) {
    await new Promise((ok) => setTimeout(ok, 100));
    order = body(await app.inject({ method: 'GET', url: `/api/orders/${id}` }));
  }
  assert.is(order.stepId, 'decoupage');
  const last = order.history.at(-1);
  assert.is(last.kind, 'moved');
  assert.is(last.actor, 'Jalon');
  assert.is(last.fromStepId, 'assemblage');
  assert.is(last.toStepId, 'decoupage');
  assert.match(last.comment, /Étape supprimée/);
  assert.ok(heard(), 'the screens were told');
  // Nothing else moved: the person's earlier transitions are all there, under their names.
  assert.ok(order.history.some((h: { kind: string; toStepId?: string }) => h.kind === 'moved' && h.toStepId === 'decoupage' && h !== last));
});

R.run();
