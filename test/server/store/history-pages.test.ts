import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { FastifyInstance } from 'fastify';
import { body, buildTestApp, opId } from '../../helper.js';
import { HISTORY_KEPT } from '../../../server/store/orders.js';

/* An order's document stays bounded however long it lives: older history entries go to pages. */
const H = suite<{ app: FastifyInstance }>('bounded order history');
H.before(async (ctx) => {
  // A long life compressed into seconds: the per-order move budget is not what is tested here.
  ctx.app = await buildTestApp({ config: { transitionLimits: { perOrder: { max: 10_000, windowMs: 1000 }, perKiosk: { max: 10_000, windowMs: 1000 } } } });
});
H.after(async (ctx) => ctx.app.close());

H('450 Previous/Next: the document keeps at most HISTORY_KEPT entries, the full history reads back in order, recent replays are recognised', async ({ app }) => {
  const o = body(await app.inject({ method: 'POST', url: '/api/orders', payload: { contact: { name: 'Allers-retours' } } }));
  let step = o.stepId as string;
  const ops: string[] = [];
  for (let i = 0; i < 450; i++) {
    const forward = i % 2 === 0;
    const op = opId();
    ops.push(op);
    const r = await app.inject({
      method: 'POST',
      url: `/api/orders/${o.id}/${forward ? 'advance' : 'regress'}`,
      payload: forward ? { expectedStepId: step, opId: op } : { expectedStepId: step, opId: op, comment: `retour ${i}` },
    });
    assert.is(r.statusCode, 200, r.body);
    step = body(r).stepId;
  }
  const stored = (await app.db.models.Order.findById(o.id).lean()) as any;
  assert.ok(stored.history.length <= HISTORY_KEPT, `${stored.history.length} entries in the document`);
  assert.ok(stored.historyPages >= 2);
  const full = body(await app.inject({ method: 'GET', url: `/api/orders/${o.id}` }));
  assert.is(full.history.length, 451, 'created + 450 moves, none lost');
  assert.is(full.history[0].kind, 'created');
  assert.equal(full.history.slice(1).map((h: any) => h.opId), ops, 'in order');
  assert.is(full.version, 451);
  // The last one sent again: answered, nothing changes.
  const lastForward = full.history.at(-1);
  const again = await app.inject({
    method: 'POST',
    url: `/api/orders/${o.id}/regress`,
    payload: { expectedStepId: lastForward.fromStepId, opId: ops.at(-1), comment: 'retour 449' },
  });
  assert.is(again.statusCode, 200);
  assert.is(body(again).version, 451);
  // Removing the order removes its pages.
  assert.is((await app.inject({ method: 'DELETE', url: `/api/orders/${o.id}` })).statusCode, 204);
  assert.is(await app.db.models.HistoryPage.countDocuments({}), 0);
});

H.run();
