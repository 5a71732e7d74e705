import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { clickInCard, deepText, makeMachines, shot, startHarness, testOpId, waitForCard, type Harness } from './harness.js';

/** The workstation and the wall against the real server and database, in Chromium. */
const K = suite<{ h: Harness; m1: string; m2: string; orders: Record<string, { id: string; number: number }> }>('kiosk and wall');

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

K.before(async (ctx) => {
  const h = await startHarness();
  ctx.h = h;
  [ctx.m1, ctx.m2] = await makeMachines(h, 'Scie', 'Presse');
  ctx.orders = {};
  const make = async (key: string, company: string, machineId: string, due: string | null) => {
    const r = await h.api('POST', '/api/orders', {
      contact: { name: 'MAROLEX Eléonore', company, postalCode: '75017' },
      nature: 'AUTRE [DPL]',
      customerRef: `REF-${key}`,
      machineId,
      dueDate: due,
    });
    assert.is(r.status, 201, JSON.stringify(r.body));
    ctx.orders[key] = r.body;
  };
  await make('saw1', 'SOFAR', ctx.m1, day(0));
  await make('saw2', 'ANTIKOR', ctx.m1, day(10));
  await make('press', 'PRESSE & FILS', ctx.m2, day(2));
});

K.after(async (ctx) => ctx.h?.close());

K('the kiosk shows its machine’s orders in French, most urgent first, and not another machine’s', async ({ h, m1, orders }) => {
  const page = await h.page(`/kiosk?machine=${m1}`);
  await waitForCard(page, orders['saw1'].number);
  await waitForCard(page, orders['saw2'].number);
  const numbers = await page.evaluate(() => (window as any).__deepAll('article[data-order]').map((a: HTMLElement) => Number(a.dataset.order)));
  assert.equal(numbers, [orders['saw1'].number, orders['saw2'].number], 'urgent first, and only machine 1');
  assert.not.ok(numbers.includes(orders['press'].number), 'the press order is not on the saw kiosk');
  const text = (await deepText(page, 'article')).join(' ');
  assert.match(text, 'En attente');
  assert.match(text, 'Date à livrer');
  // The urgency is a word and an icon, not only a colour (the pill draws in its own shadow root).
  assert.match((await deepText(page, 'span.urgent')).join(' '), 'Urgent');
  assert.match(text, '< non précisé >');
  assert.match((await deepText(page, 'filter-bar')).join(' ') + (await deepText(page, 'label')).join(' '), 'tout voir');
  const nextHeight = await page.evaluate(() => (window as any).__deepAll('button.next')[0].getBoundingClientRect().height);
  assert.ok(nextHeight >= 64, `Next is ${nextHeight}px high`);
  await shot(page, 'kiosk');
  await page.close();
});

K('English renders from the language menu', async ({ h, m1, orders }) => {
  const page = await h.page(`/kiosk?machine=${m1}&lang=en`);
  await waitForCard(page, orders['saw1'].number);
  const text = (await deepText(page, 'workstation-view')).join(' ') + (await deepText(page, 'article')).join(' ');
  assert.match(text, 'Due date');
  assert.match(text, '< not specified >');
  assert.match((await deepText(page, 'button.prev')).join(' '), 'Previous');
  await shot(page, 'kiosk-en');
  // Back to French for the next tests: the choice is remembered on the device.
  await page.evaluate(() => localStorage.setItem('jalon.locale', 'fr'));
  await page.close();
});

K('Next on the kiosk appears on the wall within 1 s', async ({ h, m1, orders }) => {
  const wall = await h.page('/wall', { width: 1920, height: 1080 });
  const o = orders['saw2'];
  await wall.waitForFunction(
    (n: number) => (window as any).__deepAll('wall-column[data-step="en-attente"]')[0]?.shadowRoot?.querySelector(`li[data-order="${n}"]`),
    { timeout: 5000 },
    o.number,
  );
  // The wall must be live (subscribed) before the change, or it would only see it on its next load.
  await wall.waitForFunction(() => (window as any).__deepAll('[data-state="live"]').length > 0, { timeout: 5000 });
  const kiosk = await h.page(`/kiosk?machine=${m1}`);
  await waitForCard(kiosk, o.number, 'en-attente');
  const t0 = Date.now();
  await clickInCard(kiosk, o.number, 'next');
  await wall.waitForFunction(
    (n: number) => (window as any).__deepAll('wall-column[data-step="prise-en-charge"]')[0]?.shadowRoot?.querySelector(`li[data-order="${n}"]`),
    { timeout: 1000, polling: 20 },
    o.number,
  );
  const elapsed = Date.now() - t0;
  assert.ok(elapsed < 1000, `shown on the wall after ${elapsed} ms`);
  await waitForCard(kiosk, o.number, 'prise-en-charge');
  const server = await h.api('GET', `/api/orders/${o.id}`);
  assert.is(server.body.stepId, 'prise-en-charge');
  await shot(wall, 'wall');
  await wall.close();
  await kiosk.close();
});

K('Previous asks for a comment, refuses an empty one, and records it', async ({ h, m1, orders }) => {
  const o = orders['saw1'];
  const moved = await h.api('POST', `/api/orders/${o.id}/advance`, { expectedStepId: 'en-attente', opId: testOpId() });
  assert.is(moved.status, 200);
  const page = await h.page(`/kiosk?machine=${m1}`);
  await waitForCard(page, o.number, 'prise-en-charge');
  await clickInCard(page, o.number, 'prev');
  await page.waitForFunction(() => (window as any).__deepAll('comment-dialog')[0]?.shadowRoot?.querySelector('dialog[open]'), { timeout: 3000 });
  // The field has the focus: the on-screen keyboard comes up without another touch.
  const focused = await page.evaluate(() => (window as any).__deepAll('comment-dialog')[0].shadowRoot.activeElement?.id);
  assert.is(focused, 'comment');
  const confirmDisabled = () =>
    page.evaluate(() => (window as any).__deepAll('comment-dialog')[0].shadowRoot.querySelector('button.confirm').disabled as boolean);
  assert.ok(await confirmDisabled(), 'cannot confirm empty');
  await page.keyboard.type('   ');
  assert.ok(await confirmDisabled(), 'cannot confirm blanks');
  await page.keyboard.type('Cote fausse, à recouper');
  assert.not.ok(await confirmDisabled());
  await shot(page, 'comment-prompt');
  await page.evaluate(() => (window as any).__deepAll('comment-dialog')[0].shadowRoot.querySelector('button.confirm').click());
  await waitForCard(page, o.number, 'en-attente');
  await page.waitForFunction(
    (id: string) => fetch(`/api/orders/${id}`).then((r) => r.json()).then((b) => b.stepId === 'en-attente'),
    { timeout: 3000 },
    o.id,
  );
  const server = await h.api('GET', `/api/orders/${o.id}`);
  const last = server.body.history.at(-1);
  assert.is(last.kind, 'regressed');
  assert.is(last.comment, 'Cote fausse, à recouper');

  // The history [suivi] shows the comment, and the reason is offered again as a chip next time.
  await clickInCard(page, o.number, 'tool');
  await page.waitForFunction(
    () => /Cote fausse/.test((window as any).__deepAll('history-dialog')[0]?.shadowRoot?.querySelector('ol')?.textContent ?? ''),
    { timeout: 3000 },
  );
  await shot(page, 'history');
  const chips = await page.evaluate(() => {
    (window as any).__deepAll('history-dialog')[0].shadowRoot.querySelector('button.close').click();
    return JSON.parse(localStorage.getItem('jalon.recentReasons') ?? '[]');
  });
  assert.equal(chips, ['Cote fausse, à recouper']);
  await page.close();
});

K.run();
