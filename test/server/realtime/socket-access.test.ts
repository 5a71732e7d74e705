import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { buildTestApp, login } from '../../helper.js';
import { buildWorld, type Who, type World } from '../auth/world.js';
import type { SubscribePayload } from '../../../shared/events.js';
import { listen } from './screen.js';
import { eventually, handshake, openSocket, subscribe, type Ack, type Client } from './socket-client.js';


/*
 * The socket half of the permission matrix: the handshake, `subscribe` and
 * `resync` for each kind of caller, and live connections cut when access is
 * withdrawn.
 */
const T = suite<{ world: World; url: string; open: Client[] }>('sockets: handshake, subscribe, revocation');

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

const socket = openSocket;

const resync = (s: Client, sinceSeq: number) =>
  eventually(new Promise<Ack>((resolve) => s.emit('resync', { sinceSeq }, (r) => resolve(r as Ack))), 'the resync ack');

const expectedHandshake: Record<Who, string> = {
  anonymous: 'unauthenticated',
  kioskIn: 'connected',
  kioskOut: 'connected',
  wall: 'connected',
  operator: 'connected',
  supervisor: 'connected',
  admin: 'connected',
};

/** What each caller asks for, and whether it is granted (`ok`) or refused (`forbidden`). */
const subscriptions: Record<Exclude<Who, 'anonymous'>, { ask: (w: World) => SubscribePayload; expect: 'ok' | 'forbidden' }> = {
  kioskIn: { ask: (w) => ({ machine: w.machineA }), expect: 'ok' },
  kioskOut: { ask: (w) => ({ machine: w.machineB }), expect: 'forbidden' },
  wall: { ask: () => ({}), expect: 'ok' },
  operator: { ask: () => ({}), expect: 'ok' },
  supervisor: { ask: (w) => ({ machine: w.machineB }), expect: 'ok' },
  admin: { ask: () => ({ all: true }), expect: 'ok' },
};

T('matrix: handshake, subscribe and resync for every kind of caller', async (ctx) => {
  const w = ctx.world;
  await w.order('kioskIn');
  await w.order('kioskOut');
  await w.order('operator');
  const wrong: string[] = [];
  for (const who of Object.keys(expectedHandshake) as Who[]) {
    const s = socket(ctx, w.cookieOf(who));
    const shook = await handshake(s);
    if (shook !== expectedHandshake[who]) wrong.push(`${who} handshake: ${shook}`);
    if (who === 'anonymous' || shook !== 'connected') continue;
    const sub = subscriptions[who];
    const ack = await subscribe(s, sub.ask(w));
    const got = ack.error ? ack.error.code : 'ok';
    if (got !== sub.expect) wrong.push(`${who} subscribe: ${got} (expected ${sub.expect})`);
    const r = await resync(s, 0);
    const resyncExpected = sub.expect === 'ok' ? 'ok' : 'not_subscribed';
    const rGot = r.error ? r.error.code : 'ok';
    if (rGot !== resyncExpected) wrong.push(`${who} resync: ${rGot} (expected ${resyncExpected})`);
  }
  assert.equal(wrong, []);
});

T('a kiosk of machine A is narrowed to A whatever it asks (empty, all, a step), and never gets B', async (ctx) => {
  const w = ctx.world;
  await w.order('kioskIn');
  await w.order('kioskOut');
  const s = socket(ctx, w.kioskA.cookie);
  assert.is(await handshake(s), 'connected');
  for (const ask of [{}, { all: true }, { step: 'en-attente' }, { machine: w.machineA, all: true }] as SubscribePayload[]) {
    const ack = await subscribe(s, ask);
    assert.ok(ack.orders, JSON.stringify(ack));
    assert.ok(ack.orders.length > 0, `nothing for ${JSON.stringify(ask)}`);
    assert.ok(ack.orders.every((o) => o.machineId === w.machineA), `${JSON.stringify(ask)} leaked another machine`);
  }
  assert.is((await subscribe(s, { machine: w.machineB })).error?.code, 'forbidden');
  assert.is((await subscribe(s, { assignee: w.operator.id })).orders!.every((o) => o.machineId === w.machineA), true);
  // A live change on machine B never reaches it.
  const seen: string[] = [];
  s.on('order:changed', (e) => seen.push(e.order.machineId ?? 'none'));
  await subscribe(s, {});
  // B's change is committed and broadcast before A's: had it leaked, it would arrive first.
  const arrived = new Promise<void>((resolve) => s.once('order:changed', () => resolve()));
  await w.order('kioskOut');
  await w.order('kioskIn');
  await eventually(arrived, 'the change on machine A');
  assert.ok(seen.length > 0 && seen.every((m) => m === w.machineA), `got ${seen.join(',')}`);
});

T('an operator follows only their own orders', async (ctx) => {
  const w = ctx.world;
  await w.order('operator');
  await w.order('kioskIn');
  const s = socket(ctx, w.operator.cookie);
  assert.is(await handshake(s), 'connected');
  const ack = await subscribe(s, {});
  assert.ok(ack.orders!.length > 0);
  assert.ok(ack.orders!.every((o) => o.assigneeId === w.operator.id));
  assert.is((await subscribe(s, { assignee: w.supervisor.id })).error?.code, 'forbidden');
});

T('a handshake from another site is refused (no cross-site WebSocket), even with a valid cookie', async (ctx) => {
  const s = socket(ctx, ctx.world.admin.cookie, { origin: 'https://evil.example' });
  assert.is(await handshake(s), 'forbidden');
});

T('revoking a kiosk disconnects its live socket at once, after telling it why; it cannot come back', async (ctx) => {
  const w = ctx.world;
  const s = socket(ctx, w.kioskA.cookie);
  assert.is(await handshake(s), 'connected');
  assert.ok((await subscribe(s, {})).orders);
  const ended = new Promise<string>((resolve) => s.once('session:ended', (e) => resolve(e.reason)));
  const closed = new Promise<string>((resolve) => s.once('disconnect', (reason) => resolve(reason)));
  // Another screen stays connected.
  const wall = socket(ctx, w.wall.cookie);
  assert.is(await handshake(wall), 'connected');

  const res = await w.asAdmin({ method: 'DELETE', url: `/api/kiosks/${w.kioskA.id}` });
  assert.is(res.statusCode, 204);
  assert.is(await eventually(ended, 'session:ended'), 'kiosk_revoked');
  assert.is(await eventually(closed, 'the disconnection'), 'io server disconnect');
  assert.ok(wall.connected);
  assert.is(await handshake(socket(ctx, w.kioskA.cookie)), 'unauthenticated');
});

T('signing out ends that session’s sockets only', async (ctx) => {
  const w = ctx.world;
  const first = await login(w.app, w.supervisor.username, w.supervisor.password);
  const second = await login(w.app, w.supervisor.username, w.supervisor.password);
  const a = socket(ctx, first);
  const b = socket(ctx, second);
  assert.is(await handshake(a), 'connected');
  assert.is(await handshake(b), 'connected');
  const closed = new Promise<string>((resolve) => a.once('disconnect', (reason) => resolve(reason)));
  const out = await w.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: first } });
  assert.is(out.statusCode, 204);
  assert.is(await eventually(closed, 'the disconnection'), 'io server disconnect');
  assert.ok(b.connected);
  assert.ok((await subscribe(b, {})).orders);
});

T.run();
