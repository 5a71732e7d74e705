import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { body, buildTestApp, opId } from '../../helper.js';
import { buildWorld, type World } from './world.js';

/*
 * One scope rule for every method: HEAD is a GET without a body, so whatever
 * GET refuses HEAD refuses too — otherwise its Content-Length answers
 * questions about orders the caller may not see.
 */
const T = suite<{ world: World }>('scope: every method of every scoped route');

T.before(async (ctx) => {
  ctx.world = await buildWorld(await buildTestApp({ as: 'anonymous' }));
});
T.after(async ({ world }) => {
  await world.app.close();
});

const ask = (w: World, method: 'GET' | 'HEAD', url: string, cookie: string) => w.app.inject({ method, url, headers: { cookie } });

T('a kiosk of machine A: GET and HEAD of B’s list, B’s order and B’s envelope are all 403', async ({ world: w }) => {
  const b = await w.order('kioskOut', { contact: { name: 'Secret Client' } });
  const wrong: string[] = [];
  for (const url of [`/api/orders?machine=${w.machineB}`, `/api/orders?machine=${w.machineB}&q=Secret`, `/api/orders/${b.id}`, `/api/orders/${b.id}/mail`]) {
    for (const method of ['GET', 'HEAD'] as const) {
      const res = await ask(w, method, url, w.kioskA.cookie);
      if (res.statusCode !== 403) wrong.push(`${method} ${url}: ${res.statusCode}`);
    }
  }
  assert.equal(wrong, []);
});

T('HEAD of a list says nothing about other machines: its length does not depend on their customers', async ({ world: w }) => {
  await w.order('kioskOut', { contact: { name: 'Zebulon Oracle' } });
  const hit = await ask(w, 'HEAD', '/api/orders?q=Zebulon', w.kioskA.cookie);
  const miss = await ask(w, 'HEAD', '/api/orders?q=Nobody-at-all', w.kioskA.cookie);
  assert.is(hit.statusCode, 200);
  assert.is(hit.headers['content-length'], miss.headers['content-length']);
  const get = await ask(w, 'GET', '/api/orders?q=Zebulon', w.kioskA.cookie);
  assert.is(String(get.body.length), String(hit.headers['content-length']));
});

T('an operator: GET and HEAD of someone else’s order and list are 403, their own are 200', async ({ world: w }) => {
  const theirs = await w.order('kioskIn');
  const mine = await w.order('operator');
  for (const method of ['GET', 'HEAD'] as const) {
    assert.is((await ask(w, method, `/api/orders/${theirs.id}`, w.operator.cookie)).statusCode, 403, `${method} other's order`);
    assert.is((await ask(w, method, `/api/orders/${theirs.id}/mail`, w.operator.cookie)).statusCode, 403, `${method} other's envelope`);
    assert.is((await ask(w, method, `/api/orders?assignee=${w.supervisor.id}`, w.operator.cookie)).statusCode, 403, `${method} other's list`);
    assert.is((await ask(w, method, `/api/orders/${mine.id}`, w.operator.cookie)).statusCode, 200, `${method} own order`);
  }
});

T('a kiosk cannot move an order of another machine, and nothing changes', async ({ world: w }) => {
  const b = await w.order('kioskOut');
  const res = await w.app.inject({
    method: 'POST',
    url: `/api/orders/${b.id}/advance`,
    payload: { expectedStepId: b.stepId, opId: opId() },
    headers: { cookie: w.kioskA.cookie },
  });
  assert.is(res.statusCode, 403);
  assert.is(body(res).error.code, 'out_of_scope');
  const after = body(await w.asAdmin({ method: 'GET', url: `/api/orders/${b.id}` }));
  assert.is(after.stepId, b.stepId);
  assert.is(after.version, b.version);
});

T('an unknown order is 404 for a scoped caller too, on GET and HEAD', async ({ world: w }) => {
  for (const method of ['GET', 'HEAD'] as const) {
    assert.is((await ask(w, method, '/api/orders/ffffffffffffffffffffffff', w.kioskA.cookie)).statusCode, 404, method);
  }
});

T('a replayed opId with another kind or target step is 409 op_mismatch, not the first answer', async ({ world: w }) => {
  const a = await w.order('admin');
  const op = opId();
  const first = await w.asAdmin({ method: 'POST', url: `/api/orders/${a.id}/advance`, payload: { expectedStepId: a.stepId, opId: op } });
  assert.is(first.statusCode, 200);
  const same = await w.asAdmin({ method: 'POST', url: `/api/orders/${a.id}/advance`, payload: { expectedStepId: a.stepId, opId: op } });
  assert.is(same.statusCode, 200);
  assert.is(same.headers['idempotent-replayed'], 'true');
  const at = body(first).stepId;
  const regress = await w.asAdmin({ method: 'POST', url: `/api/orders/${a.id}/regress`, payload: { expectedStepId: a.stepId, opId: op, comment: 'x' } });
  assert.is(regress.statusCode, 409, regress.body);
  assert.is(body(regress).error.code, 'op_mismatch');
  const settings = body(await w.asAdmin({ method: 'GET', url: '/api/settings' }));
  const elsewhere = settings.steps[settings.steps.length - 1].id;
  const move = await w.asAdmin({ method: 'POST', url: `/api/orders/${a.id}/move`, payload: { expectedStepId: a.stepId, opId: op, toStepId: elsewhere } });
  assert.is(move.statusCode, 409, move.body);
  assert.is(body(move).error.code, 'op_mismatch');
  assert.is(body(await w.asAdmin({ method: 'GET', url: `/api/orders/${a.id}` })).stepId, at);
});

T('an opId already used on one order, sent for another order, is 409 op_mismatch: the other order does not move', async ({ world: w }) => {
  const a = await w.order('admin');
  const b = await w.order('admin');
  const op = opId();
  const first = await w.asAdmin({ method: 'POST', url: `/api/orders/${a.id}/advance`, payload: { expectedStepId: a.stepId, opId: op } });
  assert.is(first.statusCode, 200, first.body);
  const other = await w.asAdmin({ method: 'POST', url: `/api/orders/${b.id}/advance`, payload: { expectedStepId: b.stepId, opId: op } });
  assert.is(other.statusCode, 409, other.body);
  assert.is(body(other).error.code, 'op_mismatch');
  const after = body(await w.asAdmin({ method: 'GET', url: `/api/orders/${b.id}` }));
  assert.is(after.stepId, b.stepId);
  assert.is(after.version, b.version);
  // Its own replay on the first order is still answered as applied.
  const replay = await w.asAdmin({ method: 'POST', url: `/api/orders/${a.id}/advance`, payload: { expectedStepId: a.stepId, opId: op } });
  assert.is(replay.statusCode, 200, replay.body);
  assert.is(replay.headers['idempotent-replayed'], 'true');
});

T.run();
