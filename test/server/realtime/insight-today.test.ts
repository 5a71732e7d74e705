import type { FastifyInstance } from 'fastify';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { InsightToday } from '../../../shared/events.js';
import { adminCookie, body, buildTestApp, opId, pairKiosk, signInAs } from '../../helper.js';
import { listen } from './screen.js';
import { eventually, handshake, openSocket, subscribe, type Client } from './socket-client.js';

/*
 * `insight:today` reaches the supervisors' and walls' subscriptions to every
 * order, right after their snapshot and whenever an order finishes or leaves
 * the final step; an operator's or a machine kiosk's socket never gets it.
 */
const clock = { t: Date.parse('2026-03-16T09:00:00Z') };
const T = suite<{ app: FastifyInstance; url: string; open: Client[] }>('sockets: insight:today');

T.before(async (ctx) => {
  ctx.app = await buildTestApp({ config: { now: () => clock.t } });
  ctx.url = await listen(ctx.app);
  ctx.open = [];
});
T.after.each((ctx) => {
  for (const s of ctx.open.splice(0)) s.disconnect();
});
T.after(async (ctx) => ctx.app.close());

/** The events of a kind a socket receives from now on. */
function collect(s: Client): InsightToday[] {
  const got: InsightToday[] = [];
  s.on('insight:today', (e) => got.push(e));
  return got;
}

T('after the snapshot, then on a finish and on a move back from the final step; never to an operator or a machine kiosk', async (ctx) => {
  const { app } = ctx;
  const machine = body<{ id: string }>(await app.inject({ method: 'POST', url: '/api/machines', payload: { name: 'Presse' } })).id;
  const wall = await pairKiosk(app, { wall: true });
  const kiosk = await pairKiosk(app, { machineId: machine });
  const operator = await signInAs(app, 'operator');
  const sockets = {
    admin: openSocket(ctx, await adminCookie(app)),
    wall: openSocket(ctx, wall.cookie),
    kiosk: openSocket(ctx, kiosk.cookie),
    operator: openSocket(ctx, operator.cookie),
  };
  for (const s of Object.values(sockets)) assert.is(await handshake(s), 'connected');
  const got = Object.fromEntries(Object.entries(sockets).map(([k, s]) => [k, collect(s)])) as Record<keyof typeof sockets, InsightToday[]>;
  const first = eventually(new Promise<InsightToday>((resolve) => sockets.wall.once('insight:today', resolve)), 'the wall\'s first insight:today');
  await subscribe(sockets.admin, { all: true });
  // The wall asks only for the active orders its columns show: the figures come all the same.
  await subscribe(sockets.wall, {});
  await subscribe(sockets.kiosk, {});
  await subscribe(sockets.operator, {});
  assert.equal(await first, { day: '2026-03-16', finished: 0, late: 0 });

  const o = body<{ id: string }>(await app.inject({ method: 'POST', url: '/api/orders', payload: { contact: { name: 'X' }, stepId: 'livraison', dueDate: '2026-03-15', machineId: machine, assigneeId: operator.id } }));
  const finished = eventually(new Promise<InsightToday>((resolve) => sockets.wall.once('insight:today', resolve)), 'insight:today on a finish');
  const done = await app.inject({ method: 'POST', url: `/api/orders/${o.id}/advance`, payload: { expectedStepId: 'livraison', opId: opId() } });
  assert.is(done.statusCode, 200, done.body);
  assert.equal(await finished, { day: '2026-03-16', finished: 1, late: 1 });

  const back = eventually(new Promise<InsightToday>((resolve) => sockets.wall.once('insight:today', resolve)), 'insight:today on a move back');
  const moved = await app.inject({ method: 'POST', url: `/api/orders/${o.id}/move`, payload: { expectedStepId: 'terminee', toStepId: 'livraison', comment: 'Retour', opId: opId() } });
  assert.is(moved.statusCode, 200, moved.body);
  assert.equal(await back, { day: '2026-03-16', finished: 0, late: 0 });

  await eventually(
    (async () => {
      while (got.admin.length < 3) await new Promise((r) => setTimeout(r, 20));
    })(),
    'three insight:today at the admin',
  );
  // The operator and the machine kiosk saw the order change but never today's figures.
  assert.is(got.operator.length, 0);
  assert.is(got.kiosk.length, 0);
});

T('whatever a supervisor subscribes to (one step here), the figures come after the snapshot and on a finish', async (ctx) => {
  const { app } = ctx;
  const s = openSocket(ctx, await adminCookie(app));
  assert.is(await handshake(s), 'connected');
  const got = collect(s);
  await subscribe(s, { step: 'decoupage' });
  await eventually(
    (async () => {
      while (got.length < 1) await new Promise((r) => setTimeout(r, 20));
    })(),
    'insight:today after the snapshot',
  );
  const o = body<{ id: string }>(await app.inject({ method: 'POST', url: '/api/orders', payload: { contact: { name: 'Y' }, stepId: 'livraison' } }));
  await app.inject({ method: 'POST', url: `/api/orders/${o.id}/advance`, payload: { expectedStepId: 'livraison', opId: opId() } });
  await eventually(
    (async () => {
      while (got.length < 2) await new Promise((r) => setTimeout(r, 20));
    })(),
    'insight:today on the finish',
  );
  assert.ok(got[1].finished >= 1, JSON.stringify(got));
});

T.run();
