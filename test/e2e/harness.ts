import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import type { Config } from '../../server/config.js';
import { buildTestApp } from '../helper.js';
import { CuttableProxy } from './proxy.js';

const root = resolve(import.meta.dirname, '../..');
export const resultsDir = join(root, 'test-results');

/** The browser tests run against the built PWA, as served in production. */
export function requireBuild(): void {
  if (!existsSync(join(root, 'dist', 'kiosk', 'index.html')) || !existsSync(join(root, 'dist', 'kiosk', 'sw.js'))) {
    throw new Error('dist/kiosk is missing: run `npm run build` before the browser tests (npm test does it)');
  }
}

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** `args`: more Chromium switches (e.g. a fake camera fed from a file, see y4m.ts). */
export async function launchBrowser(args: string[] = []): Promise<{ browser: Browser; close: () => Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'jalon-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${profile}`,
      ...args,
    ],
  });
  return {
    browser,
    close: async () => {
      await browser.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Finds elements through every shadow root (Lit views nest them): `window.__deepAll(selector)`. Installed in each harness page. */
export const deepQuery = `
  window.__deepAll = (sel) => {
    const out = [];
    const walk = (r) => {
      out.push(...r.querySelectorAll(sel));
      for (const el of r.querySelectorAll('*')) if (el.shadowRoot) walk(el.shadowRoot);
    };
    walk(document);
    return out;
  };
`;

export interface Harness {
  app: FastifyInstance;
  proxy: CuttableProxy;
  /** The address the browser uses (through the proxy). */
  base: string;
  /** The server's own address, for the test to check and act behind the browser's back. */
  direct: string;
  browser: Browser;
  page(path: string, opts?: { width?: number; height?: number }): Promise<Page>;
  api<T = any>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  close(): Promise<void>;
}

const ADMIN_PASSWORD = 'e2e-admin-password-0123456789';

/** The kiosk scope a screen address asks for: `/wall` → wall, `/kiosk?machine=…` → that machine. */
function scopeOf(path: string): Record<string, unknown> | null {
  const url = new URL(path, 'http://x');
  if (url.pathname.startsWith('/wall')) return { wall: true };
  const machine = url.searchParams.get('machine');
  const assignee = url.searchParams.get('assignee');
  if (machine) return { machineId: machine };
  if (assignee) return { assigneeId: assignee };
  return null;
}

/**
 * `config`: settings of the server under test beyond the defaults (e.g. `{ demo: true }`);
 * `browserArgs`: more Chromium switches for its browser.
 */
export async function startHarness(config: Partial<Config> = {}, opts: { browserArgs?: string[] } = {}): Promise<Harness> {
  requireBuild();
  mkdirSync(resultsDir, { recursive: true });
  const app = await buildTestApp({ config: { ...config, adminPassword: ADMIN_PASSWORD } });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  const proxy = new CuttableProxy(port);
  await proxy.open(0);
  const { browser, close } = await launchBrowser(opts.browserArgs);
  const base = `http://127.0.0.1:${proxy.port}`;
  const direct = `http://127.0.0.1:${port}`;
  const pages: Page[] = [];
  // With access control (SPEC §3: login, kiosks, pairing) the test acts as the admin and pairs each
  // screen like a supervisor would; without it (open API) these steps are skipped.
  let cookie: string | undefined;
  const login = await fetch(`${direct}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
  });
  if (login.ok) cookie = login.headers.get('set-cookie')?.split(';')[0];
  const api: Harness['api'] = async (method, path, body) => {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (cookie) headers['cookie'] = cookie;
    const res = await fetch(direct + path, { method, headers, body: body === undefined ? null : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  return {
    app,
    proxy,
    base,
    direct,
    browser,
    async page(path, opts = {}) {
      // Each screen is its own device: separate cookies (pairing), storage and service worker.
      const context = await browser.createBrowserContext();
      const page = await context.newPage();
      pages.push(page);
      await page.setViewport({ width: opts.width ?? 1280, height: opts.height ?? 900 });
      await page.evaluateOnNewDocument(deepQuery);
      page.on('pageerror', (e) => process.stderr.write(`[page error] ${String(e)}\n`));
      const scope = scopeOf(path);
      if (cookie && scope) {
        const k = await api('POST', '/api/kiosks', { name: `e2e ${path}`, scope });
        if (k.status !== 201 && k.status !== 200) throw new Error(`kiosk not created: ${k.status} ${JSON.stringify(k.body)}`);
        await page.goto(`${base}/api/health`);
        const paired = await page.evaluate(
          (code: string) => fetch('/api/kiosks/pair', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) }).then((r) => r.status),
          String(k.body.pairingCode),
        );
        if (paired >= 300) throw new Error(`pairing refused: ${paired}`);
      }
      await page.goto(base + path, { waitUntil: 'domcontentloaded' });
      return page;
    },
    api,
    async close() {
      await close();
      await proxy.cut();
      await app.close();
    },
  };
}

/** Waits until a card for order `number` is drawn (optionally at `stepId`). */
/** Adds the workstations `names` through the API; their ids, in order. */
export async function makeMachines(h: Harness, ...names: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const name of names) {
    const m = await h.api('POST', '/api/machines', { name });
    if (m.status !== 201) throw new Error(`machine ${name}: ${m.status} ${JSON.stringify(m.body)}`);
    ids.push(m.body.id);
  }
  return ids;
}

export async function waitForCard(page: Page, number: number, stepId?: string, timeout = 5000): Promise<void> {
  await page.waitForFunction(
    (n: number, s: string | null) =>
      (window as any).__deepAll(`article[data-order="${n}"]${s ? `[data-step="${s}"]` : ''}`).length > 0,
    { timeout, polling: 50 },
    number,
    stepId ?? null,
  );
}

/** Clicks a button inside order `number`'s card. */
export async function clickInCard(page: Page, number: number, buttonClass: 'next' | 'prev' | 'tool'): Promise<void> {
  const handle = await page.evaluateHandle(
    (n: number, cls: string) => (window as any).__deepAll(`article[data-order="${n}"] button.${cls}`)[0] ?? null,
    number,
    buttonClass,
  );
  const el = handle.asElement();
  if (!el) throw new Error(`no ${buttonClass} button on order ${number}`);
  await (el as any).click();
}

export async function deepText(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((sel: string) => (window as any).__deepAll(sel).map((e: Element) => e.textContent?.trim() ?? ''), selector);
}

/** Waits until some element matching `selector` (through shadow roots) contains `text`; returns all their texts. */
export async function waitForDeepText(page: Page, selector: string, text: string, timeout = 5000): Promise<string[]> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const texts = await deepText(page, selector);
    if (texts.some((t) => t.includes(text)) || Date.now() > deadline) return texts;
    await sleep(50);
  }
}

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(resultsDir, `${name}.png`) });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let opCounter = 0;
export const testOpId = () => `e2e-${process.pid}-${Date.now().toString(36)}-${++opCounter}`;
