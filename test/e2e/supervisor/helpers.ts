import type { ElementHandle, Page } from 'puppeteer-core';
import type { Harness } from '../harness.js';

/**
 * Driving the supervisor tablet in Chromium: its elements live in nested shadow roots. Selectors
 * here are matched in every shadow root; `host >>> inner` narrows to what is inside `host`'s own
 * shadow tree (e.g. `sign-in >>> button[type="submit"]`).
 */
const finder = `(sel) => {
  const walk = (root, s, out) => {
    out.push(...root.querySelectorAll(s));
    for (const el of root.querySelectorAll('*')) if (el.shadowRoot) walk(el.shadowRoot, s, out);
    return out;
  };
  let roots = [document];
  let found = [];
  for (const part of sel.split(' >>> ')) {
    found = [];
    for (const r of roots) walk(r, part, found);
    roots = found.map((e) => e.shadowRoot ?? e);
  }
  return found;
}`;

/** Installs `window.__deep(selector)` in the page (again after each navigation). */
export async function ensureFinder(page: Page): Promise<void> {
  await page.evaluate(`window.__deep ??= ${finder}`);
}

export const TABLET_LANDSCAPE = { width: 1280, height: 800 };
export const TABLET_PORTRAIT = { width: 800, height: 1280 };

/** A supervisor account with a password, made through the API as an admin would. */
export async function makePerson(h: Harness, role: 'admin' | 'supervisor' | 'operator', name: string, username: string, password: string): Promise<string> {
  const u = await h.api('POST', '/api/users', { name, role, username });
  if (u.status !== 201) throw new Error(`user not created: ${u.status} ${JSON.stringify(u.body)}`);
  const p = await h.api('PUT', `/api/auth/users/${u.body.id}/password`, { password });
  if (p.status !== 204) throw new Error(`password not set: ${p.status} ${JSON.stringify(p.body)}`);
  return u.body.id as string;
}

/** The first element matching `selector` in any shadow root, or null. */
export async function deep(page: Page, selector: string): Promise<ElementHandle<Element> | null> {
  await ensureFinder(page);
  const handle = await page.evaluateHandle((sel: string) => (window as any).__deep(sel)[0] ?? null, selector);
  return handle.asElement() as ElementHandle<Element> | null;
}

export async function mustDeep(page: Page, selector: string, timeout = 5000): Promise<ElementHandle<Element>> {
  await waitDeep(page, selector, timeout);
  const el = await deep(page, selector);
  if (!el) throw new Error(`no element ${selector}`);
  return el;
}

export async function waitDeep(page: Page, selector: string, timeout = 5000): Promise<void> {
  await ensureFinder(page);
  await page.waitForFunction((sel: string) => (window as any).__deep(sel).length > 0, { timeout, polling: 50 }, selector);
}

export async function waitNoDeep(page: Page, selector: string, timeout = 5000): Promise<void> {
  await ensureFinder(page);
  await page.waitForFunction((sel: string) => (window as any).__deep(sel).length === 0, { timeout, polling: 50 }, selector);
}

/** Brings the element to the middle of its scroller (as a person scrolls to see it: nothing sticky covers it), then clicks. */
export async function click(page: Page, selector: string): Promise<void> {
  const el = await mustDeep(page, selector);
  await el.evaluate((e) => e.scrollIntoView({ block: 'center', inline: 'nearest' }));
  await el.click();
}

/** Replaces a field's text by typing, as a person would (the field's own events fire). */
export async function typeInto(page: Page, selector: string, text: string): Promise<void> {
  const el = await mustDeep(page, selector);
  await el.click({ count: 3 });
  await page.keyboard.press('Backspace');
  if (text) await el.type(text);
}

/** Sets a date or select value the way the browser's picker would (input + change events). */
export async function setValue(page: Page, selector: string, value: string): Promise<void> {
  const el = await mustDeep(page, selector);
  await el.evaluate((node: Element, v: string) => {
    const f = node as HTMLInputElement | HTMLSelectElement;
    f.value = v;
    f.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    f.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
  }, value);
}

export async function textOf(page: Page, selector: string): Promise<string> {
  await ensureFinder(page);
  return page.evaluate((sel: string) => (window as any).__deep(sel).map((e: Element) => e.textContent ?? '').join(' ').replace(/\s+/g, ' ').trim(), selector);
}

/** Waits until the text of `selector` matches `pattern`. */
export async function waitText(page: Page, selector: string, pattern: RegExp, timeout = 5000): Promise<void> {
  await ensureFinder(page);
  await page.waitForFunction(
    (sel: string, src: string, flags: string) =>
      new RegExp(src, flags).test((window as any).__deep(sel).map((e: Element) => e.textContent ?? '').join(' ').replace(/\s+/g, ' ')),
    { timeout, polling: 50 },
    selector,
    pattern.source,
    pattern.flags,
  );
}

/** Opens `/admin…` in its own browser context and signs in through the sign-in screen. */
export async function signedInTablet(h: Harness, path: string, username: string, password: string, size = TABLET_LANDSCAPE): Promise<Page> {
  const page = await h.page(path, size);
  await waitDeep(page, 'sign-in >>> input[name="username"]', 8000);
  await typeInto(page, 'sign-in >>> input[name="username"]', username);
  await typeInto(page, 'sign-in >>> input[name="password"]', password);
  await click(page, 'sign-in >>> button[type="submit"]');
  await waitDeep(page, 'nav a[data-tab]', 8000);
  return page;
}

/** The table row of order `number`, once drawn (optionally at `stepId`). */
export async function waitRow(page: Page, number: number, extra = '', timeout = 5000): Promise<void> {
  await waitDeep(page, `tr.row[data-order="${number}"]${extra}`, timeout);
}

export async function rowAttr(page: Page, number: number, attr: string): Promise<string | null> {
  await ensureFinder(page);
  return page.evaluate(
    (n: number, a: string) => (window as any).__deep(`tr.row[data-order="${n}"]`)[0]?.getAttribute(a) ?? null,
    number,
    attr,
  );
}

/** Every visible control that is smaller than a finger (48 px) in either direction, described. */
export async function smallControls(page: Page): Promise<string[]> {
  await ensureFinder(page);
  return page.evaluate(() => {
    const out: string[] = [];
    for (const el of (window as any).__deepAll('button, select, input:not([type="checkbox"]):not([type="radio"]), textarea, a[href], summary') as HTMLElement[]) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      const s = getComputedStyle(el);
      if (s.visibility === 'hidden' || s.display === 'none') continue;
      if (el.closest('.visually-hidden')) continue;
      if (r.height < 47.5 || r.width < 47.5) out.push(`${el.tagName.toLowerCase()}.${el.className || ''}[${el.getAttribute('name') ?? el.textContent?.trim().slice(0, 20)}] ${Math.round(r.width)}×${Math.round(r.height)}`);
    }
    return out;
  });
}
