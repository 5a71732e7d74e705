import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startReceiver } from '../../server/integration/receiver.js';
import { shot, startHarness, type Harness } from '../harness.js';
import { click, deep, makePerson, mustDeep, signedInTablet, textOf, typeInto, waitDeep, waitNoDeep, waitText } from './helpers.js';

/**
 * The tablet's Intégration tab in Chromium against the real server: a token is created
 * (its secret shown once, then gone from the page; the API takes it), a webhook to a real
 * receiver is created, an order change reaches the receiver and its delivery is listed.
 */
const I = suite<{ h: Harness; password: string }>('supervisor tablet: Intégration');
I.before(async (ctx) => {
  ctx.h = await startHarness();
  ctx.password = 'admin-password-2026';
  await makePerson(ctx.h, 'admin', 'Alice Admin', 'alice', ctx.password);
});
I.after(async (ctx) => ctx.h?.close());

const P = 'integration-section >>> ';

I('create a token (secret shown once), a webhook, and see a delivery', async ({ h, password }) => {
  const rx = await startReceiver();
  try {
    const page = await signedInTablet(h, '/admin/integration', 'alice', password);
    await waitDeep(page, `${P}tokens-panel >>> form.new-token`, 8000);

    await typeInto(page, `${P}tokens-panel >>> input[name="name"]`, 'ERP Sage');
    await click(page, `${P}tokens-panel >>> input[name="scope-orders:read"]`);
    await click(page, `${P}tokens-panel >>> button.create-token`);
    await waitDeep(page, `${P}tokens-panel >>> secret-dialog >>> dialog[open]`);
    const secret = await textOf(page, `${P}tokens-panel >>> secret-dialog >>> code.secret`);
    assert.match(secret, /^jalon_[A-Za-z0-9_-]{43}$/);
    await shot(page, 'supervisor-integration-token-secret');
    await click(page, `${P}tokens-panel >>> secret-dialog >>> button.close`);
    await waitNoDeep(page, `${P}tokens-panel >>> secret-dialog >>> dialog[open]`);
    assert.is(await deep(page, `${P}tokens-panel >>> secret-dialog >>> code.secret`), null, 'the secret is gone from the page');
    await waitText(page, `${P}tokens-panel >>> ul.tokens`, /ERP Sage.*Lire les commandes.*Jamais utilisé/);
    // The secret works on the API, within its scope.
    const viaToken = await fetch(`${h.direct}/api/orders`, { headers: { authorization: `Bearer ${secret}` } });
    assert.is(viaToken.status, 200);

    await typeInto(page, `${P}webhooks-panel >>> input[name="url"]`, rx.url);
    await click(page, `${P}webhooks-panel >>> input[name="event-order.created"]`);
    await click(page, `${P}webhooks-panel >>> button.create-webhook`);
    await waitDeep(page, `${P}webhooks-panel >>> secret-dialog >>> dialog[open]`);
    assert.match(await textOf(page, `${P}webhooks-panel >>> secret-dialog >>> code.secret`), /^whsec_/);
    await click(page, `${P}webhooks-panel >>> secret-dialog >>> button.close`);
    await waitText(page, `${P}webhooks-panel >>> ul.webhooks`, /127\.0\.0\.1.*Actif.*Commande créée/);

    const made = await h.api('POST', '/api/orders', { contact: { name: 'Martin' } });
    assert.is(made.status, 201);
    const end = Date.now() + 8000;
    while (rx.received.length < 1 && Date.now() < end) await new Promise((ok) => setTimeout(ok, 50));
    assert.is(rx.received.length, 1);
    // Recorded just after the receiver answered.
    await new Promise((ok) => setTimeout(ok, 300));
    await click(page, `${P}webhooks-panel >>> button.show-deliveries`);
    await waitDeep(page, `${P}webhooks-panel >>> tr[data-state="delivered"]`);
    assert.match(await textOf(page, `${P}webhooks-panel >>> tr[data-state="delivered"]`), /Commande créée.*Remis.*1.*HTTP 204/);
    await shot(page, 'supervisor-integration-deliveries');

    // Revoked with one confirmation: the API refuses the secret at once.
    await click(page, `${P}tokens-panel >>> button.revoke`);
    await mustDeep(page, `${P}tokens-panel >>> confirm-dialog >>> dialog[open]`);
    await click(page, `${P}tokens-panel >>> confirm-dialog >>> button.confirm`);
    await waitText(page, `${P}tokens-panel >>> ul.tokens`, /Aucun jeton/);
    assert.is((await fetch(`${h.direct}/api/orders`, { headers: { authorization: `Bearer ${secret}` } })).status, 401);
  } finally {
    await rx.close();
  }
});

I.run();
