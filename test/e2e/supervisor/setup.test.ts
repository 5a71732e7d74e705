import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { FastifyInstance } from 'fastify';
import { buildTestApp } from '../../helper.js';
import { launchBrowser, requireBuild, shot } from '../harness.js';
import { click, typeInto, waitDeep, waitText } from './helpers.js';

/**
 * First start without ADMIN_PASSWORD: the server logs a one-time link to /admin/setup?token=…;
 * the tablet opens on "choose the admin password", signs in with it, and the link serves once.
 */
const F = suite<{ app: FastifyInstance; base: string; token: string; browser: Awaited<ReturnType<typeof launchBrowser>> }>('supervisor tablet: first start');

F.before(async (ctx) => {
  requireBuild();
  ctx.app = await buildTestApp({ as: 'anonymous', config: { adminPassword: null, demo: false } });
  await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  const addr = ctx.app.server.address();
  ctx.base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  // The link the server logged at start-up is replaced by one the test knows (same service, same rules).
  ctx.token = await ctx.app.auth.accounts.createSetupToken();
  ctx.browser = await launchBrowser();
});

F.after(async (ctx) => {
  await ctx.browser?.close();
  await ctx.app?.close();
});

F('the setup link asks the admin password twice, then opens the tablet; the link does not serve again', async ({ app, base, token, browser }) => {
  assert.ok(await app.auth.accounts.needsSetup());
  const context = await browser.browser.createBrowserContext();
  const page = await context.newPage();
  await page.setViewport({ width: 1280, height: 800 });
  await page.goto(`${base}/admin/setup?token=${token}`, { waitUntil: 'domcontentloaded' });
  await waitDeep(page, 'sign-in >>> input[name="confirm"]', 8000);
  await typeInto(page, 'sign-in >>> input[name="password"]', 'first-admin-password');
  await typeInto(page, 'sign-in >>> input[name="confirm"]', 'first-admin-passwort');
  await click(page, 'sign-in >>> button[type="submit"]');
  await waitText(page, 'sign-in >>> .error', /Les deux mots de passe diffèrent/);
  assert.ok(await app.auth.accounts.needsSetup(), 'nothing sent');
  await shot(page, 'admin-setup');
  await typeInto(page, 'sign-in >>> input[name="confirm"]', 'first-admin-password');
  await click(page, 'sign-in >>> button[type="submit"]');
  await waitDeep(page, 'nav a[data-tab="settings"]', 8000);
  assert.is(new URL(page.url()).pathname, '/admin');
  assert.not.match(page.url(), 'token');
  assert.not.ok(await app.auth.accounts.needsSetup());

  // The same link in another browser: refused in words.
  const other = await (await browser.browser.createBrowserContext()).newPage();
  await other.goto(`${base}/admin/setup?token=${token}`, { waitUntil: 'domcontentloaded' });
  await waitDeep(other, 'sign-in >>> input[name="confirm"]', 8000);
  await typeInto(other, 'sign-in >>> input[name="password"]', 'someone-else-password');
  await typeInto(other, 'sign-in >>> input[name="confirm"]', 'someone-else-password');
  await click(other, 'sign-in >>> button[type="submit"]');
  await waitText(other, 'sign-in >>> .error', /inconnu, déjà utilisé ou expiré|existe déjà/);
  // The chosen password signs in.
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'first-admin-password' }),
  });
  assert.is(login.status, 200);
});

F.run();
