import type { FastifyInstance } from 'fastify';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startRedis } from '../../../scripts/redis.js';
import { addressKey } from '../../../server/auth/attempts.js';
import { adminCookie, body, buildTestApp, cookieHeader, pairKiosk, signInAs, uniqueDbName } from '../../helper.js';

/*
 * Guesses are counted before they are checked: a burst of parallel guesses
 * gets the limit's worth of checks, whatever its size. Right guesses are
 * given back; addresses, accounts and kiosks are counted apart; several
 * nodes share the count through Redis.
 */
const T = suite<{ app: FastifyInstance; admin: string }>('attempts: counted before checked');

T.before(async (ctx) => {
  ctx.app = await buildTestApp({ as: 'anonymous' });
  ctx.admin = await adminCookie(ctx.app);
});
T.after(async ({ app }) => {
  await app.close();
});

let lastOctet = 0;
/** A fresh client address for each test, so that tests do not share the per-address counts. */
const freshAddress = () => `198.51.100.${++lastOctet}`;

function tally(statuses: number[]) {
  const checked = statuses.filter((s) => s === 401).length;
  const limited = statuses.filter((s) => s === 429).length;
  return { checked, limited, other: statuses.length - checked - limited };
}

const pairWith = (app: FastifyInstance, code: string, remoteAddress: string) =>
  app.inject({ method: 'POST', url: '/api/kiosks/pair', payload: { code }, headers: { cookie: '' }, remoteAddress });

T('200 parallel wrong pairing codes from one address: 10 are checked, 190 refused unchecked', async ({ app }) => {
  const ip = freshAddress();
  const codes = Array.from({ length: 200 }, (_, i) => String(100000 + i));
  const statuses = (await Promise.all(codes.map((c) => pairWith(app, c, ip)))).map((r) => r.statusCode);
  const t = tally(statuses);
  console.log(`  pairing burst: 200 parallel codes → ${t.checked} checked, ${t.limited} limited, ${t.other} other`);
  assert.equal(t, { checked: 10, limited: 190, other: 0 });
});

T('150 parallel wrong PINs on a PIN kiosk: 5 are checked, 145 refused unchecked', async ({ app, admin }) => {
  const machine = body(await app.inject({ method: 'POST', url: '/api/machines', payload: { name: 'Burst' }, headers: { cookie: admin } })).id;
  const kiosk = await pairKiosk(app, { machineId: machine }, { requirePin: true });
  const person = await signInAs(app, 'operator');
  const pins = Array.from({ length: 150 }, (_, i) => String(1000 + i));
  const statuses = (
    await Promise.all(
      pins.map((pin) => app.inject({ method: 'POST', url: '/api/kiosks/operator', payload: { userId: person.id, pin }, headers: { cookie: kiosk.cookie } })),
    )
  ).map((r) => r.statusCode);
  const t = tally(statuses);
  console.log(`  PIN burst: 150 parallel PINs → ${t.checked} checked, ${t.limited} limited, ${t.other} other`);
  assert.equal(t, { checked: 5, limited: 145, other: 0 });
});

T('a right password is given back: nine typos and a success leave room for the tenth typo', async ({ app }) => {
  const person = await signInAs(app, 'supervisor');
  const ip = freshAddress();
  const login = (password: string) =>
    app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: person.username, password }, headers: { cookie: '' }, remoteAddress: ip });
  for (let i = 0; i < 9; i++) assert.is((await login('wrong-password')).statusCode, 401);
  assert.is((await login(person.password)).statusCode, 200);
  assert.is((await login('wrong-password')).statusCode, 401, 'the success was not counted');
  assert.is((await login('wrong-password')).statusCode, 429);
  assert.is((await login(person.password)).statusCode, 429, 'refused unchecked, right or wrong');
});

T('one account is counted across addresses: 10 wrong passwords from 10 addresses lock the 11th', async ({ app }) => {
  const person = await signInAs(app, 'supervisor');
  for (let i = 0; i < 10; i++) {
    const r = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: person.username, password: 'nope-nope' }, headers: { cookie: '' }, remoteAddress: freshAddress() });
    assert.is(r.statusCode, 401);
  }
  const r = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: person.username, password: person.password }, headers: { cookie: '' }, remoteAddress: freshAddress() });
  assert.is(r.statusCode, 429);
});

T('IPv6 addresses are counted by their /64', () => {
  assert.is(addressKey('2001:db8:1:2:aaaa::1'), '2001:db8:1:2::/64');
  assert.is(addressKey('2001:db8:1:2:ffff:ffff:ffff:fffe'), '2001:db8:1:2::/64');
  assert.is.not(addressKey('2001:db8:1:3::1'), addressKey('2001:db8:1:2::1'));
  assert.is(addressKey('::ffff:192.0.2.7'), '192.0.2.7');
  assert.is(addressKey('192.0.2.7'), '192.0.2.7');
});

T('many addresses at once: 64 addresses of one /64, 10 codes each, get 10 checks in all', async ({ app }) => {
  const statuses = (
    await Promise.all(Array.from({ length: 64 }, (_, i) => pairWith(app, String(300000 + i), `2001:db8:77:1::${(i + 1).toString(16)}`)))
  ).map((r) => r.statusCode);
  assert.equal(tally(statuses), { checked: 10, limited: 54, other: 0 });
});

T('a person’s PIN is locked after repeated wrong tries, says why, and opens again once an admin sets a new one', async (ctx) => {
  const { app, admin } = ctx;
  const machine = body(await app.inject({ method: 'POST', url: '/api/machines', payload: { name: 'Lock' }, headers: { cookie: admin } })).id;
  const kiosk = await pairKiosk(app, { machineId: machine }, { requirePin: true });
  const person = await signInAs(app, 'operator');
  assert.is((await app.inject({ method: 'PUT', url: `/api/auth/users/${person.id}/pin`, payload: { pin: '2580' }, headers: { cookie: admin } })).statusCode, 204);
  const signIn = (pin: string) => app.inject({ method: 'POST', url: '/api/kiosks/operator', payload: { userId: person.id, pin }, headers: { cookie: kiosk.cookie } });
  // Wrong tries of earlier minutes (each minute allows a few): all but the last already spent.
  for (let i = 0; i < 9; i++) await app.auth.limits.pinLock(person.id).spend();
  const last = await signIn('0000');
  assert.is(last.statusCode, 403, last.body);
  assert.is(body(last).error.code, 'pin_locked');
  const right = await signIn('2580');
  assert.is(right.statusCode, 403, 'the right PIN opens nothing while locked');
  assert.is(body(right).error.code, 'pin_locked');
  const shown = body(await app.inject({ method: 'GET', url: `/api/users/${person.id}`, headers: { cookie: admin } }));
  assert.is(shown.pinLocked?.reason, 'too_many_attempts');
  assert.is((await app.inject({ method: 'PUT', url: `/api/auth/users/${person.id}/pin`, payload: { pin: '1357' }, headers: { cookie: admin } })).statusCode, 204);
  assert.is(body(await app.inject({ method: 'GET', url: `/api/users/${person.id}`, headers: { cookie: admin } })).pinLocked ?? null, null);
  assert.is((await signIn('1357')).statusCode, 200);
});

T('the global pairing budget: once used up, every pending code is voided', async ({ app, admin }) => {
  const created = body(await app.inject({ method: 'POST', url: '/api/kiosks', payload: { name: 'Pending', scope: { wall: true } }, headers: { cookie: admin } }));
  // Earlier tests' wrong codes count too: run the budget to its end once (it starts over), then spend all but one.
  while (!(await app.auth.limits.pairingBudget.spend())) continue;
  for (let i = 0; i < 199; i++) assert.not.ok(await app.auth.limits.pairingBudget.spend());
  const wrong = created.pairingCode === '999999' ? '999998' : '999999';
  assert.is((await pairWith(app, wrong, freshAddress())).statusCode, 401);
  const late = await pairWith(app, created.pairingCode, freshAddress());
  assert.is(late.statusCode, 401, 'the pending code was voided');
  assert.is(body(late).error.code, 'invalid_pairing_code');
  // A new code works.
  const again = body(await app.inject({ method: 'POST', url: `/api/kiosks/${created.kiosk.id}/code`, headers: { cookie: admin } }));
  const paired = await pairWith(app, again.pairingCode, freshAddress());
  assert.is(paired.statusCode, 200);
  assert.ok(cookieHeader(paired).includes('jalon_device='));
});

T('two nodes share the counts through Redis: 5 wrong codes on each, the 11th is refused on either', async () => {
  const redis = await startRedis();
  const dbName = uniqueDbName('attempts');
  const one = await buildTestApp({ as: 'anonymous', dbName, config: { redisUrl: redis.url } });
  const two = await buildTestApp({ as: 'anonymous', dbName, config: { redisUrl: redis.url } });
  try {
    const ip = freshAddress();
    for (let i = 0; i < 5; i++) assert.is((await pairWith(one, String(400000 + i), ip)).statusCode, 401);
    for (let i = 0; i < 5; i++) assert.is((await pairWith(two, String(400100 + i), ip)).statusCode, 401);
    assert.is((await pairWith(one, '400200', ip)).statusCode, 429);
    assert.is((await pairWith(two, '400201', ip)).statusCode, 429);
  } finally {
    await one.close();
    await two.close();
    await redis.dispose();
  }
});

T.run();
