import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { DEMO_LINK_MS, openDemoScreens } from '../../../server/demo/screens.js';
import { buildTestApp } from '../../helper.js';

/** Demo links: one per demo machine and one for the wall, pairing in demo mode only and for an hour. */
const T = suite('demo screen links');

const pairWith = (app: Awaited<ReturnType<typeof buildTestApp>>, token: string) =>
  app.inject({ method: 'POST', url: '/api/kiosks/demo-pair', headers: { cookie: '' }, payload: { token } });
const tokenOf = (path: string) => new URL(path, 'http://x').searchParams.get('demo')!;

T('in demo mode: a link per machine and the wall; each pairs a device as its kiosk, and the demo finds its screens again at the next start', async () => {
  const app = await buildTestApp({ config: { demo: true } });
  try {
    for (const name of ['Scie', 'Presse']) assert.is((await app.inject({ method: 'POST', url: '/api/machines', payload: { name } })).statusCode, 201);
    const screens = await openDemoScreens(app);
    const listed = (await app.inject({ method: 'GET', url: '/api/kiosks/demo-links' })).json();
    assert.is(listed.demo, true);
    type Link = { name: string; path: string; scope: unknown };
    const links = listed.links as Link[];
    const named = (name: string) => links.find((l) => l.name === name)!;
    assert.equal(links.map((l) => l.name).sort(), ['Démo — Mur', 'Démo — Presse', 'Démo — Scie']);
    assert.ok(named('Démo — Mur').path.startsWith('/wall?demo='));
    assert.ok(named('Démo — Scie').path.startsWith('/kiosk?demo='));
    assert.is(listed.validUntil, screens.validUntil.toISOString());

    const paired = await pairWith(app, tokenOf(named('Démo — Scie').path));
    assert.is(paired.statusCode, 200, paired.body);
    assert.equal(paired.json().kiosk.scope, named('Démo — Scie').scope);
    const cookie = paired.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    assert.is(me.json().kind, 'kiosk');
    assert.is(me.json().name, 'Démo — Scie');

    // A second start reuses the same kiosks (no duplicates), with new links.
    const again = await openDemoScreens(app);
    const kiosks = (await app.inject({ method: 'GET', url: '/api/kiosks' })).json<Array<{ name: string }>>();
    assert.is(kiosks.filter((k) => k.name.startsWith('Démo — ')).length, 3);
    assert.is.not(again.screens[0].path, screens.screens[0].path);
    assert.equal(again.screens.map((x) => x.kioskId), screens.screens.map((x) => x.kioskId));
    // The old link is no longer known.
    const old = await pairWith(app, tokenOf(screens.screens[1].path));
    assert.is(old.statusCode, 401);
    assert.is(old.json().error.code, 'invalid_demo_link');
  } finally {
    await app.close();
  }
});

T('after the demo’s first hour the links are refused with a clear error, and the tablet lists none', async () => {
  const app = await buildTestApp({ config: { demo: true } });
  try {
    const screens = await openDemoScreens(app, Date.now() - DEMO_LINK_MS - 1000);
    const r = await pairWith(app, tokenOf(screens.screens[0].path));
    assert.is(r.statusCode, 410);
    assert.is(r.json().error.code, 'demo_link_expired');
    assert.match(r.json().error.message, 'first hour');
    assert.is(r.cookies.length, 0);
    const listed = (await app.inject({ method: 'GET', url: '/api/kiosks/demo-links' })).json();
    assert.equal(listed.links, []);
  } finally {
    await app.close();
  }
});

T('outside demo mode: no links, and a demo token pairs nothing', async () => {
  const app = await buildTestApp({ config: { demo: false } });
  try {
    const screens = await openDemoScreens(app);
    const r = await pairWith(app, tokenOf(screens.screens[0].path));
    assert.is(r.statusCode, 403);
    assert.is(r.json().error.code, 'demo_only');
    assert.is(r.cookies.length, 0);
    assert.equal((await app.inject({ method: 'GET', url: '/api/kiosks/demo-links' })).json(), { demo: false, validUntil: null, links: [] });
    // Only the admin sees the links; a bad token is a validation error.
    assert.is((await app.inject({ method: 'GET', url: '/api/kiosks/demo-links', headers: { cookie: '' } })).statusCode, 401);
    assert.is((await pairWith(app, 'short')).statusCode, 400);
  } finally {
    await app.close();
  }
});

T.run();
