import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { shot, startHarness, waitForCard, type Harness } from '../harness.js';
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
  waitText,
} from './helpers.js';

/**
 * What an admin configures besides the workflow, in Chromium against the real server: message
 * templates (placeholders, live preview), people (password, PIN), machines, and kiosks (create
 * with a scope, pair another browser with the code, see it keep to its scope, revoke).
 */
const C = suite<{ h: Harness; password: string; saw: string; press: string; sawOrder: { id: string; number: number }; pressOrder: { id: string; number: number } }>(
  'supervisor tablet: templates, people, machines, kiosks',
);

C.before(async (ctx) => {
  const h = await startHarness();
  ctx.h = h;
  ctx.password = 'admin-password-2026';
  await makePerson(h, 'admin', 'Chef d’atelier', 'chef', ctx.password);
  ctx.saw = (await h.api('POST', '/api/machines', { name: 'Scie' })).body.id;
  ctx.press = (await h.api('POST', '/api/machines', { name: 'Presse' })).body.id;
  const a = await h.api('POST', '/api/orders', {
    contact: { name: 'LEUZE Lara', company: 'ANTIKOR' },
    customerRef: 'BC-17',
    dueDate: '2026-12-24',
    machineId: ctx.saw,
  });
  const b = await h.api('POST', '/api/orders', { contact: { name: 'MAROLEX Eléonore', company: 'SOFAR' }, machineId: ctx.press });
  assert.is(a.status, 201);
  ctx.sawOrder = a.body;
  ctx.pressOrder = b.body;
});

C.after(async (ctx) => ctx.h?.close());

C('templates: placeholders insert at the cursor, unknown ones are flagged, the preview renders on a chosen order', async ({ h, password, sawOrder }) => {
  const page = await signedInTablet(h, '/admin/templates', 'chef', password);
  await click(page, 'templates-section >>> button.pick[data-id="commande-dispo"]');
  await waitDeep(page, 'templates-section >>> textarea[name="body"]');
  // The orders for the preview arrive with their own request.
  await waitDeep(page, `templates-section >>> select[name="previewOrder"] option[value="${sawOrder.id}"]`);
  await setValue(page, 'templates-section >>> select[name="previewOrder"]', sawOrder.id);
  await waitText(page, 'templates-section >>> [data-preview]', new RegExp(`commande n° ${sawOrder.number}`));
  assert.match(await textOf(page, 'templates-section >>> [data-preview]'), 'BC-17');

  // The body's end, then the due date placeholder from the list: inserted there, previewed in French.
  const body = await mustDeep(page, 'templates-section >>> textarea[name="body"]');
  await body.evaluate((el) => {
    const t = el as HTMLTextAreaElement;
    t.focus();
    t.setSelectionRange(t.value.length, t.value.length);
  });
  await body.type('\nLivraison prévue : ');
  await click(page, 'templates-section >>> button[data-ph="order.dueDate"]');
  const value = await body.evaluate((el) => (el as HTMLTextAreaElement).value);
  assert.ok(value.endsWith('Livraison prévue : {{order.dueDate}}'), value);
  await waitText(page, 'templates-section >>> [data-preview]', /Livraison prévue : 24 décembre 2026/);

  await body.type(' {{order.numero}}');
  await waitText(page, 'templates-section >>> .problems', /champ inconnu \{\{order.numero\}\}/);
  assert.ok(await (await mustDeep(page, 'templates-section >>> button.save')).evaluate((b) => (b as HTMLButtonElement).disabled));
  assert.equal(await smallControls(page), []);
  await shot(page, 'admin-templates');
  for (let i = 0; i < ' {{order.numero}}'.length; i++) await page.keyboard.press('Backspace');
  await waitNoDeep(page, 'templates-section >>> .problems');
  await click(page, 'templates-section >>> button.save');
  await waitText(page, 'templates-section >>> [data-result]', /Enregistré/);
  const saved = await h.api('GET', '/api/templates/commande-dispo');
  assert.ok(saved.body.body.endsWith('Livraison prévue : {{order.dueDate}}'));
  // The server renders the same text as the preview.
  const draft = await h.api('POST', `/api/orders/${sawOrder.id}/move`, { expectedStepId: 'en-attente', toStepId: 'assemblage', opId: `e2e-tpl-${Date.now()}` });
  assert.is(draft.status, 200);
  const mail = await h.api('GET', `/api/orders/${sawOrder.id}/mail`);
  const preview = await page.evaluate(() => (window as any).__deep('templates-section >>> [data-preview] pre')[0].textContent);
  assert.is(mail.body.body, preview.replace('« En attente »', '« Assemblage »'));
  await page.close();
});

C('people: create with a password (who can then sign in), set a PIN; removing a machine in use is refused', async ({ h, password }) => {
  const page = await signedInTablet(h, '/admin/users', 'chef', password);
  await typeInto(page, 'users-section >>> section input[name="name"]', 'Paul Opérateur');
  await setValue(page, 'users-section >>> section select[name="role"]', 'supervisor');
  await typeInto(page, 'users-section >>> section input[name="username"]', 'paul');
  await typeInto(page, 'users-section >>> section input[name="password"]', 'paul-password-1');
  await click(page, 'users-section >>> section button[type="submit"]');
  await waitText(page, 'users-section >>> ul.list', /Paul Opérateur/);
  const users = (await h.api('GET', '/api/users')).body as Array<{ id: string; name: string; role: string; username?: string }>;
  const paul = users.find((u) => u.name === 'Paul Opérateur')!;
  assert.is(paul.role, 'supervisor');
  assert.is(paul.username, 'paul');
  const login = await fetch(`${h.direct}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'paul', password: 'paul-password-1' }),
  });
  assert.is(login.status, 200);

  await click(page, `users-section >>> li[data-user="${paul.id}"] summary`);
  await typeInto(page, `users-section >>> li[data-user="${paul.id}"] input[name="pin"]`, '12');
  await click(page, `users-section >>> li[data-user="${paul.id}"] form:nth-of-type(3) button[type="submit"]`);
  await waitText(page, `users-section >>> li[data-user="${paul.id}"] .error`, /Refusé : Le PIN fait 4 à 6 chiffres/);
  await typeInto(page, `users-section >>> li[data-user="${paul.id}"] input[name="pin"]`, '4321');
  await click(page, `users-section >>> li[data-user="${paul.id}"] form:nth-of-type(3) button[type="submit"]`);
  await waitText(page, `users-section >>> li[data-user="${paul.id}"] .ok`, /PIN enregistré/);
  assert.equal(await smallControls(page), []);
  await shot(page, 'admin-users');

  await click(page, 'nav a[data-tab="machines"]');
  await waitDeep(page, 'machines-section >>> li[data-machine]');
  await typeInto(page, 'machines-section >>> section input[name="name"]', 'Plieuse');
  await click(page, 'machines-section >>> section button[type="submit"]');
  await page.waitForFunction(() => (window as any).__deep('machines-section >>> li[data-machine]').length === 3, { timeout: 5000 });
  const machines = (await h.api('GET', '/api/machines')).body as Array<{ id: string; name: string }>;
  const saw = machines.find((m) => m.name === 'Scie')!;
  await click(page, `machines-section >>> li[data-machine="${saw.id}"] button.danger`);
  await click(page, 'machines-section >>> confirm-dialog >>> button.confirm');
  await waitText(page, `machines-section >>> li[data-machine="${saw.id}"] .error`, /1 commande est liée à cette machine/);
  assert.ok((await h.api('GET', '/api/machines')).body.some((m: { id: string }) => m.id === saw.id));
  assert.equal(await smallControls(page), []);
  await shot(page, 'admin-machines');
  await page.close();
});

C('kiosks: create with a machine scope, the code large with its countdown; a second browser pairs with it and sees only its machine', async ({ h, password, press, sawOrder, pressOrder }) => {
  const page = await signedInTablet(h, '/admin/kiosks', 'chef', password);
  await typeInto(page, 'kiosks-section >>> section input[name="name"]', 'Poste presse');
  await setValue(page, 'kiosks-section >>> select[name="target"]', press);
  await click(page, 'kiosks-section >>> button.create');
  await waitDeep(page, 'kiosks-section >>> dialog.code-dialog[open]');
  const code = await page.evaluate(() => (window as any).__deep('pairing-code >>> [data-code]')[0].dataset.code as string);
  assert.match(code, /^\d{6}$/);
  await waitText(page, 'pairing-code >>> [role="timer"]', /Expire dans (10:00|9:\d\d)/);
  const size = await page.evaluate(() => parseFloat(getComputedStyle((window as any).__deep('pairing-code >>> .code')[0]).fontSize));
  assert.ok(size >= 56, `the code is ${size}px`);
  assert.equal(await smallControls(page), []);
  await shot(page, 'admin-kiosk-code');

  // Another device: its own browser context, the pairing screen, the code typed by hand.
  const kiosk = await h.page('/kiosk');
  await waitDeep(kiosk, 'pair-screen >>> input#code', 8000);
  await (await mustDeep(kiosk, 'pair-screen >>> input#code')).type(code);
  await click(kiosk, 'pair-screen >>> button[type="submit"]');
  await waitForCard(kiosk, pressOrder.number, undefined, 8000);
  const shown = await kiosk.evaluate(() => (window as any).__deepAll('article[data-order]').map((a: HTMLElement) => Number(a.dataset.order)));
  assert.equal(shown, [pressOrder.number], 'only the press’s order, not the saw’s');
  assert.not.ok(shown.includes(sawOrder.number));
  await shot(kiosk, 'admin-paired-kiosk');

  // The tablet's list says it is paired; revoking it stops the device at once.
  await click(page, 'kiosks-section >>> button.close');
  await page.reload({ waitUntil: 'domcontentloaded' });
  await waitText(page, 'kiosks-section >>> ul.list', /Associé le/, 8000);
  const k = (await h.api('GET', '/api/kiosks')).body.find((x: { name: string }) => x.name === 'Poste presse');
  assert.ok(k.paired);
  await click(page, `kiosks-section >>> li[data-kiosk="${k.id}"] button.revoke`);
  await click(page, 'kiosks-section >>> confirm-dialog >>> button.confirm');
  await waitNoDeep(page, `kiosks-section >>> li[data-kiosk="${k.id}"]`);
  const after = await kiosk.evaluate(() => fetch('/api/orders').then((r) => r.status));
  assert.is(after, 401);
  await kiosk.close();
  await page.close();
});

C.run();
