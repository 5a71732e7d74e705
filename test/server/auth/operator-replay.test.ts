import type { FastifyInstance } from 'fastify';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { adminCookie, body, buildTestApp, opId, pairKiosk, signInAs } from '../../helper.js';

/**
 * A kiosk replaying its queue names the operator whose PIN made each action: the server refuses
 * an action whose operator is not the kiosk's current one (409 operator_changed), so nobody's
 * Next is signed with the name of whoever typed a PIN after them.
 */
const T = suite<{ app: FastifyInstance; admin: string; machine: string }>('kiosks: actions keep the operator who made them');

T.before(async (ctx) => {
  ctx.app = await buildTestApp({ as: 'anonymous' });
  ctx.admin = await adminCookie(ctx.app);
  ctx.machine = body(await ctx.app.inject({ method: 'POST', url: '/api/machines', headers: { cookie: ctx.admin }, payload: { name: 'Scie' } })).id;
});
T.after(async (ctx) => ctx.app.close());

T('an action made under Alice’s PIN is refused under Bob’s turn, accepted under hers, and signed with her name', async ({ app, admin, machine }) => {
  const kiosk = await pairKiosk(app, { machineId: machine }, { requirePin: true, pinMinutes: 5 });
  const alice = await signInAs(app, 'operator');
  const bob = await signInAs(app, 'operator');
  for (const [who, pin] of [[alice, '1357'], [bob, '2468']] as const) {
    assert.is((await app.inject({ method: 'PUT', url: `/api/auth/users/${who.id}/pin`, headers: { cookie: admin }, payload: { pin } })).statusCode, 204);
  }
  const order = body(await app.inject({ method: 'POST', url: '/api/orders', headers: { cookie: admin }, payload: { contact: { name: 'C' }, machineId: machine } }));
  const turn = (userId: string, pin: string) =>
    app.inject({ method: 'POST', url: '/api/kiosks/operator', headers: { cookie: kiosk.cookie }, payload: { userId, pin } });
  const advance = (payload: Record<string, unknown>) =>
    app.inject({ method: 'POST', url: `/api/orders/${order.id}/advance`, headers: { cookie: kiosk.cookie }, payload: { expectedStepId: 'en-attente', ...payload } });

  assert.is((await turn(bob.id, '2468')).statusCode, 200);
  const op = opId();
  const refused = await advance({ opId: op, operatorId: alice.id });
  assert.is(refused.statusCode, 409, refused.body);
  assert.is(body(refused).error.code, 'operator_changed');
  assert.is(body(await app.inject({ method: 'GET', url: `/api/orders/${order.id}`, headers: { cookie: admin } })).stepId, 'en-attente');

  assert.is((await turn(alice.id, '1357')).statusCode, 200);
  const sent = await advance({ opId: op, operatorId: alice.id });
  assert.is(sent.statusCode, 200, sent.body);
  const last = body(sent).history.at(-1);
  assert.is(last.actorId, alice.id);
  // Without the field (a screen that predates it), the current turn signs, as before.
  const plain = await app.inject({ method: 'POST', url: `/api/orders/${order.id}/advance`, headers: { cookie: kiosk.cookie }, payload: { expectedStepId: 'prise-en-charge', opId: opId() } });
  assert.is(plain.statusCode, 200, plain.body);
});

T.run();
