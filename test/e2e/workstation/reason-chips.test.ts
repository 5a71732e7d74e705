import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Page } from 'puppeteer-core';
import { clickInCard, makeMachines, shot, sleep, startHarness, testOpId, waitForCard, type Harness } from '../harness.js';

/**
 * The kiosk's Previous with the workshop's rework reasons: big chips (one touch selects, says so),
 * the comment still required, the reason in the history, and kept through an offline replay.
 * And the time in step on the card.
 */
const R = suite<{ h: Harness; m1: string; orders: { id: string; number: number }[] }>('workstation: rework reason chips, time in step');

R.before(async (ctx) => {
  const h = await startHarness();
  ctx.h = h;
  [ctx.m1] = await makeMachines(h, 'Scie');
  ctx.orders = [];
  for (const company of ['SOFAR', 'ANTIKOR']) {
    const r = await h.api('POST', '/api/orders', { contact: { name: 'MAROLEX Eléonore', company }, machineId: ctx.m1, dueDate: null });
    assert.is(r.status, 201, JSON.stringify(r.body));
    const m = await h.api('POST', `/api/orders/${r.body.id}/advance`, { expectedStepId: 'en-attente', opId: testOpId() });
    assert.is(m.status, 200, JSON.stringify(m.body));
    ctx.orders.push(r.body);
  }
});
R.after(async (ctx) => ctx.h?.close());

const inDialog = <T>(page: Page, fn: string) => page.evaluate(`(() => { const root = window.__deepAll('comment-dialog')[0].shadowRoot; ${fn} })()`) as Promise<T>;
const openDialog = (page: Page) =>
  page.waitForFunction(() => (window as any).__deepAll('comment-dialog')[0]?.shadowRoot?.querySelector('dialog[open]'), { timeout: 3000 });
const lastHistory = async (h: Harness, id: string) => (await h.api('GET', `/api/orders/${id}`)).body.history.at(-1);

R('the card says since when the order is at its step', async ({ h, m1, orders }) => {
  const page = await h.page(`/kiosk?machine=${m1}`);
  await waitForCard(page, orders[0].number, 'prise-en-charge', 15_000);
  const since = await page.evaluate(
    (n: number) => ((window as any).__deepAll(`article[data-order="${n}"] step-since`)[0]?.shadowRoot?.textContent ?? '').trim(),
    orders[0].number,
  );
  assert.match(since, /^depuis (< 1 min|\d+ min)$/);
  await page.close();
});

R('a chip selects the reason with a word and a tick, fills the comment, which stays required; the history keeps the reason', async ({ h, m1, orders }) => {
  const o = orders[0];
  const page = await h.page(`/kiosk?machine=${m1}`);
  await waitForCard(page, o.number, 'prise-en-charge', 15_000);
  await clickInCard(page, o.number, 'prev');
  await openDialog(page);
  const chips = await inDialog<{ code: string; h: number; pressed: string }[]>(
    page,
    `return [...root.querySelectorAll('.reasons button')].map((b) => ({ code: b.dataset.code, h: b.getBoundingClientRect().height, pressed: b.getAttribute('aria-pressed') }));`,
  );
  assert.equal(chips.map((c) => c.code), ['defaut-coupe', 'mauvaise-cote', 'piece-abimee', 'erreur-dossier', 'autre']);
  for (const c of chips) assert.ok(c.h >= 64, `chip ${c.code} is ${c.h} px high`);
  assert.ok(chips.every((c) => c.pressed === 'false'));
  await inDialog(page, `root.querySelector('.reasons button[data-code="mauvaise-cote"]').click();`);
  await sleep(100);
  const chosen = await inDialog<{ pressed: string; text: string; value: string }>(
    page,
    `const b = root.querySelector('.reasons button[data-code="mauvaise-cote"]'); return { pressed: b.getAttribute('aria-pressed'), text: b.textContent.replace(/\\s+/g, ' ').trim(), value: root.querySelector('textarea').value };`,
  );
  assert.is(chosen.pressed, 'true');
  assert.is(chosen.text, '✓Mauvaise cote (choisi)');
  assert.is(chosen.value, 'Mauvaise cote', 'the chip fills the empty comment');
  await shot(page, 'reason-chips');
  // Emptied, the comment cannot be confirmed even with a reason chosen.
  await inDialog(page, `const f = root.querySelector('textarea'); f.value = ''; f.dispatchEvent(new Event('input'));`);
  await sleep(50);
  assert.ok(await inDialog<boolean>(page, `return root.querySelector('button.confirm').disabled;`), 'the comment stays required');
  await inDialog(page, `root.querySelector('textarea').focus();`);
  // Typed at a person's pace: a burst faster than 35 ms a key is taken for a barcode scanner.
  await page.keyboard.type('Cote 12 fausse, à recouper', { delay: 60 });
  await inDialog(page, `root.querySelector('button.confirm').click();`);
  await waitForCard(page, o.number, 'en-attente', 15_000);
  await page.waitForFunction((id: string) => fetch(`/api/orders/${id}`).then((r) => r.json()).then((b) => b.stepId === 'en-attente'), { timeout: 5000 }, o.id);
  const last = await lastHistory(h, o.id);
  assert.is(last.kind, 'regressed');
  assert.is(last.reasonCode, 'mauvaise-cote');
  assert.is(last.comment, 'Cote 12 fausse, à recouper');
  // The history dialog names the reason.
  await clickInCard(page, o.number, 'tool');
  await page.waitForFunction(() => /Motif : Mauvaise cote/.test((window as any).__deepAll('history-dialog')[0]?.shadowRoot?.querySelector('ol')?.textContent ?? ''), {
    timeout: 5000,
  });
  await page.close();
});

R('offline, the reason waits in the queue with the action and reaches the server on reconnection', async ({ h, m1, orders }) => {
  const o = orders[1];
  const page = await h.page(`/kiosk?machine=${m1}`);
  await waitForCard(page, o.number, 'prise-en-charge', 15_000);
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  await sleep(1200);
  await h.proxy.cut();
  await clickInCard(page, o.number, 'prev');
  await openDialog(page);
  await inDialog(page, `root.querySelector('.reasons button[data-code="piece-abimee"]').click();`);
  await page.waitForFunction(() => (window as any).__deepAll('comment-dialog')[0].shadowRoot.querySelector('button.confirm').disabled === false, { timeout: 3000 });
  await inDialog(page, `root.querySelector('button.confirm').click();`);
  await shot(page, 'reason-chips-offline');
  await waitForCard(page, o.number, 'en-attente', 15_000);
  const queued = await page.evaluate(
    () =>
      new Promise<unknown[]>((resolve, reject) => {
        const req = indexedDB.open('jalon');
        req.onsuccess = () => {
          const all = req.result.transaction('outbox').objectStore('outbox').getAll();
          all.onsuccess = () => resolve(all.result);
          all.onerror = () => reject(all.error ?? new Error('IndexedDB request failed'));
        };
        req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
      }),
  );
  assert.equal(
    queued.map((a: any) => [a.kind, a.reasonCode, a.comment]),
    [['regress', 'piece-abimee', 'Pièce abîmée']],
  );
  await h.proxy.restore();
  await page.waitForFunction((id: string) => fetch(`/api/orders/${id}`).then((r) => r.json()).then((b) => b.stepId === 'en-attente').catch(() => false), { timeout: 25_000, polling: 300 }, o.id);
  const last = await lastHistory(h, o.id);
  assert.is(last.reasonCode, 'piece-abimee');
  assert.is(last.comment, 'Pièce abîmée');
  await page.close();
});

R.run();
