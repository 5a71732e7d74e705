import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { SettingsReply } from '../../../shared/schemas/settings.js';
import { startRedis, type LocalRedis } from '../../../scripts/redis.js';
import { testMongoUri, uniqueDbName } from '../../helper.js';
import { ADMIN_PASSWORD, adminHttpApi, type Api } from './api.js';
import { Screen } from './screen.js';
import { startServerProcess, type ServerProcess } from './server-process.js';

/**
 * Two real server processes sharing one database and one Redis. Every write
 * goes through node 1 (FerretDB does not serialise writes across processes;
 * see server/store/lanes.ts); screens sit on both nodes.
 */
let redis: LocalRedis;
let node1: ServerProcess;
let node2: ServerProcess;
let api: Api;
let cookie: string;
let settings: SettingsReply;
let machines: string[];
const screens: Screen[] = [];

const open = async (node: ServerProcess, sub: Parameters<typeof Screen.open>[1]) => {
  // Screens behave like the kiosk: on every (re)connection, subscribe (snapshot) then resync.
  const s = await Screen.open(node.url, sub, settings, { cookie, auto: true });
  screens.push(s);
  return s;
};

/** The state the database holds for a subscription, read through node 1. */
async function truth(sub: { all?: boolean; machine?: string }) {
  const qs = sub.machine ? `machine=${sub.machine}` : 'all=1';
  const { orders } = await api('GET', `/orders?${qs}`);
  return (orders as Array<Record<string, unknown>>)
    .map(({ id, stepId, machineId, assigneeId, version, seq }) => ({ id, stepId, machineId, assigneeId, version, seq }))
    .sort((a, b) => String(a.id).localeCompare(String(b.id)));
}

test.before(async () => {
  redis = await startRedis();
  const env = { MONGODB_URI: testMongoUri(), MONGODB_DB: uniqueDbName('multinode'), REDIS_URL: redis.url, ADMIN_PASSWORD };
  // One after the other: the first start seeds the workflow and the admin account.
  node1 = await startServerProcess(env);
  node2 = await startServerProcess(env);
  ({ api, cookie } = await adminHttpApi(node1.url));
  settings = await api('GET', '/settings');
  machines = [(await api('POST', '/machines', { name: 'A' })).id, (await api('POST', '/machines', { name: 'B' })).id];
});

test.after(async () => {
  for (const s of screens) s.close();
  await Promise.all([node1?.stop(), node2?.stop()]);
  await redis?.dispose();
});

test('a change made through node 1 reaches the screens of node 2 through Redis', async () => {
  const wall2 = await open(node2, { all: true });
  const kiosk2 = await open(node2, { machine: machines[0] });
  const otherKiosk2 = await open(node2, { machine: machines[1] });
  const o = await api('POST', '/orders', { contact: { name: 'Traverse' }, machineId: machines[0] });
  await wall2.until(() => wall2.orders.has(o.id), 'the order on the wall of node 2');
  await kiosk2.until(() => kiosk2.orders.has(o.id), 'the order on the kiosk of node 2');
  const moved = await api('PATCH', `/orders/${o.id}`, { machineId: machines[1] });
  await kiosk2.until(() => !kiosk2.orders.has(o.id), 'its departure from machine A');
  await otherKiosk2.until(() => otherKiosk2.orders.get(o.id)?.version === moved.version, 'its arrival on machine B');
  assert.equal(
    kiosk2.orderEvents(o.id).map((e) => e.seq),
    [o.seq, moved.seq],
  );
});

test('Redis stopping and restarting under a steady writer: every accepted change reaches every screen of both nodes', async () => {
  const wall1 = await open(node1, { all: true });
  const wall2 = await open(node2, { all: true });
  const kiosk2 = await open(node2, { machine: machines[0] });
  const orders = await Promise.all(
    Array.from({ length: 8 }, (_, i) => api('POST', '/orders', { contact: { name: `Panne ${i}` }, machineId: machines[i % 2] })),
  );

  // A writer that keeps editing; while Redis is away a write may be refused (503: on FerretDB the
  // nodes' write lanes live in Redis), never half-done. Every accepted change must reach every screen.
  let writing = true;
  let accepted = 0;
  let refused = 0;
  const writer = (async () => {
    for (let i = 0; writing; i++) {
      try {
        await api('PATCH', `/orders/${orders[i % orders.length].id}`, { nature: `écriture ${i}`, machineId: machines[i % 3 === 0 ? 1 : 0] });
        accepted++;
      } catch (e) {
        if (!/503/.test((e as Error).message)) throw e;
        refused++;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  })();
  const waitAccepted = async (n: number) => {
    const target = accepted + n;
    while (accepted < target) await new Promise((r) => setTimeout(r, 20));
  };

  await waitAccepted(10);
  await redis.stop();
  await new Promise((r) => setTimeout(r, 1500));
  await redis.start();
  await waitAccepted(10);
  writing = false;
  await writer;
  const marker = await api('POST', '/orders', { contact: { name: 'Repère' }, machineId: machines[0] });

  for (const s of [wall1, wall2, kiosk2]) await s.until(() => s.live && s.orders.has(marker.id), 'the last change', 30_000);
  const all = await truth({ all: true });
  const onA = await truth({ machine: machines[0] });
  const settle = (s: Screen, expected: typeof all) =>
    s.until(() => JSON.stringify(s.state()) === JSON.stringify(expected), 'the database state', 30_000).catch(() => undefined);
  await Promise.all([settle(wall1, all), settle(wall2, all), settle(kiosk2, onA)]);
  assert.equal(wall1.state(), all, 'node 1 wall');
  assert.equal(wall2.state(), all, 'node 2 wall');
  assert.equal(kiosk2.state(), onA, 'node 2 kiosk');
  assert.ok(accepted >= 20, `${accepted} changes accepted, ${refused} refused during the outage`);
});

test.run();
