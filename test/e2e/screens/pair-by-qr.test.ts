import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Page } from 'puppeteer-core';
import { deepQuery, launchBrowser, makeMachines, shot, startHarness, waitForCard, type Harness } from '../harness.js';
import { click, makePerson, mustDeep, setValue, typeInto, waitDeep, waitText } from '../supervisor/helpers.js';
import { fakeCameraArgs, writeQrVideo } from '../y4m.js';

/**
 * Pairing by QR, end to end with two browsers: an unpaired screen shows its QR and 6 digits; the
 * test reads the code from the page and makes a video of that QR; a second Chromium (the tablet)
 * has it as its fake camera; "Scanner un écran" reads it, "Associer cet écran" pairs it to a
 * machine; the screen, untouched, opens with that machine's orders. Also: the 6 digits typed on
 * the tablet, `/admin/pair?code=…`, and the refusals. Screenshots of the unpaired screen.
 */
type Ctx = { h: Harness; dir: string; saw: string; press: string; sawOrder: number; admin: { username: string; password: string } };
const P = suite<Ctx>('pairing a screen by its QR');

P.before(async (ctx) => {
  ctx.h = await startHarness();
  ctx.dir = mkdtempSync(join(tmpdir(), 'jalon-pair-qr-'));
  [ctx.saw, ctx.press] = await makeMachines(ctx.h, 'Scie', 'Presse');
  const o = await ctx.h.api('POST', '/api/orders', { contact: { name: 'Contact', company: 'Client de la scie' }, machineId: ctx.saw });
  ctx.sawOrder = o.body.number;
  ctx.admin = { username: 'alice', password: 'alice-password-0123' };
  await makePerson(ctx.h, 'admin', 'Alice', ctx.admin.username, ctx.admin.password);
});

P.after(async ({ h, dir }) => {
  await h.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A new unpaired screen (own cookies) at /kiosk, once it shows its code: the page and the code. */
async function unpairedScreen(h: Harness, size = { width: 1280, height: 800 }): Promise<{ page: Page; code: string }> {
  const context = await h.browser.createBrowserContext();
  const page = await context.newPage();
  await page.setViewport(size);
  await page.evaluateOnNewDocument(deepQuery);
  await page.goto(`${h.base}/kiosk`, { waitUntil: 'domcontentloaded' });
  await page.waitForFunction(() => (window as any).__deepAll('[data-screen-code]').length === 1, { timeout: 15_000 });
  const code = await page.evaluate(() => (window as any).__deepAll('[data-screen-code]')[0].dataset.screenCode as string);
  assert.match(code, /^\d{6}$/);
  return { page, code };
}

async function tabletIn(browser: Awaited<ReturnType<typeof launchBrowser>>['browser'], h: Harness, admin: Ctx['admin'], path: string): Promise<Page> {
  const page = await (await browser.createBrowserContext()).newPage();
  await page.setViewport({ width: 1280, height: 800 });
  await page.goto(`${h.base}${path}`, { waitUntil: 'domcontentloaded' });
  await waitDeep(page, 'sign-in >>> input[name="username"]', 10_000);
  await typeInto(page, 'sign-in >>> input[name="username"]', admin.username);
  await typeInto(page, 'sign-in >>> input[name="password"]', admin.password);
  await click(page, 'sign-in >>> button[type="submit"]');
  await waitDeep(page, 'nav a[data-tab]', 10_000);
  return page;
}

const claimOpen = (page: Page) => waitDeep(page, 'screen-claim >>> dialog[open]', 20_000);

P('the unpaired screen shows a QR with its 6 digits, and the typing form; screenshots at 1024×600 and 1920×1080', async ({ h }) => {
  const { page, code } = await unpairedScreen(h, { width: 1024, height: 600 });
  const shown = await page.evaluate(() => (window as any).__deepAll('[data-screen-code]')[0].textContent.replace(/\s/g, ''));
  assert.is(shown, code, 'the digits under the QR');
  assert.ok(await page.evaluate(() => (window as any).__deepAll('svg[role="img"] path').length === 1), 'a QR drawn');
  assert.ok(await page.evaluate(() => (window as any).__deepAll('input#code').length === 1), 'the code can still be typed');
  await shot(page, 'pair-qr-1024x600');
  const fits = await page.evaluate(() => {
    const r = (window as any).__deepAll('svg[role="img"]')[0].getBoundingClientRect();
    const b = (window as any).__deepAll('pair-screen button[type="submit"], button[type="submit"]').pop().getBoundingClientRect();
    return { qr: r.bottom <= innerHeight && r.width >= 150, button: b.bottom <= innerHeight };
  });
  assert.ok(fits.qr, 'the whole QR on a 1024×600 panel, big enough to scan');
  assert.ok(fits.button, 'the typed code’s button on screen too');
  await page.setViewport({ width: 1920, height: 1080 });
  await shot(page, 'pair-qr-1920x1080');
  await page.browserContext().close();
});

P("the tablet's camera reads the screen's QR, the screen is paired to a machine and opens its orders by itself", async ({ h, dir, saw, sawOrder, admin }) => {
  const screen = await unpairedScreen(h);
  const video = join(dir, 'screen.y4m');
  writeQrVideo(video, `${h.base}/admin/pair?code=${screen.code}`);
  const tabletBrowser = await launchBrowser(fakeCameraArgs(video));
  try {
    const tablet = await tabletIn(tabletBrowser.browser, h, admin, '/admin/kiosks');
    await click(tablet, 'kiosks-section >>> button.scan-screen');
    await claimOpen(tablet);
    const typed = await tablet.evaluate(() => ((window as any).__deep('screen-claim >>> input[name="code"]')[0] as HTMLInputElement).value);
    assert.is(typed, screen.code, 'the scanned code is in the dialog');
    await typeInto(tablet, 'screen-claim >>> input[name="name"]', 'Poste scie');
    await setValue(tablet, 'screen-claim >>> select[name="target"]', saw);
    await click(tablet, 'screen-claim >>> button.claim');
    await waitText(tablet, 'screen-claim >>> p.ok', /Poste scie/, 8000);
    // The screen, untouched, pairs itself and shows the machine's orders.
    await waitForCard(screen.page, sawOrder, undefined, 20_000);
    const scope = await screen.page.evaluate(() => (window as any).__deepAll('.scope')[0]?.textContent ?? '');
    assert.match(scope, /Poste scie · Machine : Scie/);
    const kiosks = (await h.api('GET', '/api/kiosks')).body as Array<{ name: string; paired: boolean; scope: { machineId?: string } }>;
    const k = kiosks.find((x) => x.name === 'Poste scie');
    assert.ok(k?.paired && k.scope.machineId === saw, JSON.stringify(k));
    // Listed at once on the tablet (its name is the row's rename field).
    await tablet.waitForFunction(
      () => (window as any).__deep('kiosks-section >>> li[data-kiosk] input[name="name"]').some((i: HTMLInputElement) => i.value === 'Poste scie'),
      { timeout: 5000 },
    );
  } finally {
    await tabletBrowser.close();
  }
  await screen.page.browserContext().close();
});

P('/admin/pair?code=… (the QR opened by the tablet’s own camera app) and the typed digits claim the screen alike; a wrong or used code is refused', async ({ h, press, admin }) => {
  const screen = await unpairedScreen(h);
  const tablet = await tabletIn(h.browser, h, admin, `/admin/pair?code=${screen.code}`);
  await claimOpen(tablet);
  assert.is(new URL(tablet.url()).pathname, '/admin/kiosks', 'the code leaves the address');
  await typeInto(tablet, 'screen-claim >>> input[name="name"]', 'Mur atelier');
  await click(tablet, 'screen-claim >>> input[name="scope"][value="wall"]');
  await click(tablet, 'screen-claim >>> button.claim');
  await waitText(tablet, 'screen-claim >>> p.ok', /Mur atelier/, 8000);
  await screen.page.waitForFunction(() => location.pathname === '/wall', { timeout: 20_000 });
  // The same code again: already used.
  await typeInto(tablet, 'screen-claim >>> input[name="code"]', screen.code);
  await typeInto(tablet, 'screen-claim >>> input[name="name"]', 'Encore');
  await click(tablet, 'screen-claim >>> button.claim');
  await waitText(tablet, 'screen-claim >>> p.error', /.+/, 8000);
  // Typed digits of another waiting screen, for a machine.
  const other = await unpairedScreen(h);
  await typeInto(tablet, 'screen-claim >>> input[name="code"]', other.code);
  await typeInto(tablet, 'screen-claim >>> input[name="name"]', 'Poste presse');
  await click(tablet, 'screen-claim >>> input[name="scope"][value="machine"]');
  await setValue(tablet, 'screen-claim >>> select[name="target"]', press);
  await click(tablet, 'screen-claim >>> button.claim');
  await waitText(tablet, 'screen-claim >>> p.ok', /Poste presse/, 8000);
  await other.page.waitForFunction(() => (window as any).__deepAll('.scope')[0]?.textContent?.includes('Poste presse'), { timeout: 20_000 });
  await mustDeep(tablet, 'kiosks-section >>> ul.list');
  await tablet.browserContext().close();
  await screen.page.browserContext().close();
  await other.page.browserContext().close();
});

P('the API: a claimed code pairs only the screen holding its secret, once; bad inputs are refused and change nothing', async ({ h, saw }) => {
  const anon = async (path: string, body?: unknown) => {
    const r = await fetch(`${h.direct}${path}`, { method: 'POST', headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? null : JSON.stringify(body) });
    return { status: r.status, body: await r.json().catch(() => null), cookie: r.headers.get('set-cookie') };
  };
  const issued = await anon('/api/kiosks/screen-code');
  assert.is(issued.status, 201);
  const { code, token } = issued.body as { code: string; token: string };
  assert.equal((await anon('/api/kiosks/screen-code/wait', { code, token })).body, { paired: false });
  assert.is((await anon('/api/kiosks/screen-code/wait', { code, token: 'x'.repeat(43) })).status, 401, 'another secret');
  assert.is((await anon('/api/kiosks/screen-code/wait', { code: '12345', token })).status, 400, 'not 6 digits');
  const before = ((await h.api('GET', '/api/kiosks')).body as unknown[]).length;
  assert.is((await h.api('POST', '/api/kiosks/screen-code/claim', { code, name: 'X', scope: { machineId: 'nope' } })).status, 422, 'unknown machine');
  assert.is((await h.api('POST', '/api/kiosks/screen-code/claim', { code: '000000' === code ? '000001' : '000000', name: 'X', scope: { wall: true } })).status, 404);
  assert.is((await h.api('POST', '/api/kiosks/screen-code/claim', { code, name: 'X', scope: { wall: true }, extra: 1 })).status, 400);
  assert.is(((await h.api('GET', '/api/kiosks')).body as unknown[]).length, before, 'no kiosk created by a refusal');
  const claimed = await h.api('POST', '/api/kiosks/screen-code/claim', { code, name: 'Par API', scope: { machineId: saw } });
  assert.is(claimed.status, 201, JSON.stringify(claimed.body));
  assert.is((await h.api('POST', '/api/kiosks/screen-code/claim', { code, name: 'Bis', scope: { wall: true } })).status, 409);
  const got = await anon('/api/kiosks/screen-code/wait', { code, token });
  assert.is(got.status, 200);
  assert.is(got.body.paired, true);
  assert.is(got.body.kiosk.name, 'Par API');
  assert.match(String(got.cookie), /jalon_device|device/i, 'the device cookie is set');
  assert.is((await anon('/api/kiosks/screen-code/wait', { code, token })).status, 401, 'once');
});

P.run();
