import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { deepText, startHarness, testOpId, type Harness } from './harness.js';

/*
 * Access control issue (hostile input): names and comments carrying markup are shown as the
 * characters typed — no element is created, no script runs — and the pages run under the
 * Content-Security-Policy without a single violation.
 */
const H = suite<{ h: Harness; machine: string; order: { id: string; number: number } }>('hostile text in the kiosk views');

const SCRIPT = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';

H.before(async (ctx) => {
  const h = await startHarness();
  ctx.h = h;
  const m = await h.api('POST', '/api/machines', { name: `Scie ${SCRIPT}`.slice(0, 120) });
  assert.is(m.status, 201, JSON.stringify(m.body));
  ctx.machine = m.body.id;
  const o = await h.api('POST', '/api/orders', {
    contact: { name: SCRIPT.slice(0, 120), company: '<b>GRAS</b>' },
    nature: '<iframe src=javascript:alert(1)>'.slice(0, 120),
    machineId: ctx.machine,
    stepId: 'decoupage',
  });
  assert.is(o.status, 201, JSON.stringify(o.body));
  ctx.order = o.body;
  const r = await h.api('POST', `/api/orders/${o.body.id}/regress`, { expectedStepId: 'decoupage', opId: testOpId(), comment: SCRIPT });
  assert.is(r.status, 200, JSON.stringify(r.body));
});

H.after(async (ctx) => ctx.h?.close());

/** The kiosk draws an `article` per order, the wall an `li` in its step's column. */
for (const [name, path, card] of [
  ['kiosk', (m: string) => `/kiosk?machine=${m}`, 'article'],
  ['wall', () => '/wall', 'li'],
] as const) {
  H(`${name}: markup in names is text, nothing runs, no CSP violation`, async ({ h, machine, order }) => {
    const page = await h.page(path(machine));
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content.Security.Policy/i.test(m.text())) violations.push(m.text());
    });
    let dialogs = 0;
    page.on('dialog', (d) => {
      dialogs++;
      void d.dismiss();
    });
    await page.reload({ waitUntil: 'domcontentloaded' });
    await page.waitForFunction((sel: string) => (window as any).__deepAll(sel).length > 0, { timeout: 10_000, polling: 50 }, `${card}[data-order="${order.number}"]`);
    const text = (await deepText(page, `${card}[data-order="${order.number}"]`)).join(' ');
    assert.ok(text.includes('<b>GRAS</b>'), `the company is not shown as typed: ${text.slice(0, 200)}`);
    // The workstation also shows the contact's name (the wall only the company).
    if (card === 'article') assert.ok(text.includes(SCRIPT.slice(0, 40)), `the name is not shown as typed: ${text.slice(0, 200)}`);
    const injected = await page.evaluate(
      // In the order cards only: the wall's day strip has <b> figures of its own.
      (c: string) => (window as any).__deepAll(['img', 'script', 'iframe', 'b'].map((t) => `${c}[data-order] ${t}`).join(', ')).length as number,
      card,
    );
    assert.is(injected, 0, 'markup from the data became elements');
    assert.is(await page.evaluate(() => (window as any).__pwned ?? null), null, 'a script from the data ran');
    assert.is(dialogs, 0);
    assert.equal(violations, []);
    await page.close();
  });
}

H.run();
