import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { DateTime } from 'luxon';
import { startHarness, type Harness } from '../harness.js';

/**
 * The wall keeps its screen lit during the workshop's working hours only: outside them it lets go
 * of the wake lock and says so; when the hours change live to include now, it takes it again.
 */
const W = suite<{ h: Harness }>('screens: wake lock on working hours');

W.before(async (ctx) => {
  ctx.h = await startHarness();
});
W.after(async (ctx) => ctx.h?.close());

const setHours = async (h: Harness, workingHours: unknown) => {
  const { body: current } = await h.api('GET', '/api/settings');
  const { seq, ...settings } = current;
  void seq;
  const r = await h.api('PUT', '/api/settings', { ...settings, workingHours });
  assert.is(r.status, 200, JSON.stringify(r.body));
};

W('outside working hours the wall releases the lock and says why; inside, it holds it', async ({ h }) => {
  const now = DateTime.now().setZone('Europe/Paris');
  // A one-hour shift twelve hours away: certainly not now.
  const away = now.plus({ hours: 12 });
  await setHours(h, { days: [away.weekday], start: away.toFormat('HH:00'), end: away.plus({ hours: 1 }).toFormat('HH:00') });
  const page = await h.page('/wall', { width: 1280, height: 800 });
  // Count the locks the page takes and lets go of, as the browser sees them.
  await page.evaluate(() => {
    const w = window as any;
    w.__locks = { requested: 0, released: 0 };
    const original = navigator.wakeLock?.request.bind(navigator.wakeLock);
    if (!original) return;
    navigator.wakeLock.request = async (type: WakeLockType) => {
      w.__locks.requested++;
      const sentinel = await original(type);
      sentinel.addEventListener('release', () => w.__locks.released++);
      return sentinel;
    };
  });
  const note = () => page.evaluate(() => (window as any).__deepAll('[data-resting]')[0]?.textContent?.trim() ?? null);
  await page.waitForFunction(() => (window as any).__deepAll('[data-resting]').length > 0, { timeout: 10_000 });
  assert.match(String(await note()), /Hors des horaires de travail/);

  // The supervisor widens the hours to the whole week: the new settings reach the wall live, and it takes the lock.
  await setHours(h, { days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '23:59' });
  await page.waitForFunction(() => (window as any).__deepAll('[data-resting]').length === 0, { timeout: 10_000 });
  const held = await page.evaluate(() => {
    const wall = (window as any).__deepAll('wall-view')[0];
    return { held: wall.wakeLock.held as boolean, locks: (window as any).__locks };
  });
  // Headless Chromium grants the lock to a visible secure page; where it refuses, at least it was asked.
  assert.ok(held.locks.requested >= 1, JSON.stringify(held));

  // And back outside: the lock is let go.
  await setHours(h, { days: [away.weekday], start: away.toFormat('HH:00'), end: away.plus({ hours: 1 }).toFormat('HH:00') });
  await page.waitForFunction(
    () => {
      const wall = (window as any).__deepAll('wall-view')[0];
      return (window as any).__deepAll('[data-resting]').length > 0 && !wall.wakeLock.held;
    },
    { timeout: 10_000, polling: 300 },
  );
  if (held.held) assert.ok((await page.evaluate(() => (window as any).__locks.released)) >= 1);
});

W.run();
