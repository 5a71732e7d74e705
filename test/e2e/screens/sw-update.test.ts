import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { clickInCard, deepQuery, makeMachines, sleep, startHarness, waitForCard, type Harness } from '../harness.js';
import { DeployProxy } from './deploy-proxy.js';

/** A new version deployed while an action waits: the screen reloads into it and the action still reaches the server, once. */
const U = suite<{ h: Harness; proxy: DeployProxy }>('screens: service worker update');

U.before(async (ctx) => {
  ctx.h = await startHarness();
  ctx.proxy = new DeployProxy(Number(new URL(ctx.h.direct).port));
  await ctx.proxy.open();
});
U.after(async (ctx) => {
  await ctx.proxy?.close();
  await ctx.h?.close();
});

U('the kiosk reloads into the new version once its pending action is in IndexedDB, and the action is sent after', async ({ h, proxy }) => {
  const [machine] = await makeMachines(h, 'Presse');
  const o = await h.api('POST', '/api/orders', { contact: { name: 'LEUZE Lara', company: 'SOFAR' }, machineId: machine, dueDate: null });
  assert.is(o.status, 201);
  const k = await h.api('POST', '/api/kiosks', { name: 'Presse', scope: { machineId: machine } });
  const base = `http://127.0.0.1:${proxy.port}`;
  const context = await h.browser.createBrowserContext();
  const page = await context.newPage();
  await page.evaluateOnNewDocument(deepQuery);
  await page.goto(`${base}/api/health`);
  const paired = await page.evaluate(
    (code: string) => fetch('/api/kiosks/pair', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) }).then((r) => r.status),
    String(k.body.pairingCode),
  );
  assert.is(paired, 200);
  await page.goto(`${base}/kiosk`, { waitUntil: 'domcontentloaded' });
  await waitForCard(page, o.body.number, 'en-attente', 8000);
  await page.waitForFunction(() => !!navigator.serviceWorker.controller, { timeout: 10_000 });

  // Next while the server holds transitions back: the action waits, in IndexedDB.
  proxy.holdTransitions = true;
  await clickInCard(page, o.body.number, 'next');
  await page.waitForFunction(() => (window as any).__deepAll('article .pending').length === 1, { timeout: 5000 });
  await page.evaluate(() => ((window as any).__beforeUpdate = true));

  proxy.deployed++;
  // What the screen's periodic check does, now rather than in ten minutes.
  await page.evaluate(() => void navigator.serviceWorker.getRegistration().then((r) => r?.update()));
  // The reload waits for a quiet screen (5 s after the tap), then the page is new.
  await page.waitForFunction(() => !(window as any).__beforeUpdate && document.readyState !== 'loading', { timeout: 20_000, polling: 200 });
  await waitForCard(page, o.body.number, 'prise-en-charge', 8000);
  assert.is(await page.evaluate(() => (window as any).__deepAll('article .pending').length), 1, 'the action is still pending after the reload');
  const stored = await h.api('GET', `/api/orders/${o.body.id}`);
  assert.is(stored.body.stepId, 'en-attente');

  proxy.holdTransitions = false;
  // The network is back: the queue is sent at once rather than at its next retry.
  await page.evaluate(() => dispatchEvent(new Event('online')));
  let after = stored;
  for (let i = 0; i < 80 && after.body.stepId !== 'prise-en-charge'; i++) {
    await sleep(250);
    after = await h.api('GET', `/api/orders/${o.body.id}`);
  }
  assert.is(after.body.stepId, 'prise-en-charge');
  assert.is(after.body.history.filter((e: { kind: string }) => e.kind === 'advanced').length, 1, 'advanced exactly once');
  await context.close();
});

U.run();
