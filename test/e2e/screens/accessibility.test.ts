import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { axeViolations } from '../axe.js';
import { makeMachines, sleep, startHarness, type Harness } from '../harness.js';
import { click, signedInTablet, waitDeep } from '../supervisor/helpers.js';

/**
 * axe-core over what the screens tests do not open: an unpaired screen, the sign-in, and every tab
 * of the tablet with something in it (screenshots.test.ts covers the kiosk, the wall and the
 * orders tab at four sizes).
 */
const A = suite<{ h: Harness }>('screens: accessibility (axe-core)');

const TABS = ['orders', 'insight', 'settings', 'templates', 'users', 'machines', 'kiosks', 'integration'];

A.before(async (ctx) => {
  const h = await startHarness();
  ctx.h = h;
  const [machine] = await makeMachines(h, 'Scie à ruban');
  for (let i = 0; i < 3; i++) {
    const r = await h.api('POST', '/api/orders', { contact: { name: `Client ${i}`, company: 'SOFAR' }, machineId: machine });
    assert.is(r.status, 201, JSON.stringify(r.body));
  }
  const person = await h.api('POST', '/api/users', { name: 'Camille', role: 'operator' });
  assert.is(person.status, 201, JSON.stringify(person.body));
  assert.is((await h.api('PUT', `/api/auth/users/${person.body.id}/pin`, { pin: '4321' })).status, 204);
  assert.is((await h.api('POST', '/api/kiosks', { name: 'Poste scie', scope: { machineId: machine } })).status, 201);
});
A.after(async (ctx) => ctx.h?.close());

A('an unpaired screen and the sign-in screen', async ({ h }) => {
  const screen = await h.page('/kiosk');
  await screen.waitForFunction(() => (window as any).__deepAll('pair-screen').length > 0, { timeout: 8000 });
  await sleep(300);
  assert.equal(await axeViolations(screen), [], 'unpaired screen');
  await screen.browserContext().close();

  const signIn = await h.page('/admin');
  await waitDeep(signIn, 'sign-in >>> input[name="username"]', 8000);
  assert.equal(await axeViolations(signIn), [], 'sign-in');
  await signIn.browserContext().close();
});

A('every tab of the tablet', async ({ h }) => {
  const page = await signedInTablet(h, '/admin', 'admin', 'e2e-admin-password-0123456789');
  for (const tab of TABS) {
    await click(page, `nav a[data-tab="${tab}"]`);
    await page.waitForFunction((t: string) => (window as any).__deepAll(`main.${t}`).length > 0, { timeout: 8000 }, tab);
    // The section's data arrives after the tab is drawn.
    await sleep(700);
    assert.equal(await axeViolations(page), [], `tab ${tab}`);
  }
  await page.browserContext().close();
});

A.run();
