import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { freePort } from '../../../server/local-database/processes.js';
import { mailHistory as historyOf } from '../../../server/mail/mail-history.js';
import { newMessage } from '../../../server/mail/compose.js';
import { outboxWorker } from '../../../server/mail/outbox-worker.js';
import { smtpTransport } from '../../../server/mail/transport.js';
import { Lanes } from '../../../server/store/lanes.js';
import { outboxRepository } from '../../../server/store/outbox.js';
import { uniqueDbName } from '../../helper.js';
import { eventually, startSmtp } from '../../smtp.js';
import { buildMailApp, fastMail, mailHistory, signIn, twoIdleNodes } from './setup.js';

const contact = { name: 'Zoé Lefèvre', email: 'zoe@example.fr' };

test('SMTP server down: the message stays queued and retries; after a restart of our server it is delivered once', async () => {
  const port = await freePort();
  const dbName = uniqueDbName('maildown');
  const first = await buildMailApp({ dbName, smtpUrl: `smtp://127.0.0.1:${port}` });
  const c1 = await signIn(first);
  const o = (await c1('POST', '/orders', { contact })).body;
  const sent = await c1('POST', `/orders/${o.id}/mail`, { subject: 'Après la panne', body: 'Déjà « en route ».' });
  assert.is(sent.status, 202);
  // Several attempts failed (connection refused) and the message is still waiting.
  const waiting = await eventually(async () => {
    const m = await first.mail.outbox.get(sent.body.id);
    return m && m.attempts >= 3 && m.state === 'queued' ? m : null;
  });
  assert.ok(waiting.reason && waiting.reason.length > 0, 'the reason of the last failure is kept');
  const before = await mailHistory(c1, o.id);
  assert.equal(before.map((e) => e.state), ['queued', 'retrying'], 'the history records the first deferral, not every retry');
  await first.close();

  const smtp = await startSmtp({ port });
  const second = await buildMailApp({ dbName, smtpUrl: smtp.url });
  try {
    const [mail] = await smtp.waitFor(1);
    assert.is(mail.parsed.subject, 'Après la panne');
    assert.is(mail.parsed.text?.trim(), 'Déjà « en route ».');
    assert.is(mail.parsed.messageId, `<${sent.body.id}@localhost>`);
    const done = await eventually(async () => {
      const m = await second.mail.outbox.get(sent.body.id);
      return m?.state === 'sent' ? m : null;
    });
    assert.match(done.response!, /^250/);
    // The outbox row says sent a moment before the history does: let the pass in hand end.
    await second.mail.worker.idle();
    assert.is(await second.mail.worker.drain(), 0, 'nothing left to send');
    assert.is(smtp.received.length, 1);
    const c2 = await signIn(second);
    assert.equal((await mailHistory(c2, o.id)).map((e) => e.state), ['queued', 'retrying', 'sent']);
  } finally {
    await second.close();
    await smtp.close();
  }
});

test('temporary refusals (451) are retried until the server accepts', async () => {
  let refusals = 2;
  const smtp = await startSmtp({ refuse: () => (refusals-- > 0 ? { code: 451, message: 'Try again later' } : null) });
  const app = await buildMailApp({ smtpUrl: smtp.url });
  try {
    const call = await signIn(app);
    const o = (await call('POST', '/orders', { contact })).body;
    const sent = await call('POST', `/orders/${o.id}/mail`, { subject: 'Patience', body: 'b' });
    await smtp.waitFor(1);
    const done = await eventually(async () => {
      const m = await app.mail.outbox.get(sent.body.id);
      return m?.state === 'sent' ? m : null;
    });
    assert.is(done.attempts, 3);
    assert.is(smtp.rcptAttempts.length, 3);
  } finally {
    await app.close();
    await smtp.close();
  }
});

test('permanent refusal (550): failed with the server reason, tried once, never again', async () => {
  const smtp = await startSmtp({ refuse: (rcpt) => (rcpt === 'nobody@example.fr' ? { code: 550, message: 'No such user here' } : null) });
  const app = await buildMailApp({ smtpUrl: smtp.url });
  try {
    const call = await signIn(app);
    const o = (await call('POST', '/orders', { contact })).body;
    const sent = await call('POST', `/orders/${o.id}/mail`, { to: 'nobody@example.fr', subject: 'Perdu', body: 'b' });
    assert.is(sent.status, 202);
    const failed = await eventually(async () => {
      const m = await app.mail.outbox.get(sent.body.id);
      return m?.state === 'failed' ? m : null;
    });
    assert.match(failed.reason!, '550');
    assert.match(failed.reason!, 'No such user here');
    // More passes of the worker (as many polls would do) leave it alone.
    for (let i = 0; i < 3; i++) assert.is(await app.mail.worker.drain(), 0);
    assert.is(smtp.rcptAttempts.length, 1);
    assert.is((await app.mail.outbox.get(sent.body.id))!.attempts, 1);
    const h = await mailHistory(call, o.id);
    assert.equal(h.map((e) => e.state), ['queued', 'failed']);
    assert.match(h[1].reason!, 'No such user here');
    const draft = await call('GET', `/orders/${o.id}/mail`);
    void draft; // the step has no template; the state is in the history and the outbox
    assert.is(smtp.received.length, 0);
  } finally {
    await app.close();
    await smtp.close();
  }
});

test('two nodes claiming the same messages at once: each claim is won by exactly one', async () => {
  const nodes = await twoIdleNodes('mailclaim');
  const { a, b } = nodes;
  try {
    const call = await signIn(a);
    const o = (await call('POST', '/orders', { contact })).body;
    for (let i = 0; i < 20; i++) await call('POST', `/orders/${o.id}/mail`, { subject: `m${i}`, body: 'b' });
    // Each node with its own lanes, as two processes have.
    const repoA = a.mail.outbox;
    const repoB = outboxRepository(b.db.models, new Lanes());
    const repoC = outboxRepository(b.db.models, new Lanes());
    const now = Date.now();
    const due = await repoA.due(now, fastMail.leaseMs, 100);
    assert.is(due.length, 20);
    const wins = await Promise.all(
      due.map(async (m) => {
        const r = await Promise.all([repoA.claim(m, 'A', now, fastMail.leaseMs), repoB.claim(m, 'B', now, fastMail.leaseMs), repoC.claim(m, 'C', now, fastMail.leaseMs)]);
        return r.filter(Boolean).length;
      }),
    );
    assert.equal(wins, due.map(() => 1));
    assert.is(await repoA.count({ state: 'sending' }), 20);
  } finally {
    await nodes.close();
  }
});

test('two servers and a third worker on one queue: every message delivered exactly once', async () => {
  const smtp = await startSmtp();
  const nodes = await twoIdleNodes('mailtwo', smtp.url);
  const { a, b } = nodes;
  const transport = smtpTransport(smtp.url, 'x@jalon.test', fastMail.sendTimeoutMs);
  const third = outboxWorker({
    outbox: outboxRepository(b.db.models, new Lanes()),
    transport,
    timings: fastMail,
    record: historyOf({ orders: b.repos.orders, settings: b.services.settings, publish: b.services.orders.publish }),
    log: b.log,
    id: 'third',
  });
  try {
    const call = await signIn(a);
    const o = (await call('POST', '/orders', { contact })).body;
    const N = 30;
    for (let i = 0; i < N; i++) await call('POST', `/orders/${o.id}/mail`, { subject: `n°${i}`, body: 'b' });
    a.mail.worker.start();
    b.mail.worker.start();
    third.start();
    await eventually(async () => (await a.mail.outbox.count({ state: 'sent' })) === N, 60_000, 'all sent');
    await Promise.all([a.mail.worker.drain(), b.mail.worker.drain(), third.drain()]);
    const ids = smtp.received.map((m) => m.parsed.messageId);
    assert.is(ids.length, N);
    assert.is(new Set(ids).size, N);
    // Each node appends to the order's history through its own lanes: atomic across nodes on
    // MongoDB only (FerretDB 1.24 may lose one of two concurrent appends; the outbox stays exact).
    if (a.db.engine === 'mongodb') {
      const h = await eventually(async () => {
        const entries = await mailHistory(call, o.id);
        return entries.filter((e) => e.state === 'sent').length >= N ? entries : null;
      });
      assert.is(h.filter((e) => e.state === 'sent').length, N, 'one sent entry per message');
    }
  } finally {
    await third.stop();
    transport.close();
    await nodes.close();
    await smtp.close();
  }
});

test('a message left in sending by a dead node is taken again after the lease', async () => {
  const smtp = await startSmtp();
  const app = await buildMailApp({ smtpUrl: smtp.url });
  try {
    await app.mail.worker.stop();
    const call = await signIn(app);
    const o = (await call('POST', '/orders', { contact })).body;
    const sent = await call('POST', `/orders/${o.id}/mail`, { subject: 'Orphelin', body: 'b' });
    const now = Date.now();
    const [m] = await app.mail.outbox.due(now, fastMail.leaseMs, 10);
    assert.ok(await app.mail.outbox.claim(m, 'dead-node', now, fastMail.leaseMs));
    // Within the lease nobody else takes it.
    assert.is((await app.mail.outbox.due(now + 1, fastMail.leaseMs, 10)).length, 0);
    // After it, a worker does (its clock moved past the lease).
    const later = outboxWorker({
      outbox: app.mail.outbox,
      transport: app.mail.transport,
      timings: fastMail,
      record: async () => undefined,
      log: app.log,
      now: () => Date.now() + fastMail.leaseMs + 1,
    });
    assert.is(await later.drain(), 1);
    const done = (await app.mail.outbox.get(sent.body.id))!;
    assert.is(done.state, 'sent');
    assert.is(done.attempts, 2);
    assert.is(smtp.received.length, 1);
  } finally {
    await app.close();
    await smtp.close();
  }
});

test('enqueueing is idempotent by key, even from two nodes at once', async () => {
  const nodes = await twoIdleNodes('mailkey');
  const { a, b } = nodes;
  try {
    const make = () =>
      newMessage({ key: 'auto:o1:op1', order: { id: 'o1', number: 1 }, kind: 'auto', stepId: 's', to: 'a@b.fr', subject: 's', body: 'b', actor: { actor: 'Jalon', actorId: null }, domain: 'localhost', now: Date.now() });
    const results = await Promise.all([a.mail.outbox.enqueue(make()), b.mail.outbox.enqueue(make()), a.mail.outbox.enqueue(make())]);
    assert.is(results.filter((r) => r.created).length, 1);
    assert.is(new Set(results.map((r) => r.message._id)).size, 1);
    assert.is(await a.mail.outbox.count({}), 1);
  } finally {
    await nodes.close();
  }
});

test.run();
