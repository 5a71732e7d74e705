import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { shot, startHarness, testOpId, waitForCard, type Harness } from '../harness.js';
import {
  click,
  makePerson,
  mustDeep,
  setValue,
  signedInTablet,
  smallControls,
  textOf,
  typeInto,
  waitDeep,
  waitNoDeep,
  waitRow,
  waitText,
} from './helpers.js';

/**
 * The reference's settings from the tablet, in Chromium against the real server: step order
 * (kiosks follow at once), final status (set on entering the final step, the order leaves the
 * list but "tout voir" shows it), removing a step in use (refused, with the count).
 */
const S = suite<{ h: Harness; password: string; machine: string; waiting: { id: string; number: number }; late: { id: string; number: number } }>(
  'supervisor tablet: settings',
);

S.before(async (ctx) => {
  const h = await startHarness();
  ctx.h = h;
  ctx.password = 'admin-password-2026';
  await makePerson(h, 'admin', 'Chef d’atelier', 'chef', ctx.password);
  const m = await h.api('POST', '/api/machines', { name: 'Scie' });
  ctx.machine = m.body.id;
  const a = await h.api('POST', '/api/orders', { contact: { name: 'LEUZE Lara', company: 'ANTIKOR' }, machineId: ctx.machine });
  const b = await h.api('POST', '/api/orders', { contact: { name: 'MAROLEX Eléonore', company: 'SOFAR' }, machineId: ctx.machine, status: 'en attente' });
  assert.is(a.status, 201);
  assert.is(b.status, 201);
  ctx.waiting = a.body;
  ctx.late = b.body;
});

S.after(async (ctx) => ctx.h?.close());

S('the settings explain step, status, final step, final status and days in the reference’s words', async ({ h, password }) => {
  const page = await signedInTablet(h, '/admin/settings', 'chef', password);
  await waitDeep(page, 'step-list >>> li[data-step="decoupage"]');
  const text = await textOf(page, 'settings-section >>> section');
  assert.match(text, 'Étape finale');
  assert.match(text, 'ne doit plus apparaître dans la liste de suivi');
  assert.match(text, 'Statut commande final');
  assert.match(text, 'lorsque l’étape finale sera atteinte');
  assert.match(text, 'bien différencier le statut de la commande et ses étapes');
  assert.match(text, 'passer toutes les étapes ne changera pas le statut');
  assert.match(text, 'Nombre de jours');
  assert.equal(await smallControls(page), [], 'every control is at least 48 px');
  await page.setViewport({ width: 800, height: 1280 });
  assert.equal(await smallControls(page), [], 'portrait too');
  await shot(page, 'admin-settings-portrait');
  await page.setViewport({ width: 1280, height: 800 });
  await shot(page, 'admin-settings');
  await page.close();
});

S('message and auto-send per step, days, statuses, timezone: a wrong zone is refused in words, then everything is saved', async ({ h, password }) => {
  const page = await signedInTablet(h, '/admin/settings', 'chef', password);
  await waitDeep(page, 'step-list >>> li[data-step="livraison"]');
  const autoSend = 'step-list >>> li[data-step="livraison"] input[name="autoSend"]';
  assert.ok(await (await mustDeep(page, autoSend)).evaluate((c) => (c as HTMLInputElement).disabled), 'no auto-send without a message');
  // The templates arrive with their own request.
  await waitDeep(page, 'step-list >>> li[data-step="livraison"] select[name="template"] option[value="envoi-commande"]');
  await setValue(page, 'step-list >>> li[data-step="livraison"] select[name="template"]', 'envoi-commande');
  await click(page, autoSend);
  await typeInto(page, 'settings-section >>> input[name="dueSoonDays"]', '5');
  await page.keyboard.press('Tab');
  await typeInto(page, 'settings-section >>> input[name="newStatus"]', 'facturée');
  await click(page, 'settings-section >>> form.add button[type="submit"]');
  await typeInto(page, 'settings-section >>> input[name="timezone"]', 'Mars/Olympus');
  await page.keyboard.press('Tab');
  await click(page, 'settings-section >>> button.save');
  await waitText(page, 'settings-section >>> [data-result]', /Fuseau horaire inconnu/);
  assert.is((await h.api('GET', '/api/settings')).body.timezone, 'Europe/Paris', 'nothing saved');
  await typeInto(page, 'settings-section >>> input[name="timezone"]', 'America/Montreal');
  await page.keyboard.press('Tab');
  await click(page, 'settings-section >>> button.save');
  await waitText(page, 'settings-section >>> [data-result]', /Paramètres enregistrés/);
  const saved = (await h.api('GET', '/api/settings')).body;
  assert.equal(saved.steps.find((s: { id: string }) => s.id === 'livraison'), { id: 'livraison', label: 'Livraison', templateId: 'envoi-commande', autoSend: true });
  assert.is(saved.dueSoonDays, 5);
  assert.ok(saved.statuses.includes('facturée'));
  assert.is(saved.timezone, 'America/Montreal');
  // Back to the workshop's zone for the next tests.
  await typeInto(page, 'settings-section >>> input[name="timezone"]', 'Europe/Paris');
  await page.keyboard.press('Tab');
  await click(page, 'settings-section >>> button.save');
  await waitText(page, 'settings-section >>> [data-result]', /Paramètres enregistrés/);
  await page.close();
});

S('reorder steps with the up button: the kiosk’s arrows follow the new order', async ({ h, password, machine, waiting }) => {
  const kiosk = await h.page(`/kiosk?machine=${machine}`);
  await waitForCard(kiosk, waiting.number, 'en-attente');
  const nextLabel = () =>
    kiosk.evaluate((n: number) => (window as any).__deepAll(`article[data-order="${n}"] button.next`)[0]?.textContent?.trim() ?? '', waiting.number);
  assert.match(await nextLabel(), 'Prise en charge');

  const page = await signedInTablet(h, '/admin/settings', 'chef', password);
  await click(page, 'step-list >>> li[data-step="decoupage"] button.up');
  const order = await page.evaluate(() => (window as any).__deep('step-list >>> li[data-step]').map((li: HTMLElement) => li.dataset.step));
  assert.equal(order.slice(0, 3), ['en-attente', 'decoupage', 'prise-en-charge']);
  await waitText(page, 'settings-section >>> [data-result]', /non enregistrées/);
  await click(page, 'settings-section >>> button.save');
  await waitText(page, 'settings-section >>> [data-result]', /Paramètres enregistrés/);

  const server = await h.api('GET', '/api/settings');
  assert.equal(server.body.steps.slice(0, 3).map((s: { id: string }) => s.id), ['en-attente', 'decoupage', 'prise-en-charge']);
  // Live: the kiosk redraws its arrows from the new workflow without a reload.
  await kiosk.waitForFunction(
    (n: number) => /Découpage/.test((window as any).__deepAll(`article[data-order="${n}"] button.next`)[0]?.textContent ?? ''),
    { timeout: 5000, polling: 50 },
    waiting.number,
  );
  await shot(kiosk, 'admin-reordered-kiosk');
  await kiosk.close();
  await page.close();
});

S('a final status: entering the final step sets it, the order leaves the list, “tout voir” shows it', async ({ h, password, late }) => {
  const page = await signedInTablet(h, '/admin/settings', 'chef', password);
  await waitDeep(page, 'settings-section >>> select[name="finalStatus"]');
  await setValue(page, 'settings-section >>> select[name="finalStatus"]', 'expédiée');
  await click(page, 'settings-section >>> button.save');
  await waitText(page, 'settings-section >>> [data-result]', /Paramètres enregistrés/);
  assert.is((await h.api('GET', '/api/settings')).body.finalStatus, 'expédiée');

  const moved = await h.api('POST', `/api/orders/${late.id}/move`, { expectedStepId: 'en-attente', toStepId: 'livraison', opId: testOpId() });
  assert.is(moved.status, 200, JSON.stringify(moved.body));
  await click(page, 'nav a[data-tab="orders"]');
  await waitRow(page, late.number, '[data-step="livraison"]');
  assert.match(await textOf(page, `tr.row[data-order="${late.number}"] > td.status`), 'en attente');
  await click(page, `tr.row[data-order="${late.number}"] button.next`);
  await waitNoDeep(page, `tr.row[data-order="${late.number}"]`);
  await page.waitForFunction(
    (id: string) => fetch(`/api/orders/${id}`).then((r) => r.json()).then((b) => b.stepId === 'terminee'),
    { timeout: 5000 },
    late.id,
  );
  const server = await h.api('GET', `/api/orders/${late.id}`);
  assert.is(server.body.status, 'expédiée');
  assert.equal(
    server.body.history.slice(-2).map((e: { kind: string }) => e.kind),
    ['advanced', 'status'],
  );

  await click(page, 'filter-bar >>> input[name="all"]');
  await waitRow(page, late.number, '[data-step="terminee"]');
  assert.match(await textOf(page, `tr.row[data-order="${late.number}"] > td.status`), 'expédiée');
  assert.is(await page.evaluate((n: number) => (window as any).__deep(`tr.row[data-order="${n}"]`)[0].dataset.urgency, late.number), 'none');
  assert.match(page.url(), /all=1/);
  await shot(page, 'admin-tout-voir');
  await page.close();
});

S('removing a step in use is refused with the server’s count; an unused one goes', async ({ h, password }) => {
  const page = await signedInTablet(h, '/admin/settings', 'chef', password);
  await click(page, 'step-list >>> li[data-step="en-attente"] button.remove');
  await waitDeep(page, 'settings-section >>> confirm-dialog >>> dialog[open]');
  assert.match(await textOf(page, 'settings-section >>> confirm-dialog >>> #message'), 'En attente');
  await click(page, 'settings-section >>> confirm-dialog >>> button.confirm');
  await waitText(page, 'step-list >>> li[data-step="en-attente"] .error', /Impossible de supprimer « En attente » : 1 commande y est encore/);
  assert.match(await textOf(page, 'settings-section >>> [data-result]'), 'Déplacez-la d’abord');
  await shot(page, 'admin-step-in-use');
  const still = await h.api('GET', '/api/settings');
  assert.ok(still.body.steps.some((s: { id: string }) => s.id === 'en-attente'), 'nothing changed');

  // Cancel asks nothing of the server; confirming an unused step removes it.
  await click(page, 'step-list >>> li[data-step="annulee"] button.remove');
  await waitDeep(page, 'settings-section >>> confirm-dialog >>> dialog[open]');
  await click(page, 'settings-section >>> confirm-dialog >>> button.cancel');
  assert.ok((await h.api('GET', '/api/settings')).body.steps.some((s: { id: string }) => s.id === 'annulee'));
  await click(page, 'step-list >>> li[data-step="annulee"] button.remove');
  await click(page, 'settings-section >>> confirm-dialog >>> button.confirm');
  await waitNoDeep(page, 'step-list >>> li[data-step="annulee"]');
  await waitText(page, 'settings-section >>> [data-result]', /Paramètres enregistrés/);
  assert.not.ok((await h.api('GET', '/api/settings')).body.steps.some((s: { id: string }) => s.id === 'annulee'));
  // The final step cannot be removed from here at all.
  assert.ok(await (await mustDeep(page, 'step-list >>> li[data-step="terminee"] button.remove')).evaluate((b) => (b as HTMLButtonElement).disabled));
  await page.close();
});

S('another screen saves while this one’s save is on its way: 409, the edits stay, a second Save replaces theirs', async ({ h, password }) => {
  const page = await signedInTablet(h, '/admin/settings', 'chef', password);
  await waitDeep(page, 'settings-section >>> input[name="dueSoonDays"]');
  await typeInto(page, 'settings-section >>> input[name="dueSoonDays"]', '4');
  await page.keyboard.press('Tab');
  // The other screen's save lands between this screen's click and its request reaching the server.
  const { seq, ...theirs } = (await h.api('GET', '/api/settings')).body;
  await page.setRequestInterception(true);
  let held = false;
  page.on('request', (request) => {
    if (request.method() !== 'PUT' || !request.url().endsWith('/api/settings') || held) return void request.continue();
    held = true;
    const sent = JSON.parse(request.postData() ?? '{}');
    assert.is(sent.expectedSeq, seq, 'the tablet sends the seq it loaded');
    void h.api('PUT', '/api/settings', { ...theirs, statuses: [...theirs.statuses, 'vue ailleurs'] }).then(() => request.continue());
  });
  await click(page, 'settings-section >>> button.save');
  await waitText(page, 'settings-section >>> [data-result]', /Non enregistré : les paramètres ont été modifiés depuis un autre écran/);
  const after = (await h.api('GET', '/api/settings')).body;
  assert.ok(after.statuses.includes('vue ailleurs'), 'their save stands');
  assert.is.not(after.dueSoonDays, 4, 'ours was refused');
  assert.is(await (await mustDeep(page, 'settings-section >>> input[name="dueSoonDays"]')).evaluate((i) => (i as HTMLInputElement).value), '4', 'the draft stays');
  await click(page, 'settings-section >>> button.save');
  await waitText(page, 'settings-section >>> [data-result]', /Paramètres enregistrés/);
  assert.is((await h.api('GET', '/api/settings')).body.dueSoonDays, 4, 'a second Save replaces theirs knowingly');
  await page.close();
});

S.run();
