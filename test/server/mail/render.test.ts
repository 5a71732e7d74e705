import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { defaultSettings, defaultTemplates } from '../../../shared/defaults.js';
import { isAddress, recipientOf } from '../../../server/mail/compose.js';
import { retryDelay } from '../../../server/mail/outbox-worker.js';
import { PLACEHOLDERS, placeholderProblems, placeholderValues } from '../../../shared/mail-template.js';
import { assertPlaceholders } from '../../../server/mail/placeholders.js';
import { messageParts, renderTemplate } from '../../../server/mail/render.js';
import { classifyFailure } from '../../../server/mail/transport.js';
import { AppError } from '../../../server/errors.js';

const order = {
  number: 1042,
  date: '2025-03-05',
  dueDate: '2025-04-01',
  customerRef: 'BC-7 <urgent> & "vite"',
  contact: { name: 'Zoé Lefèvre', company: 'Ébénisterie « Les Chênes »', email: 'zoe@example.fr' },
  stepId: 'emballage',
};
const settings = { ...defaultSettings, workshopName: 'Atelier Jalon' };

test('every placeholder is filled, dates in French in the workshop zone', () => {
  const all = PLACEHOLDERS.map((p) => `[${p}={{${p}}}]`).join('\n');
  const { body } = renderTemplate({ subject: 'n° {{ order.number }}', body: all }, placeholderValues(order, settings));
  assert.is(
    body,
    [
      '[order.number=1042]',
      '[order.date=5 mars 2025]',
      '[order.dueDate=1 avril 2025]',
      '[order.customerRef=BC-7 <urgent> & "vite"]',
      '[contact.name=Zoé Lefèvre]',
      '[contact.company=Ébénisterie « Les Chênes »]',
      '[step.label=Emballage]',
      '[workshop.name=Atelier Jalon]',
    ].join('\n'),
  );
});

test('missing values: no due date, no reference, no company; English dates on request', () => {
  const bare = { ...order, dueDate: null, customerRef: undefined, contact: { name: 'Ana' } };
  const fr = placeholderValues(bare, settings);
  assert.is(fr['order.dueDate'], 'non précisée');
  assert.is(fr['order.customerRef'], '');
  assert.is(fr['contact.company'], '');
  assert.is(placeholderValues(order, settings, 'en')['order.date'], 'March 5, 2025');
});

test('the default templates render without a placeholder left', () => {
  for (const t of defaultTemplates) {
    const r = renderTemplate(t, placeholderValues(order, settings));
    assert.not.match(r.subject + r.body, /\{\{|\}\}/);
  }
});

test('HTML part escapes every value and the text around it; the text part keeps them as typed', () => {
  const { body } = renderTemplate({ subject: 's', body: 'Réf. {{order.customerRef}}\n\nDe {{contact.company}} <b>merci</b>' }, placeholderValues(order, settings));
  const parts = messageParts('Objet « test »\r\nBcc: x@evil.test', body);
  assert.ok(parts.text.includes('BC-7 <urgent> & "vite"'));
  assert.ok(parts.html.includes('BC-7 &lt;urgent&gt; &amp; &quot;vite&quot;'));
  assert.ok(parts.html.includes('&lt;b&gt;merci&lt;/b&gt;'));
  assert.not.ok(parts.html.includes('<urgent>'));
  assert.not.ok(parts.html.includes('<b>'));
  assert.ok(parts.html.includes('<p>Réf. '), 'paragraphs from blank lines');
  // A subject is one header line: no line break survives to smuggle another header.
  assert.is(parts.subject, 'Objet « test » Bcc: x@evil.test');
});

test('unknown and malformed placeholders are found and refused with 400', () => {
  assert.equal(placeholderProblems('{{order.number}} {{ contact.name }}'), []);
  assert.equal(placeholderProblems('{{order.numero}}'), [{ kind: 'unknown', text: '{{order.numero}}' }]);
  assert.is(placeholderProblems('Bonjour {{contact.name}')[0]?.kind, 'malformed');
  assert.is(placeholderProblems('Bonjour contact.name}}')[0]?.kind, 'malformed');
  try {
    assertPlaceholders({ subject: 'ok {{order.number}}', body: 'Hello {{customer.name}}' });
    assert.unreachable('should refuse');
  } catch (e) {
    assert.instance(e, AppError);
    assert.is((e as AppError).statusCode, 400);
    assert.is((e as AppError).code, 'unknown_placeholder');
    assert.match((e as AppError).message, '{{customer.name}} (body)');
  }
  assert.throws(() => renderTemplate({ subject: '{{nope}}', body: 'x' }, placeholderValues(order, settings)), (e: AppError) => e.code === 'unknown_placeholder');
});

test('recipients: one plain address, the contact by default', () => {
  assert.ok(isAddress('zoe@example.fr'));
  assert.ok(isAddress('zoe@ébénisterie-dupont.fr'), 'an internationalised domain');
  assert.not.ok(isAddress('zoé@example.fr'), 'a non-ASCII local part needs SMTPUTF8: refused up front');
  for (const bad of ['zoe', 'zoe@', '@example.fr', 'a b@example.fr', 'zoe@example', 'x@y.fr, z@w.fr', 'Zoé <zoe@example.fr>', 'a@b.fr\r\nBcc: c@d.fr', 'a..b@c.fr']) {
    assert.not.ok(isAddress(bad), bad);
  }
  assert.is(recipientOf({ contact: { name: 'x', email: 'c@d.fr' } }), 'c@d.fr');
  assert.is(recipientOf({ contact: { name: 'x', email: 'c@d.fr' } }, ' other@d.fr '), 'other@d.fr');
  assert.throws(() => recipientOf({ contact: { name: 'x' } }), (e: AppError) => e.code === 'no_recipient');
  assert.throws(() => recipientOf({ contact: { name: 'x' } }, 'nope'), (e: AppError) => e.code === 'invalid_recipient');
});

test('failures: 4xx and connection errors are temporary, 5xx permanent; backoff doubles up to its cap', () => {
  assert.is(classifyFailure(Object.assign(new Error('x'), { code: 'ESOCKET', originalCode: 'ECONNREFUSED' })).permanent, false);
  assert.is(classifyFailure(Object.assign(new Error('x'), { code: 'ETIMEDOUT' })).permanent, false);
  assert.is(classifyFailure(Object.assign(new Error('x'), { code: 'EENVELOPE', responseCode: 450, response: '450 mailbox busy' })).permanent, false);
  assert.is(classifyFailure(Object.assign(new Error('x'), { code: 'EENVELOPE', responseCode: 421, response: '421 closing' })).permanent, false);
  const refused = classifyFailure(Object.assign(new Error('x'), { code: 'EENVELOPE', responseCode: 550, response: '550 5.1.1 No such user' }));
  assert.equal(refused, { permanent: true, reason: '550 5.1.1 No such user' });
  assert.is(classifyFailure(Object.assign(new Error('No recipients defined'), { code: 'EENVELOPE' })).permanent, true);
  const t = { retryBaseMs: 1000, retryMaxMs: 10_000 };
  const mid = () => 0.5; // no jitter
  assert.equal([1, 2, 3, 4, 5, 6].map((a) => retryDelay(a, t, mid)), [1000, 2000, 4000, 8000, 10_000, 10_000]);
  assert.ok(retryDelay(1, t, () => 0) >= 800 && retryDelay(1, t, () => 0.999) <= 1200);
});

test.run();
