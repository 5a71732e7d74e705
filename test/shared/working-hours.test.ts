import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DateTime } from 'luxon';
import { isWorkingTime, workingHoursProblem } from '../../shared/working-hours.js';

const zone = 'Europe/Paris';
const at = (iso: string) => DateTime.fromISO(iso, { zone }).toMillis();
const weekdays = { days: [1, 2, 3, 4, 5], start: '07:30', end: '18:00' };

test('no hours set: always working (a wall stays lit as before)', () => {
  assert.ok(isWorkingTime(null, at('2026-12-06T03:00'), zone));
  assert.ok(isWorkingTime(undefined, at('2026-12-06T03:00'), zone));
});

test('day shift: start included, end excluded, weekend off, in the workshop timezone', () => {
  assert.not.ok(isWorkingTime(weekdays, at('2026-12-01T07:29'), zone)); // Tuesday
  assert.ok(isWorkingTime(weekdays, at('2026-12-01T07:30'), zone));
  assert.ok(isWorkingTime(weekdays, at('2026-12-01T17:59'), zone));
  assert.not.ok(isWorkingTime(weekdays, at('2026-12-01T18:00'), zone));
  assert.not.ok(isWorkingTime(weekdays, at('2026-12-05T10:00'), zone)); // Saturday
  // 06:45 UTC is 07:45 in Paris in winter: working, though 06:45 in UTC would not be.
  assert.ok(isWorkingTime(weekdays, DateTime.fromISO('2026-12-01T06:45Z').toMillis(), zone));
  assert.not.ok(isWorkingTime(weekdays, DateTime.fromISO('2026-12-01T06:45Z').toMillis(), 'UTC'));
});

test('across a DST change the local hours hold (Paris, 29 March 2026)', () => {
  const sunday = { days: [7], start: '01:00', end: '04:00' };
  assert.ok(isWorkingTime(sunday, at('2026-03-29T01:30'), zone));
  assert.ok(isWorkingTime(sunday, at('2026-03-29T03:30'), zone)); // 02:00–03:00 does not exist that night
  assert.not.ok(isWorkingTime(sunday, at('2026-03-29T04:00'), zone));
});

test('night shift: the morning part belongs to the day the shift began', () => {
  const nights = { days: [1, 2, 3, 4], start: '22:00', end: '06:00' }; // Monday to Thursday nights
  assert.ok(isWorkingTime(nights, at('2026-11-30T23:00'), zone)); // Monday night
  assert.ok(isWorkingTime(nights, at('2026-12-01T05:59'), zone)); // Tuesday morning, Monday's shift
  assert.not.ok(isWorkingTime(nights, at('2026-12-01T06:00'), zone));
  assert.not.ok(isWorkingTime(nights, at('2026-11-30T05:00'), zone)); // Monday morning: Sunday had no shift
  assert.ok(isWorkingTime(nights, at('2026-12-04T05:00'), zone)); // Friday morning, Thursday's shift
  assert.not.ok(isWorkingTime(nights, at('2026-12-04T22:30'), zone)); // Friday night: none
});

test('problems the schema cannot see', () => {
  assert.is(workingHoursProblem(weekdays), null);
  assert.ok(workingHoursProblem({ days: [], start: '07:00', end: '08:00' }));
  assert.ok(workingHoursProblem({ days: [1, 1], start: '07:00', end: '08:00' }));
  assert.ok(workingHoursProblem({ days: [1], start: '07:00', end: '07:00' }));
});

test.run();
