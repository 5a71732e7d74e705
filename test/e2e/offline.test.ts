import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Page } from 'puppeteer-core';
import { clickInCard, deepText, shot, sleep, startHarness, testOpId, waitForCard, type Harness } from './harness.js';

/**
 * A workstation losing the server: actions queue in IndexedDB, replay once each and in order,
 * a replay refused because the order moved meanwhile is shown, and the app restarts offline.
 */
const O = suite<{ h: Harness; machine: string; orders: Array<{ id: string; number: number }> }>('kiosk offline');

O.before(async (ctx) => {
  const h = await startHarness();
  ctx.h = h;
  const m = await h.api('POST', '/api/machines', { name: 'Plieuse' });
  assert.is(m.status, 201);
  ctx.machine = m.body.id;
  ctx.orders = [];
  for (const company of ['SOFAR', 'ANTIKOR', 'BÂTI-OUEST']) {
    const r = await h.api('POST', '/api/orders', { contact: { name: 'LEUZE Lara', company }, machineId: ctx.machine, dueDate: null });
    assert.is(r.status, 201, JSON.stringify(r.body));
    ctx.orders.push(r.body);
  }
});

O.after(async (ctx) => ctx.h?.close());

const pendingCount = (page: Page) =>
  page.evaluate(() => Number((window as any).__deepAll('connection-badge')[0]?.shadowRoot?.querySelector('[data-pending]')?.dataset.pending ?? 0));

async function history(h: Harness, id: string) {
  const r = await h.api('GET', `/api/orders/${id}`);
  return r.body as { stepId: string; history: Array<{ kind: string; opId?: string }> };
}

O('Next offline on two orders queues them, then each reaches the server exactly once; a conflicting replay is shown', async ({ h, machine, orders }) => {
  const [a, b, c] = orders as [{ id: string; number: number }, { id: string; number: number }, { id: string; number: number }];
  const page = await h.page(`/kiosk?machine=${machine}`);
  for (const o of orders) await waitForCard(page, o.number, 'en-attente');
  // Installed for offline use: the service worker controls the page and the orders are in IndexedDB.
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  await sleep(1200);

  await h.proxy.cut();
  await clickInCard(page, a.number, 'next');
  await clickInCard(page, b.number, 'next');
  await clickInCard(page, c.number, 'next');
  // Optimistic: the cards are at the next step at once, marked pending, and counted.
  await waitForCard(page, a.number, 'prise-en-charge');
  await waitForCard(page, b.number, 'prise-en-charge');
  await page.waitForFunction(() => (window as any).__deepAll('article .pending').length === 3, { timeout: 3000 });
  assert.is(await pendingCount(page), 3);
  const queued = await page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const req = indexedDB.open('jalon');
        req.onsuccess = () => {
          // The pending actions' object store, under its name on disk (kiosk/src/common/local-db.ts).
          const count = req.result.transaction('outbox').objectStore('outbox').count();
          count.onsuccess = () => resolve(count.result);
          count.onerror = () => reject(count.error ?? new Error('IndexedDB request failed'));
        };
        req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
      }),
  );
  assert.is(queued, 3, 'the actions are stored in IndexedDB');
  await shot(page, 'offline');

  // Meanwhile someone else moves C on: the kiosk's Next on C must come back as a conflict.
  const other = await h.api('POST', `/api/orders/${c.id}/advance`, { expectedStepId: 'en-attente', opId: testOpId() });
  assert.is(other.status, 200);
  const otherAgain = await h.api('POST', `/api/orders/${c.id}/advance`, { expectedStepId: 'prise-en-charge', opId: testOpId() });
  assert.is(otherAgain.status, 200);

  await h.proxy.restore();
  await page.waitForFunction(
    () => Number((window as any).__deepAll('connection-badge')[0]?.shadowRoot?.querySelector('[data-pending]')?.dataset.pending ?? 0) === 0,
    { timeout: 25_000, polling: 200 },
  );

  for (const o of [a, b]) {
    const s = await history(h, o.id);
    assert.is(s.stepId, 'prise-en-charge', `order ${o.number} advanced`);
    assert.is(s.history.filter((e) => e.kind === 'advanced').length, 1, `order ${o.number} advanced exactly once`);
  }
  const sc = await history(h, c.id);
  assert.is(sc.stepId, 'decoupage', 'the kiosk’s stale Next on C was not applied');
  assert.is(sc.history.filter((e) => e.kind === 'advanced').length, 2);

  // The operator sees C's real state and a plain sentence.
  await waitForCard(page, c.number, 'decoupage');
  const notice = (await deepText(page, `article[data-order="${c.number}"] .notice p`)).join(' ');
  assert.match(notice, 'Découpage');
  assert.match(notice, 'n’a pas été appliquée');
  await shot(page, 'conflict');
  await page.close();
});

O('the app reloads with the server down and shows the cached orders', async ({ h, machine, orders }) => {
  const page = await h.page(`/kiosk?machine=${machine}`);
  for (const o of orders) await waitForCard(page, o.number);
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  await sleep(1200);
  await h.proxy.cut();
  try {
    await page.reload({ waitUntil: 'domcontentloaded' });
    await waitForCard(page, orders[0].number, 'prise-en-charge');
    await waitForCard(page, orders[1].number, 'prise-en-charge');
    const banner = (await deepText(page, '.banner')).join(' ');
    assert.match(banner, 'Hors ligne');
    await shot(page, 'offline-reload');
  } finally {
    await h.proxy.restore();
  }
  await page.close();
});

O('the wall says since when it lost the connection, and catches up on its own when it is back', async ({ h, orders }) => {
  const wall = await h.page('/wall', { width: 1920, height: 1080 });
  await wall.waitForFunction(() => (window as any).__deepAll('[data-state="live"]').length > 0, { timeout: 8000 });
  const o = orders[0];
  const inColumn = (step: string) =>
    wall.waitForFunction(
      (n: number, st: string) => (window as any).__deepAll(`wall-column[data-step="${st}"]`)[0]?.shadowRoot?.querySelector(`li[data-order="${n}"]`),
      { timeout: 15_000, polling: 100 },
      o.number,
      step,
    );
  await inColumn('prise-en-charge');
  await h.proxy.cut();
  await wall.waitForFunction(() => /Connexion perdue depuis \d\d:\d\d/.test((window as any).__deepAll('.banner')[0]?.textContent ?? ''), {
    timeout: 8000,
  });
  await shot(wall, 'wall-offline');
  // A change the wall cannot hear about while cut: it must show it after reconnecting (resync).
  const moved = await h.api('POST', `/api/orders/${o.id}/advance`, { expectedStepId: 'prise-en-charge', opId: testOpId() });
  assert.is(moved.status, 200);
  await h.proxy.restore();
  await inColumn('decoupage');
  await wall.waitForFunction(() => (window as any).__deepAll('.banner').length === 0, { timeout: 8000 });
  await wall.close();
});

O.run();
