import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { FastifyInstance } from 'fastify';
import { uniqueDbName } from '../../helper.js';
import { eventually, startSmtp, type TestSmtp } from '../../smtp.js';
import { buildMailApp, mailHistory, signIn, type Call } from './setup.js';

let smtp: TestSmtp;
let app: FastifyInstance;
let call: Call;

/** Turns auto-send on for "Prise en charge", with the template "Commande dispo". */
async function enableAutoSend(c: Call) {
  const s = (await c('GET', '/settings')).body;
  const { seq, ...settings } = s;
  void seq;
  settings.steps = settings.steps.map((st: { id: string }) =>
    st.id === 'prise-en-charge' ? { ...st, templateId: 'commande-dispo', autoSend: true } : st,
  );
  const res = await c('PUT', '/settings', settings);
  assert.is(res.status, 200, JSON.stringify(res.body));
}

test.before(async () => {
  smtp = await startSmtp();
  app = await buildMailApp({ smtpUrl: smtp.url });
  call = await signIn(app);
  await enableAutoSend(call);
});
test.after(async () => {
  await app.close();
  await smtp.close();
});

const contact = { name: 'Zoé Lefèvre', company: 'Ébénisterie « Les Chênes »', email: 'zoe@example.fr' };
const receivedFor = (number: number) => smtp.received.filter((m) => m.parsed.headers.get('x-jalon-order') === String(number));

test('entering an auto-send step sends its template once; a replayed opId sends nothing more', async () => {
  const o = (await call('POST', '/orders', { contact })).body;
  const op = 'auto-op-000001';
  const moved = await call('POST', `/orders/${o.id}/advance`, { expectedStepId: 'en-attente', opId: op });
  assert.is(moved.status, 200);
  const messages = await eventually(async () => {
    const h = await mailHistory(call, o.id);
    return h.some((e) => e.state === 'sent') ? h : null;
  });
  assert.equal(messages.map((e) => e.state), ['queued', 'sent']);

  const replay = await call('POST', `/orders/${o.id}/advance`, { expectedStepId: 'en-attente', opId: op });
  assert.is(replay.status, 200);
  assert.is(replay.headers['idempotent-replayed'], 'true');
  // The same change delivered twice to the listener (a double delivery) finds the message already queued.
  const stored = await app.services.orders.get(o.id);
  const { history, ...after } = stored;
  void history;
  await app.mail.onOrderChanged({ seq: after.seq, before: { ...after, stepId: 'en-attente' }, after });
  await app.mail.worker.drain();

  assert.is(await app.mail.outbox.count({ orderId: o.id }), 1);
  assert.is(receivedFor(o.number).length, 1);
  const mail = receivedFor(o.number)[0].parsed;
  assert.is(mail.subject, `Votre commande n° ${o.number} est disponible`);
  assert.match(mail.text!, 'depuis l’étape « Prise en charge »');
  assert.is(mail.headers.get('auto-submitted'), 'auto-generated');
  assert.equal(receivedFor(o.number)[0].rcptTo, ['zoe@example.fr']);
});

test('once per entry: leaving the step and entering it again sends again', async () => {
  const o = (await call('POST', '/orders', { contact })).body;
  await call('POST', `/orders/${o.id}/advance`, { expectedStepId: 'en-attente', opId: 'auto-op-000002' });
  await call('POST', `/orders/${o.id}/regress`, { expectedStepId: 'prise-en-charge', opId: 'auto-op-000003', comment: 'pièce manquante' });
  await call('POST', `/orders/${o.id}/advance`, { expectedStepId: 'en-attente', opId: 'auto-op-000004' });
  await eventually(async () => (await app.mail.outbox.count({ orderId: o.id, state: 'sent' })) === 2);
  assert.is(receivedFor(o.number).length, 2);
});

test('a contact without address: the auto message is recorded as failed with the reason, nothing sent', async () => {
  const o = (await call('POST', '/orders', { contact: { name: 'Sans Adresse' } })).body;
  await call('POST', `/orders/${o.id}/advance`, { expectedStepId: 'en-attente', opId: 'auto-op-000005' });
  const h = await eventually(async () => {
    const entries = await mailHistory(call, o.id);
    return entries.length ? entries : null;
  });
  assert.is(h.length, 1);
  assert.is(h[0].state, 'failed');
  assert.match(h[0].reason!, 'no e-mail address');
  await app.mail.worker.drain();
  assert.is(receivedFor(o.number).length, 0);
});

test('a step change whose auto-send was never queued (node died) is recovered at the next start; older entries are not', async () => {
  const dbName = uniqueDbName('mailrec');
  const first = await buildMailApp({ dbName, smtpUrl: smtp.url });
  const c1 = await signIn(first);
  // Entered the step before auto-send was turned on: must never be mailed.
  const early = (await c1('POST', '/orders', { contact })).body;
  await c1('POST', `/orders/${early.id}/advance`, { expectedStepId: 'en-attente', opId: 'auto-op-000006' });
  await enableAutoSend(c1);
  // The node "dies" between the order write and the enqueue: the listener never runs.
  first.feed.removeAllListeners('order:changed');
  const late = (await c1('POST', '/orders', { contact })).body;
  assert.is((await c1('POST', `/orders/${late.id}/advance`, { expectedStepId: 'en-attente', opId: 'auto-op-000007' })).status, 200);
  assert.is(await first.mail.outbox.count({}), 0);
  await first.close();

  const second = await buildMailApp({ dbName, smtpUrl: smtp.url });
  try {
    await eventually(async () => (await second.mail.outbox.count({ orderId: late.id, state: 'sent' })) === 1);
    assert.is(await second.mail.recover(), 0, 'a second pass finds nothing left to queue');
    assert.is(await second.mail.outbox.count({ orderId: early.id }), 0);
    assert.is(await second.mail.outbox.count({}), 1);
    const [message] = await second.mail.outbox.listForOrder(late.id, 1);
    assert.is(message.kind, 'auto');
    assert.is(smtp.received.filter((m) => m.parsed.messageId === `<${message._id}@localhost>`).length, 1);
  } finally {
    await second.close();
  }
});

test.run();
