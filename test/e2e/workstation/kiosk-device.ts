import * as assert from 'uvu/assert';
import type { ElementHandle, Page } from 'puppeteer-core';
import { deepQuery, sleep, type Harness } from '../harness.js';

/** Helpers for tests of the workstation as a paired device (device.test.ts, queue-identity.test.ts). */

export interface KioskSpec {
  name: string;
  scope: Record<string, unknown>;
  requirePin?: boolean;
  pinMinutes?: number;
}

/**
 * A new device (own cookies, storage, service worker) paired as the kiosk `spec` like a supervisor
 * would do it, then opened at `path`. `beforeOpen` runs before the navigation (request counters…).
 */
export async function kioskPage(
  h: Harness,
  spec: KioskSpec,
  opts: { path?: string; viewport?: { width: number; height: number; deviceScaleFactor?: number }; beforeOpen?: (p: Page) => Promise<void> } = {},
): Promise<{ page: Page; kioskId: string }> {
  const k = await h.api('POST', '/api/kiosks', spec);
  assert.is(k.status, 201, JSON.stringify(k.body));
  const context = await h.browser.createBrowserContext();
  const page = await context.newPage();
  await page.setViewport(opts.viewport ?? { width: 1280, height: 900 });
  await page.evaluateOnNewDocument(deepQuery);
  page.on('pageerror', (e) => process.stderr.write(`[page error] ${String(e)}\n`));
  await page.goto(`${h.base}/api/health`);
  const paired = await page.evaluate(
    (code: string) => fetch('/api/kiosks/pair', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) }).then((r) => r.status),
    String(k.body.pairingCode),
  );
  assert.is(paired, 200, 'paired');
  await opts.beforeOpen?.(page);
  await page.goto(h.base + (opts.path ?? '/kiosk'), { waitUntil: 'domcontentloaded' });
  return { page, kioskId: k.body.kiosk.id };
}

export const closePage = (page: Page) => page.browserContext().close();

/** The first `inner` inside the shadow root of the first `host` (a dialog's button…). */
export async function inside(page: Page, host: string, inner: string): Promise<ElementHandle<Element> | null> {
  const handle = await page.evaluateHandle(
    (h: string, s: string) => (window as any).__deepAll(h)[0]?.shadowRoot?.querySelector(s) ?? null,
    host,
    inner,
  );
  return handle.asElement() as ElementHandle<Element> | null;
}

export async function tap(page: Page, host: string, inner: string): Promise<void> {
  const el = await inside(page, host, inner);
  if (!el) {
    const html = await page.evaluate((h: string) => (window as any).__deepAll(h)[0]?.shadowRoot?.innerHTML ?? '(no host)', host);
    const users = await page.evaluate(() => JSON.stringify(document.querySelector<HTMLElement & { session: { users: unknown } }>('jalon-app')?.session.users));
    throw new Error(`nothing matches ${host} >>> ${inner}; users ${users}; it holds: ${html.replace(/<!--[^>]*-->/g, '').slice(0, 600)}`);
  }
  await el.click();
}

export const dialogOpen = (page: Page, host: string) =>
  page.evaluate((h: string) => !!(window as any).__deepAll(h)[0]?.shadowRoot?.querySelector('dialog[open]'), host);

export const waitDialog = (page: Page, host: string, open = true, timeout = 5000) =>
  page.waitForFunction(
    (h: string, o: boolean) => !!(window as any).__deepAll(h)[0]?.shadowRoot?.querySelector('dialog[open]') === o,
    { timeout, polling: 50 },
    host,
    open,
  );

export const pinError = (page: Page) =>
  page.evaluate(() => (window as any).__deepAll('pin-dialog')[0]?.shadowRoot?.querySelector('.error')?.textContent?.trim() ?? '');

export async function typePin(page: Page, pin: string): Promise<void> {
  for (const d of pin) await tap(page, 'pin-dialog', `button.digit[data-digit="${d}"]`);
  await tap(page, 'pin-dialog', 'button.ok');
}

/** What the operator chip says (its words live in its shadow root). */
export const chipText = (page: Page) =>
  page.evaluate(() => (window as any).__deepAll('operator-chip')[0]?.shadowRoot?.textContent?.replace(/\s+/g, ' ').trim() ?? '');

export const waitLive = (page: Page, state: 'live' | 'offline', timeout = 10_000) =>
  page.waitForFunction(
    (s: string) => (window as any).__deepAll('connection-badge')[0]?.shadowRoot?.querySelector(`[data-state="${s}"]`),
    { timeout, polling: 50 },
    state,
  );

export const pendingCount = (page: Page) =>
  page.evaluate(() => Number((window as any).__deepAll('connection-badge')[0]?.shadowRoot?.querySelector('[data-pending]')?.dataset.pending ?? 0));

export const cardNumbers = (page: Page) =>
  page.evaluate(() => (window as any).__deepAll('article[data-order]').map((a: HTMLElement) => Number(a.dataset.order)) as number[]);

export async function serverOrder(h: Harness, id: string) {
  const r = await h.api('GET', `/api/orders/${id}`);
  return r.body as { stepId: string; history: Array<{ kind: string; actor: string; actorId?: string | null }> };
}

/** Lets the debounced snapshot reach IndexedDB and the service worker take the page. */
export async function installedForOffline(page: Page): Promise<void> {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  await sleep(1200);
}
