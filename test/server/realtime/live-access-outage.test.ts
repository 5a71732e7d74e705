import type { FastifyInstance } from 'fastify';
import { io as connect, type Socket } from 'socket.io-client';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../shared/events.js';
import { startRedis, type LocalRedis } from '../../../scripts/redis.js';
import { pairKiosk, uniqueDbName } from '../../helper.js';
import { buildRealtimeApp } from './api.js';
import { listen } from './screen.js';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

/*
 * Cutting live access does not wait for Redis: a node ends its own sockets
 * at once, Redis up or down; the other nodes hear of it through Redis, after
 * the outage if need be.
 */
const O = suite<{ redis: LocalRedis; one: FastifyInstance; two: FastifyInstance; url1: string; url2: string; open: Client[] }>(
  'live access during a Redis outage',
);

O.before(async (ctx) => {
  ctx.redis = await startRedis();
  const dbName = uniqueDbName('cut');
  ctx.one = await buildRealtimeApp({ dbName, config: { redisUrl: ctx.redis.url } });
  ctx.two = await buildRealtimeApp({ dbName, config: { redisUrl: ctx.redis.url } });
  ctx.url1 = await listen(ctx.one);
  ctx.url2 = await listen(ctx.two);
  ctx.open = [];
});
O.after(async (ctx) => {
  for (const s of ctx.open) s.disconnect();
  await ctx.one.close();
  await ctx.two.close();
  await ctx.redis.dispose();
});

function socket(ctx: { open: Client[] }, url: string, cookie: string): Promise<Client> {
  const s: Client = connect(url, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { cookie } });
  ctx.open.push(s);
  return new Promise((resolve, reject) => {
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });
}

const closed = (s: Client) => new Promise<string>((resolve) => s.once('disconnect', (r) => resolve(r)));
function within<T>(p: Promise<T>, what: string, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms))),
  ]);
}

O('a kiosk revoked while Redis is down: its socket on this node is cut at once, the one on the other node once Redis is back', async (ctx) => {
  const kiosk = await pairKiosk(ctx.one, { wall: true }, { name: 'Hall' });
  const here = await socket(ctx, ctx.url1, kiosk.cookie);
  const there = await socket(ctx, ctx.url2, kiosk.cookie);
  const hereClosed = closed(here);
  const thereClosed = closed(there);
  await ctx.redis.stop();
  await new Promise((r) => setTimeout(r, 500));
  // The revocation as committed (the write lanes refuse writes on FerretDB without Redis, so the
  // grant is removed directly; on MongoDB the revocation itself goes through).
  await ctx.one.repos.grants.removeForKiosk(kiosk.id);
  const t0 = Date.now();
  ctx.one.auth.events.emit('access:ended', { kioskId: kiosk.id, reason: 'kiosk_revoked' });
  assert.is(await within(hereClosed, 'the cut on this node', 2000), 'io server disconnect');
  console.log(`  Redis down: the revoked kiosk's socket on this node was cut in ${Date.now() - t0} ms`);
  assert.ok(there.connected, 'the other node cannot know yet');
  await ctx.redis.start();
  await within(thereClosed, 'the cut on the other node after the outage', 20_000);
  // And it cannot come back.
  const refused = await socket(ctx, ctx.url2, kiosk.cookie).then(
    () => false,
    () => true,
  );
  assert.ok(refused, 'the revoked kiosk reconnected');
});

O.run();
