import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { tokenHash } from '../../../server/auth/secrets.js';
import { body, buildTestApp, opId, pairKiosk, signInAs } from '../../helper.js';
import { buildWorld, type World } from '../auth/world.js';
import { listen } from './screen.js';
import { eventually, handshake, openSocket, subscribe, type Client } from './socket-client.js';


/*
 * Live access follows the person: what a socket receives is decided by the
 * same scope rule as HTTP, and changes to the person (role, removal, expiry,
 * PIN) reach the sockets already open.
 */
const T = suite<{ world: World; url: string; open: Client[] }>('sockets: live access follows the person');

T.before(async (ctx) => {
  const app = await buildTestApp({ as: 'anonymous' });
  ctx.url = await listen(app);
  ctx.world = await buildWorld(app);
  ctx.open = [];
});
T.after.each((ctx) => {
  for (const s of ctx.open.splice(0)) s.disconnect();
});
T.after(async (ctx) => {
  await ctx.world.app.close();
});

/** A socket whose handshake succeeded. */
async function socket(ctx: { url: string; open: Client[] }, cookie: string): Promise<Client> {
  const s = openSocket(ctx, cookie);
  const outcome = await handshake(s);
  if (outcome !== 'connected') throw new Error(`handshake refused: ${outcome}`);
  return s;
}

/** The reason of `session:ended` and the disconnection that follows it. */
function ending(s: Client): Promise<{ reason: string; disconnect: string }> {
  const reason = new Promise<string>((resolve) => s.once('session:ended', (e) => resolve(e.reason)));
  const disconnect = new Promise<string>((resolve) => s.once('disconnect', (r) => resolve(r)));
  return eventually(Promise.all([reason, disconnect]).then(([r, d]) => ({ reason: r, disconnect: d })), 'the end of the connection');
}

T('an operator subscribing to a machine gets only their own orders of it, live as in the snapshot', async (ctx) => {
  const w = ctx.world;
  const mine = await w.order('operator');
  const notMine = await w.order('kioskIn');
  const s = await socket(ctx, w.operator.cookie);
  const ack = await subscribe(s, { machine: w.machineA });
  assert.ok(ack.orders, JSON.stringify(ack));
  assert.ok(ack.orders.every((o) => o.assigneeId === w.operator.id));
  const seen: string[] = [];
  s.on('order:changed', (e) => seen.push(e.order.id));
  const own = new Promise<void>((resolve) => s.on('order:changed', (e) => e.order.id === mine.id && resolve()));
  // Someone else's order of the same machine changes first: had it leaked, it would arrive first.
  await w.asAdmin({ method: 'PATCH', url: `/api/orders/${notMine.id}`, payload: { contact: { name: 'Autre Client', email: 'autre@example.com' } } });
  await w.asAdmin({ method: 'PATCH', url: `/api/orders/${mine.id}`, payload: { nature: 'changed' } });
  await eventually(own, 'the change of the operator’s own order');
  assert.equal(seen, [mine.id]);
});

T('a supervisor made operator: the open socket is ended at once, and comes back narrowed to their own orders', async (ctx) => {
  const w = ctx.world;
  const person = await signInAs(w.app, 'supervisor');
  await w.order('kioskIn');
  const s = await socket(ctx, person.cookie);
  assert.ok((await subscribe(s, { all: true })).orders!.length > 0);
  const ended = ending(s);
  const res = await w.asAdmin({ method: 'PUT', url: `/api/users/${person.id}`, payload: { name: 'Demoted', role: 'operator', username: person.username } });
  assert.is(res.statusCode, 200, res.body);
  assert.equal(await ended, { reason: 'access_changed', disconnect: 'io server disconnect' });
  const again = await socket(ctx, person.cookie);
  const ack = await subscribe(again, { all: true });
  assert.equal(ack.orders, []);
});

T('a removed person’s socket is ended at once', async (ctx) => {
  const w = ctx.world;
  const person = await signInAs(w.app, 'supervisor');
  const s = await socket(ctx, person.cookie);
  assert.ok((await subscribe(s, {})).orders);
  const ended = ending(s);
  const res = await w.asAdmin({ method: 'DELETE', url: `/api/users/${person.id}` });
  assert.is(res.statusCode, 204, res.body);
  assert.equal(await ended, { reason: 'person_removed', disconnect: 'io server disconnect' });
});

T('an expired session’s socket is ended by the periodic check; a valid one is left alone and not renewed', async (ctx) => {
  const w = ctx.world;
  const expiring = await signInAs(w.app, 'supervisor');
  const staying = await signInAs(w.app, 'supervisor');
  const a = await socket(ctx, expiring.cookie);
  const b = await socket(ctx, staying.cookie);
  const token = expiring.cookie.split('jalon_session=')[1]?.split(';')[0] ?? '';
  await w.app.repos.grants.extend(tokenHash(token), new Date(Date.now() - 1000));
  const ended = ending(a);
  await w.app.liveAccess.recheckAll();
  assert.equal(await ended, { reason: 'access_expired', disconnect: 'io server disconnect' });
  assert.ok(b.connected);
  assert.ok((await subscribe(b, {})).orders);
});

T('a new PIN ends the person’s turn on a kiosk at once: Next asks for the PIN again', async (ctx) => {
  const w = ctx.world;
  const kiosk = await pairKiosk(w.app, { machineId: w.machineA }, { name: 'PIN kiosk', requirePin: true });
  const turn = await w.app.inject({
    method: 'POST',
    url: '/api/kiosks/operator',
    payload: { userId: w.pinUser.id, pin: w.pinUser.pin },
    headers: { cookie: kiosk.cookie },
  });
  assert.is(turn.statusCode, 200, turn.body);
  const s = await socket(ctx, kiosk.cookie);
  assert.ok((await subscribe(s, {})).orders);
  const o = await w.order('kioskIn');
  const pin = await w.asAdmin({ method: 'PUT', url: `/api/auth/users/${w.pinUser.id}/pin`, payload: { pin: '9137' } });
  assert.is(pin.statusCode, 204, pin.body);
  const next = await w.app.inject({
    method: 'POST',
    url: `/api/orders/${o.id}/advance`,
    payload: { expectedStepId: o.stepId, opId: opId() },
    headers: { cookie: kiosk.cookie },
  });
  assert.is(next.statusCode, 403, next.body);
  assert.is(body(next).error.code, 'pin_required');
  // The kiosk itself keeps its access: its screen stays live.
  assert.ok(s.connected);
  assert.ok((await subscribe(s, {})).orders);
  w.pinUser.pin = '9137';
});

T.run();
