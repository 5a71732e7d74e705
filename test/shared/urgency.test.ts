import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DateTime } from 'luxon';
import { defaultSettings } from '../../shared/defaults.js';
import { compareByUrgency, daysUntil, dueUrgency, msUntilNextMidnight, todayIn } from '../../shared/urgency.js';

const s = { ...defaultSettings, dueSoonDays: 3, timezone: 'Europe/Paris' };
const at = (iso: string) => DateTime.fromISO(iso, { setZone: true }).toMillis();
const active = (dueDate: string | null) => ({ dueDate, stepId: 'decoupage' });

test('no due date → none', () => {
  assert.is(dueUrgency(active(null), s, at('2026-03-10T12:00:00+01:00')), 'none');
});

test('thresholds: d > n ok, 0 < d ≤ n soon, d ≤ 0 urgent', () => {
  const now = at('2026-03-10T12:00:00+01:00');
  assert.is(dueUrgency(active('2026-03-14'), s, now), 'ok'); // d = 4
  assert.is(dueUrgency(active('2026-03-13'), s, now), 'soon'); // d = 3
  assert.is(dueUrgency(active('2026-03-11'), s, now), 'soon'); // d = 1
  assert.is(dueUrgency(active('2026-03-10'), s, now), 'urgent'); // d = 0
  assert.is(dueUrgency(active('2026-03-01'), s, now), 'urgent'); // overdue
});

test('dueSoonDays 0: tomorrow is ok, today urgent', () => {
  const now = at('2026-03-10T08:00:00+01:00');
  const s0 = { ...s, dueSoonDays: 0 };
  assert.is(dueUrgency(active('2026-03-11'), s0, now), 'ok');
  assert.is(dueUrgency(active('2026-03-10'), s0, now), 'urgent');
});

test('orders at or after the final step have no colour', () => {
  const now = at('2026-03-10T12:00:00+01:00');
  assert.is(dueUrgency({ dueDate: '2026-03-01', stepId: 'terminee' }, s, now), 'none');
  assert.is(dueUrgency({ dueDate: '2026-03-01', stepId: 'annulee' }, s, now), 'none');
  assert.is(dueUrgency({ dueDate: '2026-03-01', stepId: 'livraison' }, s, now), 'urgent');
});

test('midnight is counted in the workshop timezone, not UTC', () => {
  // 23:30 UTC on March 9th is already March 10th, 00:30 in Paris.
  const now = at('2026-03-09T23:30:00Z');
  assert.is(todayIn('Europe/Paris', now), '2026-03-10');
  assert.is(daysUntil('2026-03-10', 'Europe/Paris', now), 0);
  assert.is(dueUrgency(active('2026-03-10'), s, now), 'urgent');
  // The same instant in New York is still March 9th, 18:30.
  assert.is(daysUntil('2026-03-10', 'America/New_York', now), 1);
  // One minute before and after Paris midnight.
  assert.is(daysUntil('2026-03-11', 'Europe/Paris', at('2026-03-10T23:59:00+01:00')), 1);
  assert.is(daysUntil('2026-03-11', 'Europe/Paris', at('2026-03-11T00:00:00+01:00')), 0);
});

test('remembered days follow the clock and the zone, backwards too; unreadable dates stay null', () => {
  // The same due date asked again across midnight, in another zone, then back in time.
  assert.is(daysUntil('2026-06-20', 'Europe/Paris', at('2026-06-18T23:59:00+02:00')), 2);
  assert.is(daysUntil('2026-06-20', 'Europe/Paris', at('2026-06-19T00:01:00+02:00')), 1);
  assert.is(daysUntil('2026-06-20', 'Asia/Tokyo', at('2026-06-19T00:01:00+02:00')), 1);
  assert.is(daysUntil('2026-06-20', 'America/Los_Angeles', at('2026-06-19T00:01:00+02:00')), 2);
  assert.is(daysUntil('2026-06-20', 'Europe/Paris', at('2026-06-10T12:00:00+02:00')), 10);
  assert.is(daysUntil('2026-06-20', 'Europe/Paris', at('2026-06-19T12:00:00+02:00')), 1);
  assert.is(daysUntil('2026-02-31', 'Europe/Paris', at('2026-02-01T12:00:00+01:00')), null);
  assert.is(daysUntil('2026-02-31', 'Europe/Paris', at('2026-02-01T12:00:00+01:00')), null);
  assert.is(daysUntil('2026-06-20', 'Mars/Olympus', at('2026-06-19T12:00:00+02:00')), null);
});

test('DST changes do not shift the day count (23 h and 25 h days)', () => {
  // Spring forward in Paris: 2026-03-29 has 23 hours.
  assert.is(daysUntil('2026-03-30', 'Europe/Paris', at('2026-03-28T12:00:00+01:00')), 2);
  assert.is(daysUntil('2026-03-29', 'Europe/Paris', at('2026-03-28T23:30:00+01:00')), 1);
  assert.is(daysUntil('2026-03-30', 'Europe/Paris', at('2026-03-29T00:30:00+01:00')), 1);
  assert.is(daysUntil('2026-03-30', 'Europe/Paris', at('2026-03-29T23:30:00+02:00')), 1);
  // Fall back: 2026-10-25 has 25 hours.
  assert.is(daysUntil('2026-10-26', 'Europe/Paris', at('2026-10-25T00:30:00+02:00')), 1);
  assert.is(daysUntil('2026-10-26', 'Europe/Paris', at('2026-10-25T23:30:00+01:00')), 1);
  assert.is(daysUntil('2026-10-27', 'Europe/Paris', at('2026-10-25T12:00:00+01:00')), 2);
  assert.is(dueUrgency(active('2026-10-28'), s, at('2026-10-25T23:59:00+01:00')), 'soon');
  assert.is(dueUrgency(active('2026-10-29'), s, at('2026-10-25T23:59:00+01:00')), 'ok');
});

test('time until midnight accounts for DST', () => {
  assert.is(msUntilNextMidnight('Europe/Paris', at('2026-03-28T23:00:00+01:00')), 3_600_000);
  // 01:00 on the spring-forward day: midnight is 22 wall hours away but 22 real hours too (02:00 is skipped).
  assert.is(msUntilNextMidnight('Europe/Paris', at('2026-03-29T01:00:00+01:00')), 22 * 3_600_000);
});

test('an unreadable date gives no colour rather than a wrong one', () => {
  assert.is(dueUrgency(active('2026-02-31'), s, at('2026-03-10T12:00:00+01:00')), 'none');
});

test('ranking: urgent, soon, ok, none; then due date; then number', () => {
  const list = [
    { urgency: 'none' as const, dueDate: null, number: 1 },
    { urgency: 'ok' as const, dueDate: '2026-04-01', number: 2 },
    { urgency: 'urgent' as const, dueDate: '2026-03-02', number: 5 },
    { urgency: 'urgent' as const, dueDate: '2026-03-01', number: 9 },
    { urgency: 'soon' as const, dueDate: '2026-03-12', number: 3 },
    { urgency: 'urgent' as const, dueDate: '2026-03-01', number: 4 },
  ].sort(compareByUrgency);
  assert.equal(list.map((o) => o.number), [4, 9, 5, 3, 2, 1]);
});

test.run();
