import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { FastifyInstance } from 'fastify';
import { buildMailApp, signIn, type Call } from './setup.js';

/**
 * The final step's automatic message is owed like any other even though
 * entering that step moves the order to the archive: the sweep finds it
 * through the archive's recent changes, not only among the active orders.
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

test('the listener never queued the message of the final step: the sweep queues it for the archived order', async () => {
  const { seq, ...settings } = (await call('GET', '/settings')).body;
  void seq;
  settings.steps = settings.steps.map((st: { id: string }) => (st.id === 'terminee' ? { ...st, templateId: 'commande-dispo', autoSend: true } : st));
  assert.is((await call('PUT', '/settings', settings)).status, 200);
  const o = (await call('POST', '/orders', { contact: { name: 'Fini', email: 'fini@example.fr' }, stepId: 'livraison' })).body;
  app.feed.removeAllListeners('order:changed');
  const op = 'lost-final-op-01';
  assert.is((await call('POST', `/orders/${o.id}/advance`, { expectedStepId: 'livraison', opId: op })).status, 200);
  assert.ok(await app.db.models.ArchivedOrder.findById(o.id).lean(), 'the order is in the archive');
  assert.is(await app.mail.sweep(10 * 60_000), 1);
  const queued = await app.mail.outbox.byKey(`auto:${o.id}:${op}`);
  assert.is(queued?.to, 'fini@example.fr');
  assert.is(await app.mail.sweep(10 * 60_000), 0, 'once only');
});

test.run();
