import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ALL_SEEN_MS, fitting, planPages } from '../../../kiosk/src/wall/wall-pages.js';

const lastShownAt = (p: { pages: number; intervalMs: number }) => (p.pages - 1) * p.intervalMs;

test('what fits on one page is shown as cards, without turning', () => {
  assert.equal(planPages(9, 9, 20), { compact: false, perPage: 9, pages: 1, intervalMs: 8000 });
  assert.equal(planPages(0, 9, 20).pages, 1);
});

test('a few pages of cards turn every 8 s when all are seen within 30 s', () => {
  const p = planPages(30, 9, 20);
  assert.equal(p, { compact: false, perPage: 9, pages: 4, intervalMs: 8000 });
  assert.ok(lastShownAt(p) < ALL_SEEN_MS);
});

test('40 orders in one step on 1080p (9 cards or 20 rows fit): compact rows, every order seen within 30 s', () => {
  const p = planPages(40, 9, 20);
  assert.is(p.compact, true);
  assert.is(p.pages, 2);
  assert.ok(lastShownAt(p) < ALL_SEEN_MS);
  assert.ok(p.pages * p.perPage >= 40);
});

test('very many orders: rows turn faster, never under 4 s a page', () => {
  const p = planPages(200, 9, 20);
  assert.is(p.compact, true);
  assert.is(p.pages, 10);
  assert.ok(p.intervalMs >= 4000 && p.intervalMs < 8000);
  const q = planPages(1000, 9, 20);
  assert.is(q.intervalMs, 4000);
});

test('fitting counts whole items with the gaps between them', () => {
  assert.is(fitting(1000, 100, 10), 9);
  assert.is(fitting(1090, 100, 10), 10);
  assert.is(fitting(50, 100, 10), 1);
  assert.is(fitting(500, 0, 10), 1);
});

test.run();
