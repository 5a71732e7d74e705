import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { systemPrincipal } from '../../../server/domain/principal.js';
import { startHarness, type Harness } from '../harness.js';
import { makePerson, signedInTablet, waitText } from './helpers.js';

/**
 * "Tout voir" on the tablet with a long archive: the live snapshot holds the
 * active orders and the latest finished ones; scrolling the table to its end
 * loads the server's further pages (Link header) until every order is in.
 */
const P = suite<{ h: Harness; password: string }>('supervisor tablet: "tout voir" in pages');

const ACTIVE = 40;
const FINISHED = 460;

P.before(async (ctx) => {
  const h = await startHarness();
  ctx.h = h;
  ctx.password = 'chef-password-2026';
  await makePerson(h, 'admin', 'Chef d’atelier', 'chef', ctx.password);
  const orders = h.app.services.orders;
  for (let i = 0; i < ACTIVE + FINISHED; i += 25) {
    await Promise.all(
      Array.from({ length: 25 }, (_, j) =>
        orders.create({ contact: { name: `Contact ${i + j}`, company: 'ANTIKOR' }, stepId: i + j < FINISHED ? 'terminee' : 'decoupage' }, systemPrincipal),
      ),
    );
  }
});

P.after(async (ctx) => ctx.h?.close());

P('scrolling to the end of the table loads the archive page by page, each order once', async ({ h, password }) => {
  const page = await signedInTablet(h, '/admin?all=1', 'chef', password);
  await waitText(page, 'orders-section >>> .count', /\d+ commandes/, 15_000);
  const count = async () => Number((await page.evaluate(() => (window as any).__deep('orders-section >>> .count')[0]?.textContent as string)).replace(/\D/g, ''));
  const first = await count();
  assert.ok(first >= ACTIVE && first < ACTIVE + FINISHED, `the snapshot holds the active orders and some finished ones, not all: ${first}`);
  for (let i = 0; i < 40 && (await count()) < ACTIVE + FINISHED; i++) {
    await page.evaluate(() => {
      const scroller = (window as any).__deep('order-table >>> .scroller')[0] as HTMLElement;
      scroller.scrollTop = scroller.scrollHeight;
      scroller.dispatchEvent(new Event('scroll'));
    });
    await new Promise((ok) => setTimeout(ok, 250));
  }
  assert.is(await count(), ACTIVE + FINISHED, 'every order, none twice');
  await page.close();
});

P.run();
