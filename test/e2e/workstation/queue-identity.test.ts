import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Page } from 'puppeteer-core';
import { clickInCard, makeMachines, shot, sleep, startHarness, waitForCard, type Harness } from '../harness.js';
import { closePage, installedForOffline, kioskPage, pendingCount, serverOrder, tap, typePin, waitDialog, waitLive } from './kiosk-device.js';

/**
 * The kiosk's queue keeps who made each action: an action made under Marie's PIN waits for Marie
 * when her turn ended while the kiosk was offline (whoever types a PIN next does not sign it), and
 * actions made before the screen was revoked and paired again as another kiosk are never sent
 * under the new identity: they are listed as not sent until someone has read them.
 */
type Ctx = { h: Harness; m1: string; marie: string; paul: string };
const Q = suite<Ctx>('kiosk queue: who made each action');
const MARIE_PIN = '2468';
const PAUL_PIN = '135790';

Q.before(async (ctx) => {
  ctx.h = await startHarness();
  [ctx.m1] = await makeMachines(ctx.h, 'Scie');
  const person = async (name: string, pin: string) => {
    const u = await ctx.h.api('POST', '/api/users', { name, role: 'operator' });
    assert.is(u.status, 201, JSON.stringify(u.body));
    assert.is((await ctx.h.api('PUT', `/api/auth/users/${u.body.id}/pin`, { pin })).status, 204);
    return u.body.id as string;
  };
  ctx.marie = await person('Marie Curie', MARIE_PIN);
  ctx.paul = await person('Paul Langevin', PAUL_PIN);
});
Q.after(async (ctx) => ctx.h?.close());

const order = async (h: Harness, machineId: string, name: string) => {
  const r = await h.api('POST', '/api/orders', { contact: { name, company: 'ANTIKOR' }, machineId });
  assert.is(r.status, 201, JSON.stringify(r.body));
  return r.body as { id: string; number: number };
};
const waiting = (page: Page) =>
  page.evaluate(() => (window as any).__deepAll('pending-attention')[0]?.shadowRoot?.querySelector('[data-waiting-for]')?.textContent?.replace(/\s+/g, ' ').trim() ?? null);
const unsent = (page: Page) =>
  page.evaluate(() => (window as any).__deepAll('pending-attention')[0]?.shadowRoot?.querySelector('[data-unsent]')?.textContent?.replace(/\s+/g, ' ').trim() ?? null);

Q('a turn that ended offline: the action waits for Marie, Paul’s PIN does not send it (his own Next goes), Marie’s does, in her name', async ({ h, m1, marie, paul }) => {
  const o = await order(h, m1, 'Client A');
  const o2 = await order(h, m1, 'Client A2');
  const { page, kioskId } = await kioskPage(h, { name: 'Poste scie', scope: { machineId: m1 }, requirePin: true, pinMinutes: 5 });
  await waitForCard(page, o.number, 'en-attente');
  await waitLive(page, 'live');
  await installedForOffline(page);

  // Offline, Marie's turn still running on the kiosk's clock: Next is queued under her name.
  await clickInCard(page, o.number, 'next');
  await waitDialog(page, 'pin-dialog', true, 15_000);
  await tap(page, 'pin-dialog', `.people button[data-id="${marie}"]`);
  await page.waitForFunction(() => (window as any).__deepAll('pin-dialog')[0].shadowRoot.querySelector('.keys'), { timeout: 10_000 });
  await typePin(page, MARIE_PIN);
  await waitDialog(page, 'pin-dialog', false, 15_000);
  await waitForCard(page, o.number, 'prise-en-charge');
  await page.waitForFunction(() => (window as any).__deepAll('article .pending').length === 0, { timeout: 5000 });

  await h.proxy.cut();
  await waitLive(page, 'offline');
  await clickInCard(page, o.number, 'next');
  await waitForCard(page, o.number, 'decoupage');
  assert.is(await pendingCount(page), 1);
  // Meanwhile her turn ends on the server (the kiosk cannot know: it is offline).
  await h.app.db.connection.collection('kiosks').updateOne({ _id: kioskId as never }, { $set: { 'operator.until': new Date(Date.now() - 1000) } });
  h.app.repos.kiosks.forget(kioskId); // written beside the repository: read again, as after a restart
  await sleep(5500); // past the server's short grant cache
  await h.proxy.restore();

  // Back online: refused for want of her PIN — kept, not dropped, and the kiosk says whose PIN it waits for.
  await page.waitForFunction(() => (window as any).__deepAll('pending-attention')[0]?.shadowRoot?.querySelector('[data-waiting-for]'), { timeout: 25_000, polling: 200 });
  assert.match(String(await waiting(page)), /1 action faite par Marie Curie attend son PIN/);
  assert.is(await pendingCount(page), 1);
  assert.is((await serverOrder(h, o.id)).stepId, 'prise-en-charge');
  await shot(page, 'kiosk-queue-waiting-for-operator');

  // Paul takes the kiosk for another order: his PIN signs his own Next, which goes at once; Marie's still waits.
  // (A PIN is checked online: the live link first, which reconnects on its own back-off.)
  await waitLive(page, 'live', 20_000);
  await clickInCard(page, o2.number, 'next');
  await waitDialog(page, 'pin-dialog', true, 15_000);
  if (await page.evaluate(() => !!(window as any).__deepAll('pin-dialog')[0].shadowRoot.querySelector('button.someone-else'))) {
    await tap(page, 'pin-dialog', 'button.someone-else');
  }
  await tap(page, 'pin-dialog', `.people button[data-id="${paul}"]`);
  await page.waitForFunction(() => (window as any).__deepAll('pin-dialog')[0].shadowRoot.querySelector('.keys'), { timeout: 10_000 });
  await typePin(page, PAUL_PIN);
  await waitDialog(page, 'pin-dialog', false, 15_000);
  const deadline = Date.now() + 15_000;
  while ((await serverOrder(h, o2.id)).stepId !== 'prise-en-charge' && Date.now() < deadline) await sleep(200);
  const his = await serverOrder(h, o2.id);
  assert.is(his.stepId, 'prise-en-charge');
  assert.is(his.history.at(-1)!.actorId, paul);
  assert.match(String(await waiting(page)), /Marie Curie/);
  assert.is((await serverOrder(h, o.id)).stepId, 'prise-en-charge', 'Marie’s action is not sent under Paul’s PIN');

  // Marie comes back and types her PIN from the notice: the action goes, signed by her.
  await tap(page, 'pending-attention', '[data-waiting-for] button');
  await waitDialog(page, 'pin-dialog', true, 15_000);
  await page.waitForFunction(() => (window as any).__deepAll('pin-dialog')[0].shadowRoot.querySelector('.keys'), { timeout: 10_000 });
  await typePin(page, MARIE_PIN);
  await waitDialog(page, 'pin-dialog', false, 15_000);
  await page.waitForFunction(() => Number((window as any).__deepAll('connection-badge')[0]?.shadowRoot?.querySelector('[data-pending]')?.dataset.pending ?? 0) === 0, {
    timeout: 15_000,
    polling: 200,
  });
  const s = await serverOrder(h, o.id);
  assert.is(s.stepId, 'decoupage');
  assert.is(s.history.at(-1)!.actor, 'Marie Curie');
  assert.is(s.history.at(-1)!.actorId, marie);
  assert.is(await waiting(page), null, 'the notice is gone');
  await closePage(page);
});

Q('revoked while offline, then paired again as another kiosk of the same machine: the old action is listed as not sent, never sent', async ({ h, m1 }) => {
  const o = await order(h, m1, 'Client B');
  const { page, kioskId } = await kioskPage(h, { name: 'Poste scie 2', scope: { machineId: m1 } });
  await waitForCard(page, o.number, 'en-attente');
  await waitLive(page, 'live');
  await installedForOffline(page);

  await h.proxy.cut();
  await waitLive(page, 'offline');
  await clickInCard(page, o.number, 'next');
  await waitForCard(page, o.number, 'prise-en-charge');
  assert.is(await pendingCount(page), 1);
  // The supervisor revokes this screen meanwhile.
  assert.is((await h.api('DELETE', `/api/kiosks/${kioskId}`)).status, 204);
  await h.proxy.restore();
  await sleep(3000);
  assert.is(await pendingCount(page), 1, 'kept while the screen is not paired');
  assert.is((await serverOrder(h, o.id)).stepId, 'en-attente', 'a revoked screen sends nothing');

  // Paired again, as a new kiosk of the same machine: its queue is not this kiosk's to send.
  const k2 = await h.api('POST', '/api/kiosks', { name: 'Poste scie 3', scope: { machineId: m1 } });
  assert.is(k2.status, 201, JSON.stringify(k2.body));
  const paired = await page.evaluate(
    (code: string) => fetch('/api/kiosks/pair', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) }).then((r) => r.status),
    String(k2.body.pairingCode),
  );
  assert.is(paired, 200);
  await page.reload({ waitUntil: 'domcontentloaded' });
  await page.waitForFunction(() => (window as any).__deepAll('pending-attention')[0]?.shadowRoot?.querySelector('[data-unsent]'), { timeout: 20_000, polling: 200 });
  const text = String(await unsent(page));
  assert.match(text, /1 action n’a pas été envoyée/);
  const badge = await page.evaluate(() => (window as any).__deepAll('connection-badge')[0]?.shadowRoot?.textContent?.replace(/\s+/g, ' ').trim() ?? '');
  assert.not.match(badge, /Synchronisé/, `set aside is not synchronised: "${badge}"`);
  assert.match(text, new RegExp(`N° ${o.number} · Suivant · En attente → Prise en charge`));
  assert.is(await pendingCount(page), 0);
  await sleep(1000);
  assert.is((await serverOrder(h, o.id)).stepId, 'en-attente', 'not sent under the new identity');
  await shot(page, 'kiosk-queue-unsent');

  // Read: the list goes, and stays gone after a reload (removed from the device's memory).
  await tap(page, 'pending-attention', '[data-dismiss-unsent]');
  await page.waitForFunction(() => !(window as any).__deepAll('pending-attention')[0]?.shadowRoot?.querySelector('[data-unsent]'), { timeout: 5000 });
  await page.reload({ waitUntil: 'domcontentloaded' });
  await waitForCard(page, o.number, 'en-attente');
  await sleep(1500);
  assert.is(await unsent(page), null);
  await closePage(page);
});

Q.run();
