import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { openDemoScreens } from '../../../server/demo/screens.js';
import { deepQuery, deepText, makeMachines, shot, startHarness, waitForCard, waitForDeepText, type Harness } from '../harness.js';

/** In demo mode, a printed link opened in a fresh browser pairs that screen in one click. */
const D = suite<{ h: Harness; links: Array<{ name: string; path: string }>; order: number }>('screens: demo links');

D.before(async (ctx) => {
  const h = await startHarness({ demo: true });
  ctx.h = h;
  const [saw] = await makeMachines(h, 'Scie');
  const o = await h.api('POST', '/api/orders', { contact: { name: 'LEUZE Lara', company: 'ANTIKOR' }, machineId: saw, dueDate: null });
  assert.is(o.status, 201);
  ctx.order = o.body.number;
  await openDemoScreens(h.app);
  const listed = await h.api('GET', '/api/kiosks/demo-links');
  ctx.links = listed.body.links;
});
D.after(async (ctx) => ctx.h?.close());

/** A browser that was never paired (its own cookies and storage). */
async function freshPage(h: Harness, width = 1280, height = 800) {
  const context = await h.browser.createBrowserContext();
  const page = await context.newPage();
  await page.setViewport({ width, height });
  await page.evaluateOnNewDocument(deepQuery);
  return page;
}

D('the machine link pairs a kiosk that shows its machine’s orders, and the address loses the token', async ({ h, links, order }) => {
  const link = links.find((l) => l.name === 'Démo — Scie')!;
  const page = await freshPage(h);
  await page.goto(h.base + link.path, { waitUntil: 'domcontentloaded' });
  await waitForCard(page, order, undefined, 10_000);
  assert.is(new URL(page.url()).search, '');
  assert.is(new URL(page.url()).pathname, '/kiosk');
  const scope = await waitForDeepText(page, '.scope', 'Démo — Scie');
  assert.ok(scope.some((s) => s.includes('Démo — Scie')), scope.join());
  await page.browserContext().close();
});

D('the wall link pairs the wall', async ({ h, links, order }) => {
  const link = links.find((l) => l.name === 'Démo — Mur')!;
  const page = await freshPage(h, 1920, 1080);
  await page.goto(h.base + link.path, { waitUntil: 'domcontentloaded' });
  await page.waitForFunction((n: number) => (window as any).__deepAll(`li[data-order="${n}"]`).length >= 1, { timeout: 10_000 }, order);
  assert.is(new URL(page.url()).pathname, '/wall');
  assert.is(new URL(page.url()).search, '');
  await page.browserContext().close();
});

D('the tablet’s Écrans tab lists the same links', async ({ h, links }) => {
  const page = await freshPage(h);
  const login = await page.goto(`${h.base}/api/health`).then(() =>
    page.evaluate(
      () =>
        fetch('/api/auth/login', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'admin', password: 'e2e-admin-password-0123456789' }),
        }).then((r) => r.status),
    ),
  );
  assert.is(login, 200);
  await page.goto(`${h.base}/admin/kiosks`, { waitUntil: 'domcontentloaded' });
  await page.waitForFunction((n: number) => (window as any).__deepAll('a[data-demo-link]').length === n, { timeout: 10_000 }, links.length);
  const hrefs = await page.evaluate(() => (window as any).__deepAll('a[data-demo-link]').map((a: HTMLAnchorElement) => a.getAttribute('href')));
  assert.equal([...hrefs].sort(), links.map((l) => l.path).sort());
  await shot(page, 'demo-links-tablet');
  await page.browserContext().close();
});

D('an unknown link says so and leads to pairing by code', async ({ h }) => {
  const page = await freshPage(h);
  await page.goto(`${h.base}/kiosk?demo=${'x'.repeat(43)}`, { waitUntil: 'domcontentloaded' });
  const texts = await waitForDeepText(page, '[data-error]', 'inconnu', 8000);
  assert.ok(texts.some((t) => t.includes('inconnu')), texts.join());
  assert.ok((await deepText(page, 'demo-pairing')).length === 1);
  await page.browserContext().close();
});

D.run();
