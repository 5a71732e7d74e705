import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { ElementHandle, Page } from 'puppeteer-core';
import { makeMachines, sleep, startHarness, waitForCard, waitForDeepText, type Harness } from '../harness.js';

/**
 * Scanning on a workstation with a keyboard-wedge scanner, simulated by Chromium's real key
 * events (see `scan`): a burst 5 ms apart ending with Enter while the search field has focus is a scan (the
 * card highlighted, Next focused, the field as it was); a person's slow keys reach the field
 * untouched; an order of another machine says where it is; "a scan presses Next" advances the
 * order and "Annuler" takes it back with a comment; `/o/<number>` opens the order like a scan.
 */
type Ctx = { h: Harness; saw: string; press: string; page: Page; mine: number[]; other: number };
const S = suite<Ctx>('workstation: keyboard-wedge scanner');

async function order(h: Harness, machineId: string, company: string): Promise<number> {
  const r = await h.api('POST', '/api/orders', { contact: { name: 'Contact', company }, machineId });
  assert.is(r.status, 201, JSON.stringify(r.body));
  return r.body.number as number;
}

async function deep(page: Page, selector: string): Promise<ElementHandle<Element>> {
  const el = (await page.evaluateHandle((s: string) => (window as any).__deepAll(s)[0] ?? null, selector)).asElement();
  if (!el) throw new Error(`nothing matches ${selector}`);
  return el as ElementHandle<Element>;
}

const searchValue = (page: Page) => page.evaluate(() => ((window as any).__deepAll('input[name="q"]')[0] as HTMLInputElement).value);
const highlighted = (page: Page) => page.evaluate(() => (window as any).__deepAll('article.scanned').map((a: HTMLElement) => Number(a.dataset['order'])));
/** The order whose Next button has the focus (through shadow roots), or null. */
const nextFocused = (page: Page) =>
  page.evaluate(() => {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    if (!el?.classList.contains('next')) return null;
    const article = el.closest('article');
    return article ? Number(article.getAttribute('data-order')) : null;
  });
const stepOf = (page: Page, n: number) => page.evaluate((x: number) => (window as any).__deepAll(`article[data-order="${x}"]`)[0]?.dataset.step ?? null, n);

/**
 * A wedge scanner: the text then Enter, 5 ms a key, as Chromium's real key events sent through
 * DevTools in one go, each stamped with its own time (as a USB scanner's keys are stamped when
 * they arrive): a busy test machine delays their delivery, not their times, as with real hardware.
 */
async function scan(page: Page, text: string): Promise<void> {
  const cdp = await page.createCDPSession();
  const t0 = Date.now() / 1000;
  const sent: Array<Promise<unknown>> = [];
  [...text].forEach((ch, i) => {
    const at = t0 + i * 0.005;
    sent.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', key: ch, text: ch, unmodifiedText: ch, timestamp: at }));
    sent.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: ch, timestamp: at + 0.002 }));
  });
  const end = t0 + text.length * 0.005;
  const enter = { key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13, nativeVirtualKeyCode: 13 };
  sent.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', ...enter, text: '\r', timestamp: end }));
  sent.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', ...enter, timestamp: end + 0.002 }));
  await Promise.all(sent);
  await cdp.detach();
}

S.before(async (ctx) => {
  ctx.h = await startHarness();
  [ctx.saw, ctx.press] = await makeMachines(ctx.h, 'Scie', 'Presse');
  ctx.mine = [];
  for (let i = 0; i < 10; i++) ctx.mine.push(await order(ctx.h, ctx.saw, `Client ${i}`));
  ctx.other = await order(ctx.h, ctx.press, 'Client presse');
  ctx.page = await ctx.h.page(`/kiosk?machine=${ctx.saw}`, { width: 1280, height: 800 });
  await waitForCard(ctx.page, ctx.mine[0], undefined, 15_000);
});

S.after(async ({ h }) => {
  await h.close();
});

S('slow typing in the search field reaches it untouched, Enter included', async ({ page }) => {
  const field = await deep(page, 'input[name="q"]');
  await field.click();
  await page.keyboard.type('Client', { delay: 120 });
  await page.keyboard.press('Enter');
  // The filter applies (the list is asked again) before anything else is typed.
  await sleep(1500);
  assert.is(await searchValue(page), 'Client');
  assert.equal(await highlighted(page), [], 'no scan was seen');
});

S('a burst from a scanner while the search field has focus: the card is highlighted, Next focused, the field keeps what it had', async ({ h, page, mine }) => {
  const n = mine[9];
  await scan(page, `${h.base}/o/${n}`);
  await page.waitForFunction((x: number) => (window as any).__deepAll(`article.scanned[data-order="${x}"]`).length === 1, { timeout: 5000 }, n);
  assert.is(await searchValue(page), 'Client', 'the field is as it was');
  assert.equal(await highlighted(page), [n]);
  await page.waitForFunction(() => {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    return el?.classList.contains('next');
  }, { timeout: 3000 });
  assert.is(await nextFocused(page), n);
  // Scrolled into view (smoothly: it may take a moment).
  await page.waitForFunction((x: number) => {
    const r = (window as any).__deepAll(`article[data-order="${x}"]`)[0]?.getBoundingClientRect();
    return r && r.top >= 0 && r.bottom <= innerHeight;
  }, { timeout: 3000 }, n);
  assert.is(await stepOf(page, n), 'en-attente', 'a scan alone does not move the order');
});

S('a Code 128 (the bare number) is a scan too; the highlight fades', async ({ h, page, saw }) => {
  const r = await h.api('POST', '/api/orders', { contact: { name: 'Contact', company: 'Client code' }, machineId: saw, number: 424242 });
  assert.is(r.status, 201, JSON.stringify(r.body));
  await waitForCard(page, 424242);
  const field = await deep(page, 'input[name="q"]');
  await field.click();
  await scan(page, '424242');
  await page.waitForFunction(() => (window as any).__deepAll('article.scanned[data-order="424242"]').length === 1, { timeout: 5000 });
  assert.is(await searchValue(page), 'Client');
  await page.waitForFunction(() => (window as any).__deepAll('article.scanned').length === 0, { timeout: 8000 });
});

S("an order of another machine: the kiosk says where it is; an unknown number says so", async ({ h, page, other }) => {
  await scan(page, `${h.base}/o/${other}`);
  const texts = await waitForDeepText(page, 'p.alert', 'Presse');
  assert.ok(texts.some((t) => t.includes(`Cette commande (${other}) est au poste Presse.`)), texts.join(' | '));
  await scan(page, `${h.base}/o/987654`);
  const unknown = await waitForDeepText(page, 'p.alert', '987654');
  assert.ok(unknown.some((t) => t.includes('Aucune commande ne porte le numéro 987654')), unknown.join(' | '));
  await scan(page, 'HELLO-WORLD');
  const notOrder = await waitForDeepText(page, 'p.alert', 'fiche');
  assert.ok(notOrder.some((t) => t.includes('pas celui d’une fiche')), notOrder.join(' | '));
  assert.is(await searchValue(page), 'Client', 'the field never took the scans');
});

S('"a scan presses Next": the order advances, "Annuler" for 5 s takes it back with a comment', async ({ h, page, mine }) => {
  await (await deep(page, 'button[data-scan-next]')).click();
  await page.waitForFunction(() => (window as any).__deepAll('button[data-scan-next="on"]').length === 1, { timeout: 2000 });
  const n = mine[5];
  await scan(page, `${h.base}/o/${n}`);
  await waitForCard(page, n, 'prise-en-charge', 5000);
  await page.waitForFunction((x: number) => (window as any).__deepAll(`article[data-order="${x}"] button.undo`).length === 1, { timeout: 3000 }, n);
  // A person taps "Annuler" where they see it: once the card's smooth scroll into view has ended
  // (a click computed mid-scroll lands on whatever has moved under that point).
  await settledInView(page, n);
  await (await deep(page, `article[data-order="${n}"] button.undo`)).click();
  await waitForCard(page, n, 'en-attente', 5000);
  const list = (await h.api('GET', '/api/orders?all=1')).body.orders as Array<{ id: string; number: number }>;
  const id = list.find((o) => o.number === n)!.id;
  const full = (await h.api('GET', `/api/orders/${id}`)).body;
  assert.is(full.stepId, 'en-attente');
  const history = JSON.stringify(full.history ?? (await h.api('GET', `/api/orders/${id}/history`)).body);
  assert.ok(history.includes('Annulation d’un scan'), history.slice(0, 400));

  // Without pressing Annuler, it disappears after 5 s and the order stays advanced.
  const m = mine[6];
  await scan(page, `${h.base}/o/${m}`);
  await waitForCard(page, m, 'prise-en-charge', 5000);
  await page.waitForFunction((x: number) => (window as any).__deepAll(`article[data-order="${x}"] button.undo`).length === 0, { timeout: 7000 }, m);
  assert.is(await stepOf(page, m), 'prise-en-charge');
  // The option is kept on the device.
  await page.reload({ waitUntil: 'domcontentloaded' });
  await page.waitForFunction(() => (window as any).__deepAll('button[data-scan-next="on"]').length === 1, { timeout: 10_000 });
  await (await deep(page, 'button[data-scan-next]')).click();
});

/** Waits until order `n`'s card is inside the viewport and has stopped moving (alike 100 ms apart). */
async function settledInView(page: Page, n: number): Promise<void> {
  const rect = () =>
    page.evaluate((x: number) => {
      const r = (window as any).__deepAll(`article[data-order="${x}"]`)[0]?.getBoundingClientRect();
      return r && r.top >= 0 && r.bottom <= innerHeight ? r.top : null;
    }, n);
  for (let last = await rect(), tries = 0; ; tries++) {
    await sleep(100);
    const now = await rect();
    if (now !== null && now === last) return;
    if (tries > 30) throw new Error(`the card of order ${n} did not settle in view (top ${now})`);
    last = now;
  }
}

/** Waits until order `n`'s card is highlighted with its Next focused. */
async function openedAsScan(page: Page, n: number): Promise<void> {
  await page.waitForFunction((x: number) => (window as any).__deepAll(`article.scanned[data-order="${x}"]`).length === 1, { timeout: 15_000 }, n);
  await page.waitForFunction((x: number) => {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    return el?.classList.contains('next') && el.closest('article')?.getAttribute('data-order') === String(x);
  }, { timeout: 3000 }, n);
}

S('/o/<number> on a paired kiosk opens the order like a scan (card highlighted, Next focused)', async ({ h, page, mine }) => {
  // A link inside the app (the router keeps the page).
  const n = mine[8];
  await page.evaluate((x: number) => {
    const a = document.createElement('a');
    a.href = `/o/${x}`;
    a.textContent = 'sheet';
    document.body.append(a);
    a.click();
    a.remove();
  }, n);
  await openedAsScan(page, n);
  assert.is(new URL(page.url()).pathname, '/kiosk');
  // The address itself, opened from outside (the server or the service worker answers /o/* with the app).
  const served = await fetch(`${h.base}/o/${mine[7]}`).then((r) => r.status);
  const controlled = await page.evaluate(() => !!navigator.serviceWorker.controller);
  if (served !== 200 && !controlled) {
    console.log(`  (skipped the direct /o/ load: the server answers ${served} and no service worker controls the page yet)`);
    return;
  }
  await page.goto(`${h.base}/o/${mine[7]}`, { waitUntil: 'domcontentloaded' });
  await openedAsScan(page, mine[7]);
  assert.is(new URL(page.url()).pathname, '/kiosk');
});

S("a person's quick keys without Enter (not a scan) all reach the field, even with a tap right after", async ({ page }) => {
  const field = await deep(page, 'input[name="q"]');
  await field.click({ count: 3 });
  await page.keyboard.press('Backspace');
  // Puppeteer's own typing, no delay: as fast as a scanner, but no Enter.
  await field.type('42 rue');
  await (await deep(page, 'input[name="q"]')).click();
  assert.is(await searchValue(page), '42 rue', 'given back at the tap');
  await field.type('x');
  await sleep(300);
  assert.is(await searchValue(page), '42 ruex', 'given back after the pause');
});

S.run();
