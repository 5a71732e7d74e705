import type { FastifyInstance } from 'fastify';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { tokenHash } from '../../../server/auth/secrets.js';
import { adminCookie, body, buildTestApp, cookieHeader, opId, signInAs } from '../../helper.js';

const T = suite<{ app: FastifyInstance; admin: string; machine: string }>('kiosks: pairing, revocation, PIN');

T.before(async (ctx) => {
  ctx.app = await buildTestApp({ as: 'anonymous' });
  ctx.admin = await adminCookie(ctx.app);
  ctx.machine = body(await ctx.app.inject({ method: 'POST', url: '/api/machines', headers: { cookie: ctx.admin }, payload: { name: 'Scie' } })).id;
});
T.after(async (ctx) => {
  await ctx.app.close();
});

async function createKiosk(ctx: { app: FastifyInstance; admin: string; machine: string }, extra: Record<string, unknown> = {}) {
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/kiosks',
    headers: { cookie: ctx.admin },
    payload: { name: 'Poste scie', scope: { machineId: ctx.machine }, ...extra },
  });
  assert.is(res.statusCode, 201, res.body);
  return body<{ kiosk: { id: string; paired: boolean; scope: unknown }; pairingCode: string; expiresAt: string }>(res);
}

const pair = (app: FastifyInstance, code: string, remoteAddress = '127.0.0.1') =>
  app.inject({ method: 'POST', url: '/api/kiosks/pair', payload: { code }, remoteAddress });
/** A 6-digit code that no kiosk is waiting for. */
async function unusedCode(app: FastifyInstance): Promise<string> {
  for (let n = 0; ; n++) {
    const code = String(n).padStart(6, '0');
    if (!(await app.db.connection.collection('grants').findOne({ _id: tokenHash(`pairing:${code}`) as never }))) return code;
  }
}

const me = (app: FastifyInstance, cookie: string) => app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });

T('an admin creates a kiosk and gets a 6-digit code valid 10 minutes; pairing sets a long-lived httpOnly device cookie', async (ctx) => {
  const created = await createKiosk(ctx);
  assert.match(created.pairingCode, /^\d{6}$/);
  const ttl = new Date(created.expiresAt).getTime() - Date.now();
  assert.ok(ttl > 9.5 * 60_000 && ttl <= 10 * 60_000, `code valid ${ttl} ms`);
  assert.is(created.kiosk.paired, false);

  const res = await pair(ctx.app, created.pairingCode);
  assert.is(res.statusCode, 200);
  assert.is(body(res).kiosk.id, created.kiosk.id);
  const set = String(([] as string[]).concat(res.headers['set-cookie'] as string[])[0]);
  assert.match(set, /^jalon_device=[A-Za-z0-9_-]{43};/);
  assert.match(set, /HttpOnly/);
  assert.match(set, /SameSite=Strict/);
  assert.ok(Number(/Max-Age=(\d+)/.exec(set)?.[1]) >= 365 * 24 * 3600);
  const cookie = cookieHeader(res);

  const who = body(await me(ctx.app, cookie));
  assert.equal({ kind: who.kind, id: who.id, role: who.role, scope: who.scope }, { kind: 'kiosk', id: created.kiosk.id, role: 'operator', scope: { machineId: ctx.machine } });
  const listed = body(await ctx.app.inject({ method: 'GET', url: '/api/kiosks', headers: { cookie: ctx.admin } }));
  assert.is(listed.find((k: { id: string }) => k.id === created.kiosk.id).paired, true);
  // The token is stored hashed: the database holds nothing a device could present.
  const token = cookie.split('=')[1];
  assert.ok(await ctx.app.db.connection.collection('grants').findOne({ _id: tokenHash(token) as never }));
  assert.not.ok(await ctx.app.db.connection.collection('grants').findOne({ _id: token as never }));
});

T('a wrong code is refused', async (ctx) => {
  await createKiosk(ctx);
  const res = await pair(ctx.app, await unusedCode(ctx.app), '10.2.0.1');
  assert.is(res.statusCode, 401);
  assert.is(body(res).error.code, 'invalid_pairing_code');
  assert.is(res.headers['set-cookie'], undefined);
});

T('a code works once: the second use is refused and the first device stays paired', async (ctx) => {
  const { pairingCode } = await createKiosk(ctx);
  const first = await pair(ctx.app, pairingCode);
  assert.is(first.statusCode, 200);
  const second = await pair(ctx.app, pairingCode, '10.2.0.2');
  assert.is(second.statusCode, 401);
  assert.is(body(second).error.code, 'invalid_pairing_code');
  assert.is((await me(ctx.app, cookieHeader(first))).statusCode, 200);
});

T('two screens sending the same code at once: exactly one is paired', async (ctx) => {
  const { pairingCode } = await createKiosk(ctx);
  const results = await Promise.all(Array.from({ length: 8 }, (_, i) => pair(ctx.app, pairingCode, `10.3.0.${i}`)));
  const codes = results.map((r) => r.statusCode).sort();
  assert.equal(codes, [200, 401, 401, 401, 401, 401, 401, 401]);
  const devices = await ctx.app.db.connection.collection('grants').countDocuments({ kind: 'device', kioskId: body(results.find((r) => r.statusCode === 200)!).kiosk.id });
  assert.is(devices, 1);
});

T('an expired code is refused, and says so', async (ctx) => {
  const { pairingCode } = await createKiosk(ctx);
  await ctx.app.db.connection
    .collection('grants')
    .updateOne({ _id: tokenHash(`pairing:${pairingCode}`) as never }, { $set: { expiresAt: new Date(Date.now() - 1) } });
  const res = await pair(ctx.app, pairingCode, '10.2.0.3');
  assert.is(res.statusCode, 401);
  assert.is(body(res).error.code, 'pairing_code_expired');
  assert.is((await pair(ctx.app, pairingCode, '10.2.0.3')).statusCode, 401);
});

T('malformed codes are refused by the schema', async (ctx) => {
  for (const code of ['12345', '1234567', 'abcdef', ' 123456', { $ne: null }, 123456]) {
    const res = await ctx.app.inject({ method: 'POST', url: '/api/kiosks/pair', payload: { code } as never, remoteAddress: '10.2.0.4' });
    assert.is(res.statusCode, 400, JSON.stringify(code));
  }
});

T('the 11th wrong code within a minute is refused, even a right one', async (ctx) => {
  const { pairingCode } = await createKiosk(ctx);
  const wrong = await unusedCode(ctx.app);
  for (let i = 0; i < 10; i++) assert.is((await pair(ctx.app, wrong, '10.4.0.1')).statusCode, 401);
  const eleventh = await pair(ctx.app, pairingCode, '10.4.0.1');
  assert.is(eleventh.statusCode, 429);
  assert.is((await pair(ctx.app, pairingCode, '10.4.0.2')).statusCode, 200);
});

T('revocation refuses the device at once; a new code unpairs the previous device', async (ctx) => {
  const a = await createKiosk(ctx);
  const cookieA = cookieHeader(await pair(ctx.app, a.pairingCode));
  assert.is((await ctx.app.inject({ method: 'GET', url: '/api/orders', headers: { cookie: cookieA } })).statusCode, 200);
  assert.is((await ctx.app.inject({ method: 'DELETE', url: `/api/kiosks/${a.kiosk.id}`, headers: { cookie: ctx.admin } })).statusCode, 204);
  assert.is((await ctx.app.inject({ method: 'GET', url: '/api/orders', headers: { cookie: cookieA } })).statusCode, 401);
  assert.is((await ctx.app.inject({ method: 'DELETE', url: `/api/kiosks/${a.kiosk.id}`, headers: { cookie: ctx.admin } })).statusCode, 404);

  const b = await createKiosk(ctx);
  const cookieB = cookieHeader(await pair(ctx.app, b.pairingCode));
  const again = await ctx.app.inject({ method: 'POST', url: `/api/kiosks/${b.kiosk.id}/code`, headers: { cookie: ctx.admin } });
  assert.is(again.statusCode, 200);
  assert.is((await me(ctx.app, cookieB)).statusCode, 401);
  const cookieB2 = cookieHeader(await pair(ctx.app, body(again).pairingCode));
  assert.is(body(await me(ctx.app, cookieB2)).id, b.kiosk.id);
});

T('rename keeps the pairing; bad scopes are refused', async (ctx) => {
  const k = await createKiosk(ctx);
  const cookie = cookieHeader(await pair(ctx.app, k.pairingCode));
  const renamed = await ctx.app.inject({ method: 'PUT', url: `/api/kiosks/${k.kiosk.id}`, headers: { cookie: ctx.admin }, payload: { name: 'Scie 2' } });
  assert.is(renamed.statusCode, 200);
  assert.is(body(renamed).name, 'Scie 2');
  assert.is(body(await me(ctx.app, cookie)).name, 'Scie 2');
  const bad = async (scope: unknown) =>
    ctx.app.inject({ method: 'POST', url: '/api/kiosks', headers: { cookie: ctx.admin }, payload: { name: 'X', scope } as never });
  assert.is((await bad({ machineId: 'nope' })).statusCode, 422);
  assert.is(body(await bad({ machineId: 'nope' })).error.code, 'unknown_machine');
  assert.is((await bad({ assigneeId: 'nope' })).statusCode, 422);
  assert.is((await bad({ machineId: ctx.machine, wall: true })).statusCode, 400);
  assert.is((await bad({ wall: false })).statusCode, 400);
  assert.is((await bad({})).statusCode, 400);
  assert.is((await ctx.app.inject({ method: 'PUT', url: '/api/kiosks/nope', headers: { cookie: ctx.admin }, payload: { name: 'Y' } })).statusCode, 404);
});

T('a kiosk asking for PINs: Next needs a PIN, wrong PINs are limited, the history names the person', async (ctx) => {
  const k = await createKiosk(ctx, { requirePin: true, pinMinutes: 3 });
  const kiosk = cookieHeader(await pair(ctx.app, k.pairingCode));
  const camille = await signInAs(ctx.app, 'operator');
  assert.is((await ctx.app.inject({ method: 'PUT', url: `/api/auth/users/${camille.id}/pin`, headers: { cookie: ctx.admin }, payload: { pin: '2468' } })).statusCode, 204);
  const order = body(
    await ctx.app.inject({ method: 'POST', url: '/api/orders', headers: { cookie: ctx.admin }, payload: { contact: { name: 'C' }, machineId: ctx.machine } }),
  );
  const advance = () =>
    ctx.app.inject({ method: 'POST', url: `/api/orders/${order.id}/advance`, headers: { cookie: kiosk }, payload: { expectedStepId: 'en-attente', opId: opId() } });

  const locked = await advance();
  assert.is(locked.statusCode, 403);
  assert.is(body(locked).error.code, 'pin_required');
  // Reading needs no PIN.
  assert.is((await ctx.app.inject({ method: 'GET', url: `/api/orders/${order.id}`, headers: { cookie: kiosk } })).statusCode, 200);

  // Someone mistypes another person's PIN five times on this kiosk.
  const dominique = await signInAs(ctx.app, 'operator');
  const signIn = (userId: string, pin: string) => ctx.app.inject({ method: 'POST', url: '/api/kiosks/operator', headers: { cookie: kiosk }, payload: { userId, pin } });
  for (let i = 0; i < 5; i++) {
    const r = await signIn(dominique.id, '0000');
    assert.is(r.statusCode, 401);
    assert.is(body(r).error.code, 'invalid_pin');
  }
  assert.is((await signIn(camille.id, '2468')).statusCode, 429, 'the 6th attempt on this kiosk after 5 wrong PINs is refused');
  // Counted per kiosk (and per person): another kiosk, for another person, is not held back by these failures.
  const k2 = await createKiosk(ctx, { requirePin: true });
  const kiosk2 = cookieHeader(await pair(ctx.app, k2.pairingCode));
  const ok = await ctx.app.inject({ method: 'POST', url: '/api/kiosks/operator', headers: { cookie: kiosk2 }, payload: { userId: camille.id, pin: '2468' } });
  assert.is(ok.statusCode, 200);
  assert.is(body(ok).name, `operator ${camille.username}`);
  const until = new Date(body(ok).until).getTime() - Date.now();
  assert.ok(until > 4 * 60_000 && until <= 5 * 60_000, 'default: 5 minutes');
  assert.is(body(await me(ctx.app, kiosk2)).operator.id, camille.id);

  const moved = await ctx.app.inject({
    method: 'POST',
    url: `/api/orders/${order.id}/advance`,
    headers: { cookie: kiosk2 },
    payload: { expectedStepId: 'en-attente', opId: opId() },
  });
  assert.is(moved.statusCode, 200, moved.body);
  const last = body(moved).history.at(-1);
  assert.equal({ actor: last.actor, actorId: last.actorId }, { actor: `operator ${camille.username}`, actorId: camille.id });

  // The PIN's time is up: locked again.
  await ctx.app.db.connection.collection('kiosks').updateOne({ _id: k2.kiosk.id as never }, { $set: { 'operator.until': new Date(Date.now() - 1) } });
  // Written beside the repository (time moved on): it reads the screen again, as a restart would.
  ctx.app.repos.kiosks.forget(k2.kiosk.id);
  const expired = await ctx.app.inject({
    method: 'POST',
    url: `/api/orders/${order.id}/advance`,
    headers: { cookie: kiosk2 },
    payload: { expectedStepId: 'prise-en-charge', opId: opId() },
  });
  assert.is(body(expired).error.code, 'pin_required');

  // Signing out the operator locks the kiosk at once.
  await ctx.app.inject({ method: 'POST', url: '/api/kiosks/operator', headers: { cookie: kiosk2 }, payload: { userId: camille.id, pin: '2468' } });
  assert.is((await ctx.app.inject({ method: 'DELETE', url: '/api/kiosks/operator', headers: { cookie: kiosk2 } })).statusCode, 204);
  assert.is(body(await me(ctx.app, kiosk2)).operator, null);
});

T('a kiosk without PIN acts under its own name', async (ctx) => {
  const k = await createKiosk(ctx, { name: 'Poste scie libre' });
  const kiosk = cookieHeader(await pair(ctx.app, k.pairingCode));
  const order = body(
    await ctx.app.inject({ method: 'POST', url: '/api/orders', headers: { cookie: ctx.admin }, payload: { contact: { name: 'C' }, machineId: ctx.machine } }),
  );
  const moved = await ctx.app.inject({ method: 'POST', url: `/api/orders/${order.id}/advance`, headers: { cookie: kiosk }, payload: { expectedStepId: 'en-attente', opId: opId() } });
  assert.is(moved.statusCode, 200);
  assert.equal({ actor: body(moved).history.at(-1).actor, actorId: body(moved).history.at(-1).actorId }, { actor: 'Poste scie libre', actorId: k.kiosk.id });
});

T.run();
