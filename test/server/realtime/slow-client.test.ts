import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { FastifyInstance } from 'fastify';
import type { Order } from '../../../shared/schemas/order.js';
import type { SettingsReply } from '../../../shared/schemas/settings.js';
import { listeningApp } from './api.js';
import { Screen } from './screen.js';

let app: FastifyInstance;
let url: string;
let cookie: string;
let settings: SettingsReply;
const screens: Screen[] = [];

test.before(async () => {
  ({ app, url, cookie, settings } = await listeningApp());
});

test.after(async () => {
  for (const s of screens) s.close();
  await app.close();
});

/** The TCP socket under a socket.io-client's WebSocket transport (Node's `ws`). */
function tcpOf(screen: Screen): { pause(): void; resume(): void } {
  const engine = (screen.socket.io as unknown as { engine: { transport: { ws: { _socket: { pause(): void; resume(): void } } } } }).engine;
  return engine.transport.ws._socket;
}

test('a screen that stops reading is cut off; the others get every change without waiting for it', async () => {
  const stalled = await Screen.open(url, { all: true }, settings, { cookie });
  const healthy = await Screen.open(url, { all: true }, settings, { cookie });
  screens.push(stalled, healthy);
  const id = stalled.socket.id!;
  assert.ok(app.io.of('/').sockets.has(id));
  tcpOf(stalled).pause();

  // Big changes straight into the change feed (as the services publish them): 4000 × 8 KB, far
  // beyond what the kernel buffers of one connection hold.
  const padding = 'x'.repeat(8000);
  const COUNT = 4000;
  for (let i = 0; i < COUNT; i++) {
    const order: Order = {
      id: `big${i % 50}`,
      number: 100_000 + i,
      date: '2030-01-01',
      contact: { name: `Gros ${i}`, company: padding },
      status: null,
      stepId: 'en-attente',
      dueDate: null,
      assigneeId: null,
      machineId: null,
      version: i + 1,
      seq: 1_000_000 + i,
      urgency: 'none',
    };
    app.feed.emit('order:changed', { seq: order.seq, before: null, after: order });
    if (i % 100 === 99) await new Promise((r) => setImmediate(r));
  }
  await healthy.until(() => healthy.orderEvents().length === COUNT, 'every change on the healthy screen', 60_000);

  await new Promise<void>((ok, fail) => {
    const deadline = setTimeout(() => fail(new Error('the stalled screen is still connected')), 20_000);
    const poll = setInterval(() => {
      if (!app.io.of('/').sockets.has(id)) {
        clearTimeout(deadline);
        clearInterval(poll);
        ok();
      }
    }, 100);
  });
  assert.ok(healthy.socket.connected, 'the healthy screen stays connected');
  tcpOf(stalled).resume();
});

test.run();
