import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { SettingsReply } from '../../../shared/schemas/settings.js';
import { pairKiosk, uniqueDbName } from '../../helper.js';
import { adminApi, buildRealtimeApp, listeningApp, type Api } from './api.js';
import { makeChanges } from './changes.js';
import { expectedState, isError, listen, Screen } from './screen.js';

let app: FastifyInstance;
let url: string;
let api: Api;
let cookie: string;
let settings: SettingsReply;
let machines: string[];
const dbName = uniqueDbName('resync');
const screens: Screen[] = [];

const open = async (sub: Parameters<typeof Screen.open>[1], opts: Parameters<typeof Screen.open>[3] = {}) => {
  const s = await Screen.open(url, sub, settings, { cookie, ...opts });
  screens.push(s);
  return s;
};

test.before(async () => {
  ({ app, url, api, cookie, settings } = await listeningApp({ dbName }));
  machines = [(await api('POST', '/machines', { name: 'A' })).id, (await api('POST', '/machines', { name: 'B' })).id];
  await makeChanges(api, 10, machines, 'Avant');
});

test.after(async () => {
  for (const s of screens) s.close();
  await app.close();
});

test('a screen disconnected during 50 changes resyncs to exactly the state of one that stayed connected', async () => {
  // The returning screens ignore their new snapshot: only `resync` can bring back what they missed.
  const stayedWall = await open({ all: true });
  const stayedKiosk = await open({ machine: machines[0] });
  const droppedWall = await open({ all: true }, { auto: true, keepStateOnReconnect: true });
  const droppedKiosk = await open({ machine: machines[0] }, { auto: true, keepStateOnReconnect: true });
  assert.equal(droppedWall.state(), stayedWall.state());

  droppedWall.socket.disconnect();
  droppedKiosk.socket.disconnect();
  await makeChanges(api, 50, machines, 'Pendant');
  const last = await api('POST', '/orders', { contact: { name: 'Dernier' }, machineId: machines[0] });
  await stayedWall.until(() => stayedWall.orders.has(last.id), 'the last change on the wall that stayed');
  await stayedKiosk.until(() => stayedKiosk.orders.has(last.id), 'the last change on the kiosk that stayed');

  droppedWall.socket.connect();
  droppedKiosk.socket.connect();
  await droppedWall.until(() => droppedWall.live && droppedWall.orders.has(last.id), 'the wall back');
  await droppedKiosk.until(() => droppedKiosk.live && droppedKiosk.orders.has(last.id), 'the kiosk back');

  for (const s of [droppedWall, droppedKiosk]) {
    const r = s.resyncs.at(-1)!;
    assert.ok('changes' in r, 'answered with the changes, not a snapshot');
  }
  assert.equal(droppedWall.state(), stayedWall.state(), 'wall');
  assert.equal(droppedKiosk.state(), stayedKiosk.state(), 'kiosk of machine A');
  assert.equal(stayedWall.state(), await expectedState(app, { all: true }, cookie), 'and both are the database');
  assert.equal(stayedKiosk.state(), await expectedState(app, { machine: machines[0] }, cookie));
});

test('a screen ahead of the database (reset) gets a full snapshot and the settings', async () => {
  const kiosk = await open({ machine: machines[1] });
  const before = kiosk.events.length;
  const r = await kiosk.resync(kiosk.lastSeq + 1000);
  assert.ok(!isError(r) && 'snapshot' in r, 'a snapshot');
  assert.equal(kiosk.state(), await expectedState(app, { machine: machines[1] }, cookie));
  assert.ok(kiosk.events.slice(before).some((e) => e.type === 'settings:changed'), 'settings sent before the answer');
});

test('a kiosk paired to a machine gets the orders of other machines as ids only', async () => {
  const paired = await pairKiosk(app, { machineId: machines[0] });
  const kiosk = await Screen.open(url, {}, settings, { cookie: paired.cookie });
  screens.push(kiosk);
  const r = await kiosk.resync(0);
  assert.ok(!isError(r) && 'changes' in r);
  const full = r.changes.filter((c) => 'order' in c);
  const idsOnly = r.changes.filter((c) => !('order' in c));
  assert.ok(full.length > 0 && idsOnly.length > 0);
  for (const c of full) assert.is('order' in c && c.order.machineId, machines[0], 'only its own machine in full');
  const others = (await api('GET', `/orders?machine=${machines[1]}&all=1`)).orders.map((o: { id: string }) => o.id);
  assert.ok(others.every((id: string) => idsOnly.some((c) => 'id' in c && c.id === id)), 'the orders of machine B: ids only');
  assert.equal(kiosk.state(), await expectedState(app, { machine: machines[0] }, cookie));
});

test('resync before subscribe is refused', async () => {
  const s = new Screen(url, {}, settings, { cookie });
  screens.push(s);
  const r = await s.socket.timeout(5000).emitWithAck('resync', { sinceSeq: 0 });
  assert.ok(isError(r));
  assert.is(r.error.code, 'not_subscribed');
});

test('after a server restart, screens reconnect by themselves and resync what they missed', async () => {
  const wall = await open({ all: true }, { auto: true, keepStateOnReconnect: true });
  const kiosk = await open({ machine: machines[0] }, { auto: true, keepStateOnReconnect: true });
  const port = (app.server.address() as AddressInfo).port;
  await app.close();

  // While the server is down, nothing reaches them; 50 changes are made by the next server before it listens.
  app = await buildRealtimeApp({ dbName });
  ({ api, cookie } = await adminApi(app));
  await makeChanges(api, 50, machines, 'Redémarrage');
  const last = await api('POST', '/orders', { contact: { name: 'Après redémarrage' }, machineId: machines[0] });
  url = await listen(app, port);

  await wall.until(() => wall.live && wall.orders.has(last.id), 'the wall back');
  await kiosk.until(() => kiosk.live && kiosk.orders.has(last.id), 'the kiosk back');
  assert.ok('changes' in wall.resyncs.at(-1)!, 'the seq survived the restart: changes, not a snapshot');
  assert.equal(wall.state(), await expectedState(app, { all: true }, cookie));
  assert.equal(kiosk.state(), await expectedState(app, { machine: machines[0] }, cookie));
});

test.run();
