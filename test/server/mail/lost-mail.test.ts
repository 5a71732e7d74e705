import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { FastifyInstance } from 'fastify';
import { buildMailApp, signIn, type Call } from './setup.js';

/**
 * No mail lost: the auto-send owed by a step change is recorded with the
 * change itself, so a message the live listener never queued (the process or
 * the database went away right after the commit) is queued by the periodic
 * sweep — even if auto-send was turned off in between.
 */
let app: FastifyInstance;
let call: Call;

test.before(async () => {
  app = await buildMailApp({ smtpUrl: null });
  call = await signIn(app);
  await app.mail.worker.stop();
});
test.after(async () => {
  await app.close();
});

async function setAutoSend(on: boolean) {
  const { seq, ...settings } = (await call('GET', '/settings')).body;
  void seq;
  settings.steps = settings.steps.map((st: { id: string }) => (st.id === 'prise-en-charge' ? { ...st, templateId: 'commande-dispo', autoSend: on } : st));
  const res = await call('PUT', '/settings', settings);
  assert.is(res.status, 200, JSON.stringify(res.body));
}

test('a step change whose message the listener never queued: the intent is in the history, and the sweep queues it', async () => {
  await setAutoSend(true);
  const o = (await call('POST', '/orders', { contact: { name: 'Perdu', email: 'perdu@example.fr' } })).body;
  // The live listener does not run: what a node dying right after the commit leaves behind.
  app.feed.removeAllListeners('order:changed');
  const op = 'lost-mail-op-01';
  const moved = await call('POST', `/orders/${o.id}/advance`, { expectedStepId: 'en-attente', opId: op });
  assert.is(moved.status, 200);
  const key = `auto:${o.id}:${op}`;
  assert.is(await app.mail.outbox.byKey(key), null, 'nothing queued by the listener');
  const stored = await app.repos.orders.findById(o.id);
  assert.is(stored?.history?.find((h) => h.opId === op)?.autoSend, true, 'the intent is recorded with the change');

  // Auto-send turned off meanwhile: the message was owed when the order entered the step.
  await setAutoSend(false);
  assert.is(await app.mail.sweep(10 * 60_000), 1);
  const queued = await app.mail.outbox.byKey(key);
  assert.ok(queued, 'queued by the sweep');
  assert.is(queued.to, 'perdu@example.fr');
  // Once only.
  assert.is(await app.mail.sweep(10 * 60_000), 0);
});

test.run();
