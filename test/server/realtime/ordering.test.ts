import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { FastifyInstance } from 'fastify';
import type { SettingsReply } from '../../../shared/schemas/settings.js';
import { opId } from '../../helper.js';
import { listeningApp, type Api } from './api.js';
import { expectedState, Screen } from './screen.js';

let app: FastifyInstance;
let url: string;
let api: Api;
let cookie: string;
let settings: SettingsReply;
const screens: Screen[] = [];

test.before(async () => {
  ({ app, url, api, cookie, settings } = await listeningApp());
});

test.after(async () => {
  for (const s of screens) s.close();
  await app.close();
});

const changedEvents = (s: Screen) => s.orderEvents().filter((e) => e.type === 'order:changed');

test('200 rapid changes one after the other arrive in seq order, each once', async () => {
  const wall = await Screen.open(url, { all: true }, settings, { cookie });
  screens.push(wall);
  const orders = await Promise.all(Array.from({ length: 10 }, (_, i) => api('POST', '/orders', { contact: { name: `Rapide ${i}` } })));
  await wall.until(() => wall.orderEvents().length === 10, 'the creations');
  const start = wall.events.length;

  const answered: number[] = [];
  for (let i = 0; i < 200; i++) {
    const o = orders[i % orders.length];
    const r = await api('PATCH', `/orders/${o.id}`, { nature: `passage ${i}` });
    answered.push(r.seq);
  }
  await wall.until(() => wall.events.length - start === 200, '200 events');
  const received = wall.events.slice(start).map((e) => ('seq' in e ? e.seq : -1));
  assert.equal(received, answered, 'every change once, in the order of their seq');
  for (let i = 1; i < received.length; i++) assert.ok(received[i] > received[i - 1], 'strictly increasing seq');
});

test('200 concurrent changes on 10 orders: per order, seq and version only grow; the screen ends where the database is', async () => {
  const wall = await Screen.open(url, { all: true }, settings, { cookie });
  screens.push(wall);
  const orders = await Promise.all(Array.from({ length: 10 }, (_, i) => api('POST', '/orders', { contact: { name: `Concurrent ${i}` } })));
  await wall.until(() => orders.every((o) => wall.orders.has(o.id)), 'the creations');

  // Edits and moves mixed, all in flight at once: 20 per order.
  await Promise.all(
    Array.from({ length: 200 }, (_, i) => {
      const o = orders[i % orders.length];
      if (i % 4 === 3) {
        return api('POST', `/orders/${o.id}/move`, { expectedStepId: 'en-attente', opId: opId(), toStepId: 'decoupage' }).catch(
          (e: Error) => {
            // Only the first move of an order finds it at En attente; the others are refused (409).
            if (!/409/.test(e.message)) throw e;
          },
        );
      }
      return api('PATCH', `/orders/${o.id}`, { nature: `en même temps ${i}` });
    }),
  );
  const expected = await expectedState(app, { all: true }, cookie);
  const mine = (id: string) => orders.some((o) => o.id === id);
  await wall.until(
    () => wall.state().filter((o) => mine(o.id)).every((o) => o.version === expected.find((x) => x.id === o.id)!.version),
    'the last version of every order',
  );
  for (const o of orders) {
    const seen = changedEvents(wall).filter((e) => e.type === 'order:changed' && e.order.id === o.id);
    const seqs = seen.map((e) => e.seq);
    const versions = seen.map((e) => (e.type === 'order:changed' ? e.order.version : 0));
    for (let i = 1; i < seen.length; i++) {
      assert.ok(seqs[i] > seqs[i - 1], `order ${o.number}: seq ${seqs[i]} after ${seqs[i - 1]}`);
      assert.ok(versions[i] > versions[i - 1], `order ${o.number}: version ${versions[i]} after ${versions[i - 1]}`);
    }
  }
  assert.equal(
    wall.state().filter((o) => mine(o.id)),
    expected.filter((o) => mine(o.id)),
    'the wall shows exactly what the database holds',
  );
});

test.run();
