import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Page } from 'puppeteer-core';
import { makeMachines, sleep, startHarness, waitForCard, type Harness } from '../harness.js';

/** An order arriving at a kiosk's machine chimes there unless the screen's setting says no; the wall is silent by default. */
const C = suite<{ h: Harness; machine: string }>('screens: arrival chime');

C.before(async (ctx) => {
  ctx.h = await startHarness();
  [ctx.machine] = await makeMachines(ctx.h, 'Plieuse');
});
C.after(async (ctx) => ctx.h?.close());

/** Records the page's arrivals (`jalon:arrival`), from before its scripts run. */
const recordArrivals = (page: Page) =>
  page.evaluateOnNewDocument(() => {
    (window as any).__arrivals = [];
    addEventListener('jalon:arrival', (e) => (window as any).__arrivals.push((e as CustomEvent).detail));
  });

const arrivals = (page: Page): Promise<Array<{ numbers: number[]; chimed: boolean }>> => page.evaluate(() => (window as any).__arrivals);

async function arrive(h: Harness, machine: string): Promise<number> {
  const r = await h.api('POST', '/api/orders', { contact: { name: 'LEUZE Lara', company: 'SOFAR' }, machineId: machine, dueDate: null });
  assert.is(r.status, 201);
  return r.body.number;
}

async function waitForArrival(page: Page, n: number): Promise<{ numbers: number[]; chimed: boolean }> {
  await page.waitForFunction((num: number) => (window as any).__arrivals.some((a: { numbers: number[] }) => a.numbers.includes(num)), { timeout: 8000 }, n);
  return (await arrivals(page)).find((a) => a.numbers.includes(n))!;
}

const chimeButton = (page: Page) =>
  page.evaluateHandle(() => (window as any).__deepAll('chime-toggle')[0]?.shadowRoot?.querySelector('button') ?? null);

C('a kiosk chimes for an arriving order by default; turned off, it stays silent, and the choice survives a reload', async ({ h, machine }) => {
  const first = await arrive(h, machine);
  const page = await h.page(`/kiosk?machine=${machine}`);
  await recordArrivals(page);
  await page.reload({ waitUntil: 'domcontentloaded' });
  await waitForCard(page, first);
  await sleep(500);
  // What was there at the start is not an arrival.
  assert.equal(await arrivals(page), []);

  const second = await arrive(h, machine);
  assert.is((await waitForArrival(page, second)).chimed, true);

  const button = (await chimeButton(page)).asElement();
  assert.ok(button, 'a chime toggle in the header');
  await (button as any).click();
  await page.waitForFunction(() => (window as any).__deepAll('[data-chime="off"]').length === 1, { timeout: 3000 });
  const third = await arrive(h, machine);
  assert.is((await waitForArrival(page, third)).chimed, false);

  await page.reload({ waitUntil: 'domcontentloaded' });
  await waitForCard(page, third);
  await page.waitForFunction(() => (window as any).__deepAll('[data-chime="off"]').length === 1, { timeout: 5000 });
  await sleep(500);
  const fourth = await arrive(h, machine);
  assert.is((await waitForArrival(page, fourth)).chimed, false);
  await page.browserContext().close();
});

C('the wall is silent by default', async ({ h, machine }) => {
  const page = await h.page('/wall', { width: 1920, height: 1080 });
  await recordArrivals(page);
  await page.reload({ waitUntil: 'domcontentloaded' });
  await page.waitForFunction(() => (window as any).__deepAll('[data-chime="off"]').length === 1, { timeout: 8000 });
  await page.waitForFunction(() => (window as any).__deepAll('wall-column')[0]?.shadowRoot?.querySelector('li'), { timeout: 8000 });
  await sleep(500);
  const n = await arrive(h, machine);
  assert.is((await waitForArrival(page, n)).chimed, false);
  await page.browserContext().close();
});

C.run();
