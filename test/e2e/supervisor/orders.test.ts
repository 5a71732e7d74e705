import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Page } from 'puppeteer-core';
import { shot, startHarness, testOpId, type Harness } from '../harness.js';
import {
  click,
  mustDeep,
  makePerson,
  rowAttr,
  setValue,
  signedInTablet,
  textOf,
  typeInto,
  waitDeep,
  waitNoDeep,
  waitRow,
  waitText,
} from './helpers.js';

/**
 * The supervisor's order work in Chromium against the real server: create from the form (and see
 * it on the wall), edit the due date (the colour follows), Previous and a backwards move with
 * their comments (found in the history), the row menu, the envelope.
 */
const O = suite<{ h: Harness; password: string; machine: string; created: { id: string; number: number } | null }>('supervisor tablet: orders');

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

O.before(async (ctx) => {
  const h = await startHarness();
  ctx.h = h;
  ctx.password = 'chef-password-2026';
  ctx.created = null;
  await makePerson(h, 'supervisor', 'Sophie Superviseur', 'sophie', ctx.password);
  const m = await h.api('POST', '/api/machines', { name: 'Presse' });
  ctx.machine = m.body.id;
});

O.after(async (ctx) => ctx.h?.close());

async function openMenu(page: Page, number: number, action: 'edit' | 'move' | 'history' | 'mail'): Promise<void> {
  await click(page, `tr.row[data-order="${number}"] button.menu`);
  await waitDeep(page, 'row-menu >>> dialog[open]');
  await click(page, `row-menu >>> button[data-action="${action}"]`);
}

O('create an order from the form: the server’s refusal is shown at its field, then the order is on the wall', async (ctx) => {
  const { h, password, machine } = ctx;
  const wall = await h.page('/wall', { width: 1920, height: 1080 });
  await wall.waitForFunction(() => (window as any).__deepAll('[data-state="live"]').length > 0, { timeout: 8000 });

  const page = await signedInTablet(h, '/admin', 'sophie', password);
  await waitText(page, 'orders-section >>> .count', /0 commande/);
  // A supervisor steers orders and reads the workshop's figures (Pilotage); the settings sections are the admin's.
  assert.equal(await page.evaluate(() => (window as any).__deep('nav a[data-tab]').map((a: HTMLElement) => a.dataset.tab)), ['orders', 'insight']);
  await click(page, 'orders-section >>> button.new');
  await waitDeep(page, 'order-form >>> dialog[open]');
  await typeInto(page, 'order-form >>> input[name="company"]', 'ÉBÉNISTERIE DU PORT');
  await typeInto(page, 'order-form >>> input[name="name"]', 'LEFÈVRE Zoé');
  await typeInto(page, 'order-form >>> input[name="contactId"]', '42');
  await typeInto(page, 'order-form >>> input[name="email"]', 'pas-une-adresse');
  await typeInto(page, 'order-form >>> input[name="postalCode"]', '44000');
  await typeInto(page, 'order-form >>> input[name="nature"]', 'AUTRE [DPL]');
  await typeInto(page, 'order-form >>> input[name="customerRef"]', 'BC-2026-7');
  await setValue(page, 'order-form >>> input[name="dueDate"]', day(20));
  await setValue(page, 'order-form >>> select[name="machineId"]', machine);
  await setValue(page, 'order-form >>> select[name="status"]', 'en attente');
  await click(page, 'order-form >>> button.save');
  // The server's schema refuses the address: said in French, at the field, and nothing was created.
  await waitText(page, 'order-form >>> #email-error', /Adresse e-mail invalide/);
  assert.is(await (await mustDeep(page, 'order-form >>> input[name="email"]')).evaluate((e) => e.getAttribute('aria-invalid')), 'true');
  await shot(page, 'admin-order-form-error');
  assert.is((await h.api('GET', '/api/orders?all=1')).body.orders.length, 0);

  await typeInto(page, 'order-form >>> input[name="email"]', 'zoe@example.fr');
  await click(page, 'order-form >>> button.save');
  await waitNoDeep(page, 'order-form >>> dialog[open]');
  const list = (await h.api('GET', '/api/orders?q=PORT')).body.orders as Array<{ id: string; number: number; contact: { email: string }; machineId: string; status: string; dueDate: string }>;
  assert.is(list.length, 1);
  const o = list[0];
  assert.is(o.contact.email, 'zoe@example.fr');
  assert.is(o.machineId, machine);
  assert.is(o.status, 'en attente');
  assert.is(o.dueDate, day(20));
  ctx.created = { id: o.id, number: o.number };
  await waitRow(page, o.number, '[data-urgency="ok"]');

  await wall.waitForFunction(
    (n: number) => (window as any).__deepAll('wall-column[data-step="en-attente"]')[0]?.shadowRoot?.querySelector(`li[data-order="${n}"]`),
    { timeout: 5000, polling: 50 },
    o.number,
  );
  await shot(wall, 'admin-created-on-wall');
  await wall.close();
  await page.close();
});

O('edit the due date: the row’s urgency colour and word change', async ({ h, password, created }) => {
  const o = created!;
  const page = await signedInTablet(h, '/admin', 'sophie', password);
  await waitRow(page, o.number, '[data-urgency="ok"]');
  const colour = () =>
    page.evaluate((n: number) => {
      const cell = (window as any).__deep(`tr.row[data-order="${n}"] > td.id`)[0] as HTMLElement;
      return getComputedStyle(cell).boxShadow;
    }, o.number);
  const before = await colour();
  await openMenu(page, o.number, 'edit');
  await waitDeep(page, 'order-form >>> dialog[open]');
  await setValue(page, 'order-form >>> input[name="dueDate"]', day(0));
  await click(page, 'order-form >>> button.save');
  await waitRow(page, o.number, '[data-urgency="urgent"]');
  const after = await colour();
  assert.not.equal(after, before);
  assert.match(after, 'rgb(192, 38, 45)', 'the urgent red');
  assert.match(await textOf(page, `tr.row[data-order="${o.number}"] > td.id`), 'Urgent');
  const server = await h.api('GET', `/api/orders/${o.id}`);
  assert.is(server.body.dueDate, day(0));
  assert.is(server.body.urgency, 'urgent');
  assert.is(server.body.history.at(-1).kind, 'edited');
  await shot(page, 'admin-urgent-after-edit');
  await page.close();
});

O('Previous asks for the comment as on the kiosk; a backwards move asks it too and the history shows it', async ({ h, password, created }) => {
  const o = created!;
  const page = await signedInTablet(h, '/admin', 'sophie', password);
  await waitRow(page, o.number, '[data-step="en-attente"]');
  // Next arrow in the row, twice: through the pending actions, like the kiosk.
  await click(page, `tr.row[data-order="${o.number}"] button.next`);
  await waitRow(page, o.number, '[data-step="prise-en-charge"]');
  await click(page, `tr.row[data-order="${o.number}"] button.next`);
  await waitRow(page, o.number, '[data-step="decoupage"]');
  await page.waitForFunction(
    (id: string) => fetch(`/api/orders/${id}`).then((r) => r.json()).then((b) => b.stepId === 'decoupage'),
    { timeout: 5000 },
    o.id,
  );

  // Previous: the kiosk's comment dialog, which cannot be confirmed empty; cancelled here.
  await click(page, `tr.row[data-order="${o.number}"] button.prev`);
  await waitDeep(page, 'orders-section >>> comment-dialog >>> dialog[open]');
  assert.match(await textOf(page, 'orders-section >>> comment-dialog >>> h2'), 'Prise en charge');
  assert.ok(await (await mustDeep(page, 'orders-section >>> comment-dialog >>> button.confirm')).evaluate((b) => (b as HTMLButtonElement).disabled));
  await click(page, 'orders-section >>> comment-dialog >>> button.cancel');
  await waitNoDeep(page, 'orders-section >>> comment-dialog >>> dialog[open]');
  assert.is(await rowAttr(page, o.number, 'data-step'), 'decoupage');

  // The menu by right click (a long press on a tablet) moves it back to the first step.
  const cell = await mustDeep(page, `tr.row[data-order="${o.number}"] > td:nth-child(4)`);
  await cell.click({ button: 'right' });
  await waitDeep(page, 'row-menu >>> dialog[open]');
  await shot(page, 'admin-row-menu');
  // Escape closes it; a long press with a finger opens it again (one menu, even if the browser adds its own context menu event).
  await page.keyboard.press('Escape');
  await waitNoDeep(page, 'row-menu >>> dialog[open]');
  const box = (await cell.boundingBox())!;
  await page.touchscreen.touchStart(box.x + box.width / 2, box.y + box.height / 2);
  await waitDeep(page, 'row-menu >>> dialog[open]', 3000);
  await page.touchscreen.touchEnd();
  await click(page, 'row-menu >>> button[data-action="move"]');
  await waitDeep(page, 'move-dialog >>> dialog[open]');
  assert.ok(await (await mustDeep(page, 'move-dialog >>> button[data-step="decoupage"]')).evaluate((b) => (b as HTMLButtonElement).disabled), 'the current step');
  await shot(page, 'admin-move');
  await click(page, 'move-dialog >>> button[data-step="en-attente"]');
  await waitDeep(page, 'orders-section >>> comment-dialog >>> dialog[open]');
  await (await mustDeep(page, 'orders-section >>> comment-dialog >>> textarea')).type('Plan refait par le client');
  await click(page, 'orders-section >>> comment-dialog >>> button.confirm');
  await waitRow(page, o.number, '[data-step="en-attente"]');

  const server = await h.api('GET', `/api/orders/${o.id}`);
  const last = server.body.history.at(-1);
  assert.is(last.kind, 'moved');
  assert.is(last.fromStepId, 'decoupage');
  assert.is(last.comment, 'Plan refait par le client');

  await openMenu(page, o.number, 'history');
  await waitText(page, 'orders-section >>> history-dialog >>> ol', /Plan refait par le client/);
  assert.match(await textOf(page, 'orders-section >>> history-dialog >>> ol'), 'Sophie Superviseur');
  await shot(page, 'admin-history');
  await click(page, 'orders-section >>> history-dialog >>> button.close');
  await page.close();
});

O('the envelope sends the edited message through the outbox and shows its state', async ({ h, password, created }) => {
  const o = created!;
  const moved = await h.api('POST', `/api/orders/${o.id}/move`, { expectedStepId: 'en-attente', toStepId: 'assemblage', opId: testOpId() });
  assert.is(moved.status, 200, JSON.stringify(moved.body));
  const page = await signedInTablet(h, '/admin', 'sophie', password);
  await waitRow(page, o.number, '[data-step="assemblage"]');
  await click(page, `tr.row[data-order="${o.number}"] button.mail`);
  await waitDeep(page, 'orders-section >>> mail-dialog >>> input[name="subject"]');
  const subject = await (await mustDeep(page, 'orders-section >>> mail-dialog >>> input[name="subject"]')).evaluate((e) => (e as HTMLInputElement).value);
  assert.match(subject, String(o.number), 'prefilled from the step’s template');
  await typeInto(page, 'orders-section >>> mail-dialog >>> input[name="subject"]', `Commande ${o.number} prête à l’atelier`);
  await click(page, 'orders-section >>> mail-dialog >>> button.send');
  await waitDeep(page, 'orders-section >>> mail-dialog >>> [data-mail-state]');
  assert.match(await textOf(page, 'orders-section >>> mail-dialog >>> [data-mail-state]'), `Commande ${o.number} prête à l’atelier`);
  // No SMTP in tests: the outbox writes an .eml file, and the open envelope follows the state there.
  await waitText(page, 'orders-section >>> mail-dialog >>> [data-mail-state]', /écrit dans un fichier/, 15_000);
  await shot(page, 'admin-envelope');
  const server = await h.api('GET', `/api/orders/${o.id}/mail`);
  assert.is(server.body.messages[0].subject, `Commande ${o.number} prête à l’atelier`);
  assert.is(server.body.messages[0].to, 'zoe@example.fr');
  await page.close();
});

O.run();
