import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { FastifyInstance } from 'fastify';
import { eventually, startSmtp, type TestSmtp } from '../../smtp.js';
import { buildMailApp, mailHistory, signIn, type Call } from './setup.js';

let smtp: TestSmtp;
let app: FastifyInstance;
let call: Call;

test.before(async () => {
  smtp = await startSmtp();
  app = await buildMailApp({ smtpUrl: smtp.url });
  call = await signIn(app);
});
test.after(async () => {
  await app.close();
  await smtp.close();
});

const contact = { name: 'Zoé Lefèvre', company: 'Ébénisterie « Les Chênes »', email: 'zoe@example.fr' };
async function newOrder(fields: Record<string, unknown> = {}) {
  const res = await call('POST', '/orders', { contact, customerRef: 'BC-7', date: '2025-03-05', dueDate: '2030-04-01', ...fields });
  assert.is(res.status, 201, JSON.stringify(res.body));
  return res.body as { id: string; number: number; stepId: string };
}
const outboxCount = () => app.mail.outbox.count({});

test('templates: unknown placeholders are refused when saved, nothing stored', async () => {
  const before = (await call('GET', '/templates')).body.length;
  const bad = await call('POST', '/templates', { name: 'Relance', subject: 'Commande {{order.number}}', body: 'Bonjour {{client.nom}}' });
  assert.is(bad.status, 400);
  assert.is(bad.body.error.code, 'unknown_placeholder');
  assert.match(bad.body.error.message, '{{client.nom}}');
  const malformed = await call('POST', '/templates', { name: 'Relance', subject: 'Commande {{order.number}', body: 'x' });
  assert.is(malformed.status, 400);
  assert.is(malformed.body.error.code, 'malformed_placeholder');
  assert.is((await call('GET', '/templates')).body.length, before);

  const good = await call('POST', '/templates', { id: 'relance', name: 'Relance', subject: 'Commande {{order.number}}', body: 'Bonjour {{ contact.name }}' });
  assert.is(good.status, 201);
  const badPut = await call('PUT', '/templates/relance', { name: 'Relance', subject: 'x', body: 'Bonjour {{contact.nom}}' });
  assert.is(badPut.status, 400);
  assert.is(badPut.body.error.code, 'unknown_placeholder');
  assert.is((await call('GET', '/templates/relance')).body.body, 'Bonjour {{ contact.name }}');
});

test('GET mail: 409 no_template at a step without template (the order exists), 404 for an unknown order', async () => {
  const o = await newOrder();
  const res = await call('GET', `/orders/${o.id}/mail`);
  assert.is(res.status, 409);
  assert.is(res.body.error.code, 'no_template');
  assert.match(res.body.error.message, 'En attente');
  const missing = await call('GET', '/orders/nope123/mail');
  assert.is(missing.status, 404);
  assert.is(missing.body.error.code, 'not_found');
});

test('the envelope: prefilled from the step template, edited, queued (202), delivered over SMTP, recorded in the history', async () => {
  const o = await newOrder({ stepId: 'assemblage' });
  const draft = await call('GET', `/orders/${o.id}/mail`);
  assert.is(draft.status, 200, JSON.stringify(draft.body));
  assert.is(draft.body.to, 'zoe@example.fr');
  assert.is(draft.body.templateId, 'commande-dispo');
  assert.is(draft.body.subject, `Votre commande n° ${o.number} est disponible`);
  assert.match(draft.body.body, 'Bonjour Zoé Lefèvre,');
  assert.match(draft.body.body, 'depuis l’étape « Assemblage »');
  assert.match(draft.body.body, 'votre référence : BC-7');
  assert.equal(draft.body.messages, []);

  const already = smtp.received.length;
  const body = `${draft.body.body}\n\nPS : livraison prévue le 1 avril, « au plus tôt » <b>promis</b> & juré.`;
  const sent = await call('POST', `/orders/${o.id}/mail`, { subject: `${draft.body.subject} – édité`, body });
  assert.is(sent.status, 202, JSON.stringify(sent.body));
  assert.is(sent.body.state, 'queued');
  assert.is(sent.body.to, 'zoe@example.fr');

  const [mail] = (await smtp.waitFor(already + 1)).slice(already);
  const p = mail.parsed;
  assert.equal(mail.rcptTo, ['zoe@example.fr']);
  assert.is(p.subject, `Votre commande n° ${o.number} est disponible – édité`);
  assert.is(p.from?.value[0]?.address, 'atelier@jalon.test');
  assert.is(p.from?.value[0]?.name, 'Atelier Jalon');
  assert.is((Array.isArray(p.to) ? p.to[0] : p.to)?.value[0]?.address, 'zoe@example.fr');
  assert.is(p.messageId, `<${sent.body.id}@localhost>`);
  assert.is(p.headers.get('x-jalon-order'), String(o.number));
  assert.is(p.headers.get('auto-submitted'), undefined, 'a person sent it');
  // Both parts, UTF-8 intact; the HTML part escapes what was typed.
  assert.is(p.text?.trim(), body.trim());
  assert.match(p.text!, '« au plus tôt » <b>promis</b> & juré');
  assert.ok(typeof p.html === 'string');
  assert.match(p.html, 'Bonjour Zoé Lefèvre,');
  assert.match(p.html, '« au plus tôt » &lt;b&gt;promis&lt;/b&gt; &amp; juré');
  assert.not.match(p.html, '<b>promis');
  assert.match(String(p.headers.get('content-type') && (p.headers.get('content-type') as { value: string }).value), 'multipart/alternative');

  const states = await eventually(async () => {
    const h = await mailHistory(call, o.id);
    return h.some((e) => e.state === 'sent') ? h : null;
  });
  assert.equal(states.map((e) => e.state), ['queued', 'sent']);
  assert.ok(states.every((e) => e.messageId === sent.body.id && e.to === 'zoe@example.fr'));
  const after = await call('GET', `/orders/${o.id}/mail`);
  assert.is(after.body.messages[0].state, 'sent');
  assert.is(after.body.messages[0].id, sent.body.id);
});

test('POST mail refuses a bad recipient and empty text with 400, a contact without address with 422, and queues nothing', async () => {
  const o = await newOrder({ stepId: 'assemblage' });
  const noEmail = await newOrder({ stepId: 'assemblage', contact: { name: 'Sans Adresse' } });
  const before = await outboxCount();
  const cases: Array<[string, unknown, string]> = [
    // Refused by the schema itself now (format email), before the service's own check.
    [o.id, { to: 'pas-une-adresse', subject: 's', body: 'b' }, 'invalid_request'],
    [o.id, { to: 'a@b.fr, c@d.fr', subject: 's', body: 'b' }, 'invalid_request'],
    [o.id, { to: 'a@b.fr\r\nBcc: c@d.fr', subject: 's', body: 'b' }, 'invalid_request'],
    [noEmail.id, { subject: 's', body: 'b' }, 'no_recipient'],
    [o.id, { subject: '   ', body: 'b' }, 'empty_subject'],
    [o.id, { subject: 's', body: ' \n ' }, 'empty_body'],
    [o.id, { subject: '', body: 'b' }, 'invalid_request'],
    [o.id, { subject: 's', body: 'b', cc: 'x@y.fr' }, 'invalid_request'],
  ];
  for (const [id, payload, code] of cases) {
    const res = await call('POST', `/orders/${id}/mail`, payload);
    assert.is(res.status, code === 'no_recipient' ? 422 : 400, `${JSON.stringify(payload)} → ${res.status}`);
    assert.is(res.body.error.code, code, JSON.stringify(payload));
    assert.type(res.body.error.message, 'string');
  }
  assert.is((await call('POST', '/orders/nope123/mail', { subject: 's', body: 'b' })).status, 404);
  assert.is(await outboxCount(), before);
  assert.equal(await mailHistory(call, o.id), []);
  // A contact without address can still be written to when the envelope names one.
  const given = await call('POST', `/orders/${noEmail.id}/mail`, { to: 'bureau@example.fr', subject: 's', body: 'b' });
  assert.is(given.status, 202);
  assert.is(given.body.to, 'bureau@example.fr');
});

test('a replayed opId queues the message once', async () => {
  const o = await newOrder({ stepId: 'emballage' });
  const payload = { subject: 'Une fois', body: 'Une seule fois.', opId: 'mail-op-0001' };
  const first = await call('POST', `/orders/${o.id}/mail`, payload);
  const second = await call('POST', `/orders/${o.id}/mail`, payload);
  assert.is(first.status, 202);
  assert.is(second.status, 202);
  assert.is(second.headers['idempotent-replayed'], 'true');
  assert.is(second.body.id, first.body.id);
  assert.is(await app.mail.outbox.count({ orderId: o.id }), 1);
  await eventually(async () => (await app.mail.outbox.get(first.body.id))?.state === 'sent');
  assert.is(smtp.received.filter((m) => m.parsed.subject === 'Une fois').length, 1);
});

test('demo mode (no SMTP_URL): an .eml file under DATA_DIR/outbox, marked written, never sent', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'jalon-mail-'));
  const demo = await buildMailApp({ dataDir });
  try {
    const demoCall = await signIn(demo);
    const o = (await demoCall('POST', '/orders', { contact, stepId: 'emballage' })).body;
    const sent = await demoCall('POST', `/orders/${o.id}/mail`, { subject: 'Démo « hors ligne »', body: 'Écrit, pas envoyé.' });
    assert.is(sent.status, 202);
    const done = await eventually(async () => {
      const m = await demo.mail.outbox.get(sent.body.id);
      return m && m.state !== 'queued' && m.state !== 'sending' ? m : null;
    });
    assert.is(done.state, 'written');
    const files = readdirSync(join(dataDir, 'outbox'));
    assert.is(files.length, 1);
    assert.ok(files[0].endsWith(`-${sent.body.id}.eml`));
    const parsed = await simpleParser(readFileSync(join(dataDir, 'outbox', files[0])));
    assert.is(parsed.subject, 'Démo « hors ligne »');
    assert.is(parsed.text?.trim(), 'Écrit, pas envoyé.');
    // The history entry follows the outbox's own state change: wait for it, then check the whole sequence.
    const states = await eventually(async () => {
      const s = (await mailHistory(demoCall, o.id)).map((e) => e.state);
      return s.includes('written') ? s : null;
    });
    assert.equal(states, ['queued', 'written']);
    assert.not.ok(states.includes('sent'));
  } finally {
    await demo.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test.run();
