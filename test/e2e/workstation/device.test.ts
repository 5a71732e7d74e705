import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { HTTPRequest, Page } from 'puppeteer-core';
import { clickInCard, deepText, makeMachines, shot, sleep, startHarness, waitForCard, waitForDeepText, type Harness } from '../harness.js';
import { kioskPage, closePage, inside, tap, dialogOpen, waitDialog, pinError, typePin, chipText, waitLive, pendingCount, cardNumbers, serverOrder, installedForOffline } from './kiosk-device.js';

/**
 * The workstation as a paired device: its scope comes from the server (and its memory when the
 * server is away), its operators sign Previous/Next with a PIN, it stays usable at 200 % zoom,
 * its history tells where each message is, and a start loads the order list once.
 */
type Ctx = {
  h: Harness;
  m1: string;
  m2: string;
  marie: string;
  paul: string;
  orders: Record<string, { id: string; number: number }>;
};
const K = suite<Ctx>('kiosk device');

const MARIE_PIN = '2468';
const PAUL_PIN = '135790';

K.before(async (ctx) => {
  const h = await startHarness();
  ctx.h = h;
  [ctx.m1, ctx.m2] = await makeMachines(h, 'Scie', 'Presse');
  const person = async (name: string, pin: string) => {
    const u = await h.api('POST', '/api/users', { name, role: 'operator' });
    assert.is(u.status, 201, JSON.stringify(u.body));
    const p = await h.api('PUT', `/api/auth/users/${u.body.id}/pin`, { pin });
    assert.is(p.status, 204, JSON.stringify(p.body));
    return u.body.id as string;
  };
  ctx.marie = await person('Marie Curie', MARIE_PIN);
  ctx.paul = await person('Paul Langevin', PAUL_PIN);
  ctx.orders = {};
  const make = async (key: string, company: string, machineId: string, email?: string) => {
    const r = await h.api('POST', '/api/orders', {
      contact: { name: 'LEUZE Lara', company, ...(email ? { email } : {}) },
      machineId,
      dueDate: null,
    });
    assert.is(r.status, 201, JSON.stringify(r.body));
    ctx.orders[key] = r.body;
  };
  await make('saw1', 'SOFAR', ctx.m1);
  await make('saw2', 'ANTIKOR', ctx.m1);
  await make('mail', 'MESSAGERIE SA', ctx.m1, 'lara@example.com');
  await make('press1', 'PRESSE & FILS', ctx.m2);
  await make('press2', 'BÂTI-OUEST', ctx.m2);
  await make('press3', 'ATELIERS RÉUNIS', ctx.m2);
});

K.after(async (ctx) => ctx.h?.close());

K('a paired kiosk opened at /kiosk shows its own machine, names itself, ignores an address asking for another machine, and restarts offline with its scope', async ({ h, m1, m2, orders }) => {
  const refused: string[] = [];
  const { page } = await kioskPage(h, { name: 'Poste scie', scope: { machineId: m1 } }, {
    beforeOpen: async (p) => {
      p.on('response', (r) => {
        if (r.status() === 403) refused.push(r.url());
      });
    },
  });
  await waitForCard(page, orders['saw1'].number);
  await waitForCard(page, orders['saw2'].number);
  assert.not.ok((await cardNumbers(page)).includes(orders['press1'].number), 'no order of the press');
  const scope = (await deepText(page, 'workstation-view')).join(' ') + (await deepText(page, '.scope')).join(' ');
  assert.match(scope, 'Poste scie');
  assert.match(scope, 'Machine : Scie');
  // The machine is the kiosk's: the filter bar does not offer another one.
  assert.is(await inside(page, 'filter-bar', 'select[name="machine"]'), null);
  await waitLive(page, 'live');

  // The address asks for the press: the device still shows the saw, without any refusal to show.
  await page.goto(`${h.base}/kiosk?machine=${m2}`, { waitUntil: 'domcontentloaded' });
  await waitForCard(page, orders['saw1'].number);
  await waitLive(page, 'live');
  assert.not.ok((await cardNumbers(page)).includes(orders['press1'].number), 'the address does not widen the scope');
  assert.equal(refused, [], 'nothing was refused: the screen asked only for its own scope');
  assert.is((await deepText(page, '.alert')).length, 0);

  // The server's answer is remembered on the device…
  const remembered = await page.evaluate(
    () =>
      new Promise<any>((resolve, reject) => {
        const req = indexedDB.open('jalon');
        req.onsuccess = () => {
          const get = req.result.transaction('kv').objectStore('kv').get('me');
          get.onsuccess = () => resolve(get.result);
          get.onerror = () => reject(get.error ?? new Error('IndexedDB request failed'));
        };
        req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
      }),
  );
  assert.is(remembered?.kind, 'kiosk');
  assert.equal(remembered?.scope, { machineId: m1 });

  // …so a restart with the server away still opens the saw's orders, by name.
  await installedForOffline(page);
  await h.proxy.cut();
  try {
    await page.goto(`${h.base}/kiosk`, { waitUntil: 'domcontentloaded' });
    await waitForCard(page, orders['saw1'].number);
    await waitForCard(page, orders['saw2'].number);
    assert.match((await deepText(page, '.scope')).join(' '), 'Poste scie');
    // The remembered cards are painted before the network is tried: the banner follows.
    assert.match((await waitForDeepText(page, '.banner', 'Hors ligne')).join(' '), 'Hors ligne');
    await shot(page, 'kiosk-device-offline-restart');
  } finally {
    await h.proxy.restore();
  }
  await closePage(page);
});

K('a wall screen opening /kiosk is sent to the overview', async ({ h }) => {
  const { page } = await kioskPage(h, { name: 'Mur', scope: { wall: true } });
  await page.waitForFunction(() => location.pathname === '/wall' && (window as any).__deepAll('wall-view').length === 1, { timeout: 5000 });
  assert.is((await page.evaluate(() => (window as any).__deepAll('workstation-view').length)) as number, 0);
  await closePage(page);
});

K('a start loads the order list once: from the socket, or over REST when the socket cannot connect', async ({ h, m1, orders }) => {
  const lists = (p: Page, into: string[]) =>
    p.on('request', (r: HTTPRequest) => {
      const u = new URL(r.url());
      if (u.pathname === '/api/orders' && r.method() === 'GET') into.push(u.search);
    });
  const viaSocket: string[] = [];
  const a = await kioskPage(h, { name: 'Scie socket', scope: { machineId: m1 } }, {
    beforeOpen: async (p) => {
      lists(p, viaSocket);
    },
  });
  await waitForCard(a.page, orders['saw1'].number);
  await waitLive(a.page, 'live');
  assert.equal(viaSocket, [], 'the socket’s snapshot is the only list load');
  await closePage(a.page);

  // No WebSocket at all (a proxy that does not pass them): the list comes over REST, once.
  const viaRest: string[] = [];
  const b = await kioskPage(h, { name: 'Scie sans socket', scope: { machineId: m1 } }, {
    beforeOpen: async (p) => {
      lists(p, viaRest);
      // Fails like a refused upgrade: an error, then a close, a moment after being opened.
      await p.evaluateOnNewDocument(() => {
        (window as any).WebSocket = class {
          readyState = 0;
          onerror: ((e: Event) => void) | null = null;
          onclose: ((e: { code: number; reason: string }) => void) | null = null;
          constructor() {
            setTimeout(() => {
              this.readyState = 3;
              this.onerror?.(new Event('error'));
              this.onclose?.({ code: 1006, reason: '' });
            }, 10);
          }
          send(): void {}
          close(): void {}
        };
      });
    },
  });
  await waitForCard(b.page, orders['saw1'].number);
  await waitLive(b.page, 'offline');
  assert.is(viaRest.length, 1, `one REST list load (${JSON.stringify(viaRest)})`);
  assert.match(viaRest[0], `machine=${m1}`);
  await closePage(b.page);
});

K('a kiosk that asks a PIN: wrong PIN refused in a sentence, right PIN signs Next, reused for the next action, history names the person', async ({ h, m2, marie, orders }) => {
  const o = orders['press1'];
  const { page } = await kioskPage(h, { name: 'Poste presse', scope: { machineId: m2 }, requirePin: true, pinMinutes: 5 });
  await waitForCard(page, o.number, 'en-attente');
  await waitLive(page, 'live');
  assert.match(await chipText(page), 'PIN demandé');

  await clickInCard(page, o.number, 'next');
  await waitDialog(page, 'pin-dialog');
  // Who first (a machine's kiosk is shared), then the keypad.
  await tap(page, 'pin-dialog', `.people button[data-id="${marie}"]`);
  await page.waitForFunction(() => (window as any).__deepAll('pin-dialog')[0].shadowRoot.querySelector('.keys'), { timeout: 3000 });
  const keys = await page.evaluate(() =>
    [...(window as any).__deepAll('pin-dialog')[0].shadowRoot.querySelectorAll('.keys button')].map((b: HTMLElement) => {
      const r = b.getBoundingClientRect();
      return { text: b.textContent?.trim(), w: r.width, h: r.height };
    }),
  );
  assert.is(keys.length, 12, 'ten digits, erase, OK');
  for (const k of keys) assert.ok(k.h >= 64 && k.w >= 64, `key ${k.text} is ${k.w}×${k.h}`);
  // OK waits for four digits.
  await tap(page, 'pin-dialog', 'button.digit[data-digit="1"]');
  assert.ok(await page.evaluate(() => (window as any).__deepAll('pin-dialog')[0].shadowRoot.querySelector('button.ok').disabled as boolean));
  await tap(page, 'pin-dialog', 'button.erase');

  await typePin(page, '9999');
  await page.waitForFunction(
    () => /PIN incorrect/.test((window as any).__deepAll('pin-dialog')[0].shadowRoot.querySelector('.error')?.textContent ?? ''),
    { timeout: 5000 },
  );
  assert.ok(await dialogOpen(page, 'pin-dialog'), 'the keypad stays for another try');
  assert.is((await serverOrder(h, o.id)).stepId, 'en-attente', 'nothing moved on a wrong PIN');
  await shot(page, 'kiosk-pin-wrong');

  await typePin(page, MARIE_PIN);
  await waitDialog(page, 'pin-dialog', false);
  await waitForCard(page, o.number, 'prise-en-charge');
  await page.waitForFunction(() => (window as any).__deepAll('article .pending').length === 0, { timeout: 5000 });
  let s = await serverOrder(h, o.id);
  assert.is(s.stepId, 'prise-en-charge');
  assert.is(s.history.at(-1)!.actor, 'Marie Curie');
  assert.is(s.history.at(-1)!.actorId, marie);
  assert.match(await chipText(page), 'Opérateur : Marie Curie');

  // Within the kiosk's minutes, the next action does not ask again.
  await clickInCard(page, o.number, 'next');
  await waitForCard(page, o.number, 'decoupage');
  assert.not.ok(await dialogOpen(page, 'pin-dialog'));
  await page.waitForFunction(() => (window as any).__deepAll('article .pending').length === 0, { timeout: 5000 });
  s = await serverOrder(h, o.id);
  assert.is(s.stepId, 'decoupage');
  assert.is(s.history.at(-1)!.actor, 'Marie Curie');

  // The history [suivi] says who.
  await clickInCard(page, o.number, 'tool');
  await page.waitForFunction(
    () => /par Marie Curie/.test((window as any).__deepAll('history-dialog')[0]?.shadowRoot?.querySelector('ol')?.textContent ?? ''),
    { timeout: 5000 },
  );
  await tap(page, 'history-dialog', 'button.close');

  // Offline with Marie's turn still running: the action is queued and reaches the server in her name.
  const o2 = orders['press2'];
  await h.proxy.cut();
  await waitLive(page, 'offline');
  await clickInCard(page, o2.number, 'next');
  await waitForCard(page, o2.number, 'prise-en-charge');
  assert.not.ok(await dialogOpen(page, 'pin-dialog'));
  assert.is(await pendingCount(page), 1);
  await h.proxy.restore();
  await page.waitForFunction(
    () => Number((window as any).__deepAll('connection-badge')[0]?.shadowRoot?.querySelector('[data-pending]')?.dataset.pending ?? 0) === 0,
    { timeout: 25_000, polling: 200 },
  );
  s = await serverOrder(h, o2.id);
  assert.is(s.stepId, 'prise-en-charge');
  assert.is(s.history.at(-1)!.actor, 'Marie Curie');

  // Marie hands over; nobody types a PIN; offline, an action cannot be signed: refused in a sentence, nothing queued.
  await waitLive(page, 'live', 15_000);
  await tap(page, 'operator-chip', 'button.change-operator');
  await waitDialog(page, 'pin-dialog');
  await tap(page, 'pin-dialog', 'button.cancel');
  await waitDialog(page, 'pin-dialog', false);
  assert.match(await chipText(page), 'PIN demandé');
  const o3 = orders['press3'];
  await h.proxy.cut();
  try {
    await waitLive(page, 'offline');
    await clickInCard(page, o3.number, 'next');
    await page.waitForFunction(() => /le PIN ne peut pas être vérifié/.test((window as any).__deepAll('.alert')[0]?.textContent ?? ''), {
      timeout: 5000,
    });
    assert.not.ok(await dialogOpen(page, 'pin-dialog'));
    assert.is(await pendingCount(page), 0, 'nothing queued without a PIN');
    await waitForCard(page, o3.number, 'en-attente');
    await shot(page, 'kiosk-pin-offline');
  } finally {
    await h.proxy.restore();
  }
  assert.is((await serverOrder(h, o3.id)).stepId, 'en-attente');
  await closePage(page);
});

K('too many wrong PINs: the server’s limit is said as “trop d’essais, attendez…” (keypad at 200 % zoom)', async ({ h, m2, paul, orders }) => {
  const o = orders['press3'];
  const { page } = await kioskPage(h, { name: 'Poste presse 2', scope: { machineId: m2 }, requirePin: true }, { viewport: { width: 640, height: 400, deviceScaleFactor: 2 } });
  await waitForCard(page, o.number);
  await waitLive(page, 'live');
  await clickInCard(page, o.number, 'next');
  await waitDialog(page, 'pin-dialog');
  await tap(page, 'pin-dialog', `.people button[data-id="${paul}"]`);
  // Zoomed, the keypad keeps 64 px keys and every one of them is on the screen.
  const keys = await page.evaluate(() =>
    [...(window as any).__deepAll('pin-dialog')[0].shadowRoot.querySelectorAll('.keys button, .buttons button')].map((b: HTMLElement) => {
      const r = b.getBoundingClientRect();
      return { text: b.textContent?.trim(), w: r.width, h: r.height, bottom: r.bottom, right: r.right };
    }),
  );
  for (const k of keys) {
    assert.ok(k.h >= 48 && k.w >= 48, `button ${k.text} is ${k.w}×${k.h}`);
    assert.ok(k.bottom <= 400 && k.right <= 640, `button ${k.text} is on the screen (${k.right}, ${k.bottom})`);
  }
  for (const k of keys.slice(0, 12)) assert.ok(k.h >= 64 && k.w >= 64, `key ${k.text} is ${k.w}×${k.h}`);
  await shot(page, 'kiosk-pin-zoom-200');
  for (let i = 0; i < 5; i++) {
    await typePin(page, '0000');
    await page.waitForFunction(() => /PIN incorrect/.test((window as any).__deepAll('pin-dialog')[0].shadowRoot.querySelector('.error')?.textContent ?? ''), {
      timeout: 5000,
    });
  }
  // Right or wrong, the next attempt is refused until the window ends.
  await typePin(page, PAUL_PIN);
  await page.waitForFunction(() => /Trop d’essais, attendez \d+\ss/.test((window as any).__deepAll('pin-dialog')[0].shadowRoot.querySelector('.error')?.textContent ?? ''), {
    timeout: 5000,
  });
  assert.match(await pinError(page), 'Trop d’essais');
  await shot(page, 'kiosk-pin-too-many');
  await tap(page, 'pin-dialog', 'button.cancel');
  assert.is((await serverOrder(h, o.id)).stepId, 'en-attente');
  await closePage(page);
});

K('a kiosk that starts asking PINs while open: the refused action is explained on its card, the next one asks the PIN', async ({ h, m2, marie, orders }) => {
  const o = orders['press3'];
  const { page, kioskId } = await kioskPage(h, { name: 'Poste presse 3', scope: { machineId: m2 } });
  await waitForCard(page, o.number, 'en-attente');
  await waitLive(page, 'live');
  const changed = await h.api('PUT', `/api/kiosks/${kioskId}`, { name: 'Poste presse 3', requirePin: true, pinMinutes: 2 });
  assert.is(changed.status, 200, JSON.stringify(changed.body));

  await clickInCard(page, o.number, 'next');
  await page.waitForFunction(
    (n: number) => /demande le PIN/.test((window as any).__deepAll(`article[data-order="${n}"] .notice p`)[0]?.textContent ?? ''),
    { timeout: 5000 },
    o.number,
  );
  await waitForCard(page, o.number, 'en-attente');
  assert.is((await serverOrder(h, o.id)).stepId, 'en-attente');

  await clickInCard(page, o.number, 'next');
  await waitDialog(page, 'pin-dialog');
  await tap(page, 'pin-dialog', `.people button[data-id="${marie}"]`);
  await typePin(page, MARIE_PIN);
  await waitDialog(page, 'pin-dialog', false);
  await waitForCard(page, o.number, 'prise-en-charge');
  await page.waitForFunction(() => (window as any).__deepAll('article .pending').length === 0, { timeout: 5000 });
  const s = await serverOrder(h, o.id);
  assert.is(s.stepId, 'prise-en-charge');
  assert.is(s.history.at(-1)!.actor, 'Marie Curie');
  await closePage(page);
});

K('at 200 % zoom the filters fold behind one button, cards stay in sight, every control is at least 48 px', async ({ h, m1, orders }) => {
  // 1280×800 at 200 %: a 640×400 CSS viewport drawn with two device pixels per CSS pixel.
  const { page } = await kioskPage(h, { name: 'Poste scie zoom', scope: { machineId: m1 } }, { viewport: { width: 640, height: 400, deviceScaleFactor: 2 } });
  await waitForCard(page, orders['saw1'].number);
  const layout = () =>
    page.evaluate(() => {
      const d = (window as any).__deepAll;
      const form = d('filter-bar')[0].shadowRoot.querySelector('form');
      const toggle = d('filter-bar')[0].shadowRoot.querySelector('button.toggle');
      const firstCard = d('article[data-order]')[0].getBoundingClientRect();
      const small = [...d('button, select, input, a[href]')]
        .filter((el: HTMLElement) => el.getClientRects().length > 0 && !el.closest('dialog:not([open])'))
        .map((el: HTMLElement) => {
          const r = el.getBoundingClientRect();
          // A checkbox counts by its label, which is the touch target.
          const target = (el as HTMLInputElement).type === 'checkbox' ? (el.closest('label') ?? el).getBoundingClientRect() : r;
          return { what: `${el.tagName} ${el.className} ${el.textContent?.trim().slice(0, 20)}`, w: target.width, h: target.height };
        })
        .filter((x: { w: number; h: number }) => x.w < 48 || x.h < 48);
      return {
        formShown: getComputedStyle(form).display !== 'none',
        toggle: toggle ? { shown: getComputedStyle(toggle).display !== 'none', h: toggle.getBoundingClientRect().height, expanded: toggle.getAttribute('aria-expanded') } : null,
        cardTop: firstCard.top,
        cardBottom: firstCard.bottom,
        innerHeight,
        small,
      };
    });
  let l = await layout();
  assert.not.ok(l.formShown, 'the filters are folded');
  assert.ok(l.toggle?.shown, 'the "Filtres" button is there');
  assert.ok(l.toggle.h >= 48, `toggle ${l.toggle.h}px`);
  assert.ok(l.cardTop < l.innerHeight / 2, `the first card starts in the upper half of the screen (top ${l.cardTop}px of ${l.innerHeight})`);
  assert.equal(l.small, [], 'every control is at least 48 px');
  const next = await page.evaluate(() => (window as any).__deepAll('button.next')[0].getBoundingClientRect().height);
  assert.ok(next >= 64, `Next is ${next}px high`);
  await shot(page, 'kiosk-zoom-200');

  await tap(page, 'filter-bar', 'button.toggle');
  l = await layout();
  assert.ok(l.formShown, 'the filters unfold');
  assert.is(l.toggle!.expanded, 'true');
  assert.equal(l.small, [], 'every control is at least 48 px, filters open');
  await shot(page, 'kiosk-zoom-200-filters');
  await closePage(page);

  // The same kiosk at 100 %: filters shown, no button.
  const wide = await kioskPage(h, { name: 'Poste scie 100', scope: { machineId: m1 } }, { viewport: { width: 1280, height: 800 } });
  await waitForCard(wide.page, orders['saw1'].number);
  const shown = await wide.page.evaluate(() => {
    const root = (window as any).__deepAll('filter-bar')[0].shadowRoot;
    return [getComputedStyle(root.querySelector('form')).display !== 'none', getComputedStyle(root.querySelector('button.toggle')).display !== 'none'];
  });
  assert.equal(shown, [true, false]);
  await closePage(wide.page);
});

K('the history shows each message’s real state, in French and English', async ({ h, m1, orders }) => {
  const o = orders['mail'];
  // A real send: the outbox records "queued", then the demo transport writes the file ("written").
  const sent = await h.api('POST', `/api/orders/${o.id}/mail`, { subject: 'Commande prête', body: 'Bonjour' });
  assert.ok(sent.status < 300, JSON.stringify(sent.body));
  for (let i = 0; i < 100; i++) {
    const s = await h.api('GET', `/api/orders/${o.id}`);
    if (s.body.history.some((e: any) => e.kind === 'mail' && e.mail?.state === 'written')) break;
    await sleep(100);
  }
  // The other states, as the outbox worker records them (temporary failure, delivery, permanent failure).
  const record = (state: string, subject: string, reason?: string) =>
    h.app.repos.orders.appendHistory(o.id, {
      at: new Date(),
      actor: 'Atelier',
      kind: 'mail',
      mail: { messageId: `m-${state}`, state, to: 'lara@example.com', subject, ...(reason ? { reason } : {}) },
    });
  await record('retrying', 'Relance', '451 mailbox busy');
  await record('sent', 'Expédiée');
  await record('failed', 'Facture', '550 no such user');

  const { page } = await kioskPage(h, { name: 'Poste scie suivi', scope: { machineId: m1 } });
  await waitForCard(page, o.number);
  const states = async () => {
    await clickInCard(page, o.number, 'tool');
    await page.waitForFunction(() => (window as any).__deepAll('history-dialog')[0]?.shadowRoot?.querySelectorAll('li[data-mail-state]').length >= 5, {
      timeout: 5000,
    });
    const rows = (await page.evaluate(() =>
      [...(window as any).__deepAll('history-dialog')[0].shadowRoot.querySelectorAll('li[data-mail-state]')].map((li: HTMLElement) => [
        li.dataset.mailState,
        li.textContent?.replace(/\s+/g, ' ').trim(),
      ]),
    )) as Array<[string, string]>;
    return Object.fromEntries(rows);
  };
  const fr = await states();
  assert.match(fr['queued'], '« Commande prête » à lara@example.com : en file d’attente');
  assert.match(fr['written'], 'écrit dans un fichier (démo, non envoyé)');
  assert.match(fr['retrying'], 'nouvel essai prévu');
  assert.match(fr['retrying'], 'Raison : 451 mailbox busy');
  assert.match(fr['sent'], '« Expédiée » à lara@example.com : envoyé');
  assert.match(fr['failed'], 'échec');
  assert.match(fr['failed'], '550 no such user');
  for (const text of Object.values(fr)) assert.not.match(text, 'Message envoyé');
  await shot(page, 'kiosk-history-mail');
  await tap(page, 'history-dialog', 'button.close');

  await page.evaluate(() => localStorage.setItem('jalon.locale', 'en'));
  await page.reload({ waitUntil: 'domcontentloaded' });
  await waitForCard(page, o.number);
  const en = await states();
  assert.match(en['queued'], '“Commande prête” to lara@example.com: queued');
  assert.match(en['sent'], 'sent');
  assert.match(en['failed'], 'failed');
  assert.match(en['retrying'], 'will retry');
  await closePage(page);
});

K.run();
