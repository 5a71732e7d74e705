import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { FastifyInstance } from 'fastify';
import type { SettingsReply } from '../../../shared/schemas/settings.js';
import { opId } from '../../helper.js';
import { listeningApp, type Api } from './api.js';
import { expectedState, isError, Screen } from './screen.js';

let app: FastifyInstance;
let url: string;
let settings: SettingsReply;
let machineA: string;
let machineB: string;
let api: Api;
let cookie: string;
const screens: Screen[] = [];

const open = async (subscription: Parameters<typeof Screen.open>[1], s: SettingsReply) => {
  const screen = await Screen.open(url, subscription, s, { cookie });
  screens.push(screen);
  return screen;
};

test.before(async () => {
  ({ app, url, api, cookie, settings } = await listeningApp());
  machineA = (await api('POST', '/machines', { name: 'Scie A' })).id;
  machineB = (await api('POST', '/machines', { name: 'Presse B' })).id;
});

test.after(async () => {
  for (const s of screens) s.close();
  await app.close();
});

test('a machine kiosk sees an order arrive on its machine and leave it; the other machine sees nothing; the wall sees everything', async () => {
  const kioskA = await open({ machine: machineA }, settings);
  const kioskB = await open({ machine: machineB }, settings);
  const wall = await open({ all: true }, settings);

  const order = await api('POST', '/orders', { contact: { name: 'Arrivée' } });
  const onA = await api('PATCH', `/orders/${order.id}`, { machineId: machineA });
  await kioskA.until(() => kioskA.orders.has(order.id), 'the order on kiosk A');
  assert.is(kioskA.orders.get(order.id)!.machineId, machineA);

  const advanced = await api('POST', `/orders/${order.id}/advance`, { expectedStepId: onA.stepId, opId: opId() });
  const left = await api('PATCH', `/orders/${order.id}`, { machineId: null });
  await kioskA.until(() => kioskA.orderEvents(order.id).length === 3, 'arrival, step change and departure on kiosk A');
  assert.equal(
    kioskA.orderEvents(order.id).map((e) => e.seq),
    [onA.seq, advanced.seq, left.seq],
    'kiosk A gets arrival, change and departure, not the creation (not on its machine then)',
  );
  assert.not.ok(kioskA.orders.has(order.id), 'kiosk A no longer shows the order');

  // A change on machine B marks the end: the events of one socket arrive in the order they were sent.
  const marker = await api('POST', '/orders', { contact: { name: 'Repère B' }, machineId: machineB });
  await kioskB.until(() => kioskB.orders.has(marker.id), 'the marker on kiosk B');
  assert.equal(kioskB.orderEvents(order.id), [], 'kiosk B received nothing about the order');

  await wall.until(() => wall.orderEvents(marker.id).length === 1, 'the marker on the wall');
  assert.equal(
    wall.orderEvents(order.id).map((e) => e.seq),
    [order.seq, onA.seq, advanced.seq, left.seq],
    'the wall received every change',
  );
  assert.is(wall.orders.get(order.id)!.version, left.version);
});

test('subscribe answers the filtered snapshot with a seq; step and assignee rooms', async () => {
  const user = await api('POST', '/users', { name: 'Opératrice', role: 'operator' });
  const mine = await api('POST', '/orders', { contact: { name: 'Assignée' }, assigneeId: user.id, machineId: machineA });
  const other = await api('POST', '/orders', { contact: { name: 'Autre' } });

  const byUser = await open({ assignee: user.id }, settings);
  assert.equal([...byUser.orders.keys()], [mine.id], 'the snapshot holds only the orders of the assignee');
  assert.ok(byUser.lastSeq >= mine.seq);

  const cutting = await open({ step: 'decoupage' }, settings);
  assert.equal([...cutting.orders.keys()], []);
  const a1 = await api('POST', `/orders/${other.id}/advance`, { expectedStepId: 'en-attente', opId: opId() });
  const a2 = await api('POST', `/orders/${other.id}/advance`, { expectedStepId: a1.stepId, opId: opId() });
  assert.is(a2.stepId, 'decoupage');
  await cutting.until(() => cutting.orders.has(other.id), 'the order entering Découpage');
  const a3 = await api('POST', `/orders/${other.id}/advance`, { expectedStepId: 'decoupage', opId: opId() });
  await cutting.until(() => !cutting.orders.has(other.id), 'the order leaving Découpage');
  assert.equal(
    cutting.orderEvents(other.id).map((e) => e.seq),
    [a2.seq, a3.seq],
    'the step room gets the arrival and the departure only',
  );

  // The assignee's screen got nothing about the other order.
  const marker = await api('PATCH', `/orders/${mine.id}`, { nature: 'repère' });
  await byUser.until(() => byUser.orderEvents(mine.id).length === 1, 'the marker');
  assert.is(byUser.orderEvents(other.id).length, 0);
  assert.is(byUser.orders.get(mine.id)!.seq, marker.seq);
});

test('removals go to the rooms the order was in; settings go to everyone', async () => {
  const kioskA = await open({ machine: machineA }, settings);
  const kioskB = await open({ machine: machineB }, settings);
  const wall = await open({}, settings);
  const order = await api('POST', '/orders', { contact: { name: 'À supprimer' }, machineId: machineA });
  await kioskA.until(() => kioskA.orders.has(order.id), 'the new order on A');
  await api('DELETE', `/orders/${order.id}`);
  await kioskA.until(() => !kioskA.orders.has(order.id), 'the removal on A');
  await wall.until(() => wall.orderEvents(order.id).some((e) => e.type === 'order:removed'), 'the removal on the wall');

  const put = { ...settings, dueSoonDays: settings.dueSoonDays + 1 } as Record<string, unknown>;
  delete put.seq;
  await api('PUT', '/settings', put);
  for (const s of [kioskA, kioskB, wall]) {
    await s.until(() => s.events.some((e) => e.type === 'settings:changed'), 'settings:changed');
    assert.is(s.settings.dueSoonDays, settings.dueSoonDays + 1);
  }
  assert.equal(kioskB.orderEvents(order.id), [], 'kiosk B heard nothing of an order of machine A');
});

test('a socket that changes its subscription leaves its previous room', async () => {
  const kiosk = await open({ machine: machineA }, settings);
  const snap = await kiosk.subscribe({ machine: machineB });
  assert.ok(!isError(snap));
  const onA = await api('POST', '/orders', { contact: { name: 'Sur A' }, machineId: machineA });
  const onB = await api('POST', '/orders', { contact: { name: 'Sur B' }, machineId: machineB });
  await kiosk.until(() => kiosk.orderEvents(onB.id).length === 1, 'the order of B');
  assert.equal(kiosk.orderEvents(onA.id), [], 'nothing from machine A any more');
});

test('concurrent moves between machines: every kiosk ends showing what the database holds', async () => {
  const machineC = (await api('POST', '/machines', { name: 'Tour C' })).id;
  const kiosks = await Promise.all([machineA, machineB, machineC].map((m) => open({ machine: m }, settings)));
  const orders = await Promise.all(
    Array.from({ length: 10 }, (_, i) => api('POST', '/orders', { contact: { name: `Navette ${i}` }, machineId: machineA })),
  );
  // Two edits of one order at once, A → B and → C: whichever lands second must still tell the machine it leaves.
  await Promise.all(
    orders.flatMap((o) => [api('PATCH', `/orders/${o.id}`, { machineId: machineB }), api('PATCH', `/orders/${o.id}`, { machineId: machineC })]),
  );
  const marker = await api('POST', '/orders', { contact: { name: 'Repère' } });
  for (const [i, k] of kiosks.entries()) {
    await api('PATCH', `/orders/${marker.id}`, { machineId: [machineA, machineB, machineC][i] });
    await k.until(() => k.orders.has(marker.id), 'the marker');
    const shown = k.state().filter((o) => o.id !== marker.id);
    const expected = (await expectedState(app, k.subscription, cookie)).filter((o) => o.id !== marker.id);
    assert.equal(shown, expected, `kiosk of machine ${'ABC'[i]}`);
  }
});

test.run();
