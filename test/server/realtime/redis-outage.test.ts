import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { FastifyInstance } from 'fastify';
import type { Order } from '../../../shared/schemas/order.js';
import type { SettingsReply } from '../../../shared/schemas/settings.js';
import { startRedis, type LocalRedis } from '../../../scripts/redis.js';
import { uniqueDbName } from '../../helper.js';
import { buildRealtimeApp, listeningApp } from './api.js';
import { listen, Screen } from './screen.js';

/**
 * The Redis link of the realtime layer itself, with two nodes in this
 * process. Changes are published straight into a node's change feed: on
 * FerretDB the write lanes refuse writes while Redis is away, and what is
 * tested here is what the broadcast does meanwhile.
 */
let redis: LocalRedis;
let app1: FastifyInstance;
let app2: FastifyInstance;
let url1: string;
let url2: string;
let cookie: string;
let settings: SettingsReply;
const screens: Screen[] = [];

const order = (n: number): Order => ({
  id: `outage${n}`,
  number: 900_000 + n,
  date: '2030-01-01',
  contact: { name: `Panne ${n}` },
  status: null,
  stepId: 'en-attente',
  dueDate: null,
  assigneeId: null,
  machineId: null,
  version: 1,
  seq: 5_000_000 + n,
  urgency: 'none',
});

const connects = new Map<Screen, number>();
const open = async (url: string) => {
  const s = await Screen.open(url, { all: true }, settings, { cookie, auto: true });
  connects.set(s, 1);
  s.socket.io.on('reconnect', () => connects.set(s, connects.get(s)! + 1));
  screens.push(s);
  return s;
};

test.before(async () => {
  redis = await startRedis();
  const dbName = uniqueDbName('outage');
  ({ app: app1, url: url1, cookie, settings } = await listeningApp({ dbName, config: { redisUrl: redis.url } }));
  app2 = await buildRealtimeApp({ dbName, config: { redisUrl: redis.url } });
  url2 = await listen(app2);
});

test.after(async () => {
  for (const s of screens) s.close();
  await app1.close();
  await app2.close();
  await redis.dispose();
});

test('while Redis is away a node still broadcasts to its own screens; when it is back the other node\'s screens reconnect and resync', async () => {
  const screen1 = await open(url1);
  const screen2 = await open(url2);
  app1.feed.emit('order:changed', { seq: order(1).seq, before: null, after: order(1) });
  await screen2.until(() => screen2.orders.has('outage1'), 'the change through Redis');

  await redis.stop();
  // Let the node notice (a broadcast racing the close fails at once, which proves nothing).
  await new Promise((r) => setTimeout(r, 500));
  app1.feed.emit('order:changed', { seq: order(2).seq, before: null, after: order(2) });
  // Without the degraded path the adapter holds local broadcasts until the Redis client gives up
  // on the command (about 5 s) or Redis returns; with it, delivery is immediate. 2 s is a generous bound.
  await screen1.until(() => screen1.orders.has('outage2'), 'the change on node 1 while Redis is down', 2000);

  const reconnectsBefore = connects.get(screen2)!;
  await redis.start();
  // Node 2 could not receive change 2: its screens are made to reconnect, subscribe and resync from the database.
  await screen2.until(() => connects.get(screen2)! > reconnectsBefore && screen2.live, 'node 2 screens reconnecting', 20_000);

  app1.feed.emit('order:changed', { seq: order(3).seq, before: null, after: order(3) });
  await screen2.until(() => screen2.orders.has('outage3'), 'changes through Redis again', 20_000);
});

test('a node that was cut off asks the others to resync their screens', async () => {
  const screen2 = await open(url2);
  const before = connects.get(screen2)!;
  app1.io.serverSideEmit('screens:resync');
  await screen2.until(() => connects.get(screen2)! > before && screen2.live, 'node 2 screens reconnecting', 20_000);
  assert.ok(screen2.socket.connected);
});

test.run();
