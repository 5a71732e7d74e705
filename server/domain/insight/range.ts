import { DateTime } from 'luxon';
import { badRequest } from '../../errors.js';

/** Longest range a statistics query reads: a year, leap day included (≤ 366 daily documents). */
export const MAX_DAYS = 366;

const parseDay = (raw: string | undefined, name: string, zone: string): DateTime => {
  const d = raw && /^\d{4}-\d{2}-\d{2}$/.test(raw) ? DateTime.fromISO(raw, { zone }) : null;
  if (!d?.isValid) throw badRequest('invalid_range', `"${name}" must be a date YYYY-MM-DD (got "${raw ?? ''}")`);
  return d;
};

/** The days from `from` to `to` (both included), YYYY-MM-DD, or 400 invalid_range. */
export function daysOfRange(from: string | undefined, to: string | undefined, zone: string): string[] {
  const a = parseDay(from, 'from', zone);
  const b = parseDay(to, 'to', zone);
  if (a > b) throw badRequest('invalid_range', `"from" (${from}) is after "to" (${to})`);
  const days: string[] = [];
  for (let d = a; d <= b; d = d.plus({ days: 1 })) {
    if (days.length === MAX_DAYS) throw badRequest('invalid_range', `A range covers at most ${MAX_DAYS} days`);
    days.push(d.toISODate()!);
  }
  return days;
}

/** The last `n` days up to `today` included, oldest first. */
export function lastDays(today: string, n: number): string[] {
  const end = DateTime.fromISO(today, { zone: 'UTC' });
  return Array.from({ length: n }, (_, k) => end.minus({ days: n - 1 - k }).toISODate()!);
}

/** The Monday of a day's ISO week. */
export const weekOf = (day: string) => DateTime.fromISO(day, { zone: 'UTC' }).startOf('week').toISODate()!;
