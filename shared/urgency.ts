import { DateTime } from 'luxon';
import type { Urgency } from './schemas/order.js';
import { isActiveStep, type WorkflowShape } from './workflow.js';

/**
 * Urgency of an order (SPEC §2), in calendar days counted in the workshop's
 * timezone: d = dueDate − today. No due date → none; d > dueSoonDays → ok;
 * 0 < d ≤ dueSoonDays → soon; d ≤ 0 → urgent. Orders at or after the final
 * step have no colour. The one function server and kiosk both call.
 */
export function dueUrgency(
  order: { dueDate: string | null; stepId: string },
  settings: WorkflowShape & { dueSoonDays: number; timezone: string },
  now: Date | number = Date.now(),
): Urgency {
  if (!order.dueDate) return 'none';
  if (!isActiveStep(settings, order.stepId)) return 'none';
  const d = daysUntil(order.dueDate, settings.timezone, now);
  if (d === null) return 'none';
  if (d <= 0) return 'urgent';
  if (d <= settings.dueSoonDays) return 'soon';
  return 'ok';
}

/** Whole calendar days from today (in `zone`) to `date` (YYYY-MM-DD); null when the date is unreadable. */
export function daysUntil(date: string, zone: string, now: Date | number = Date.now()): number | null {
  const due = localMidnight(date, zone);
  if (due === null) return null;
  // Both are local midnights of the same zone: rounding absorbs 23/25-hour DST days.
  return Math.round((due - todayStart(zone, typeof now === 'number' ? now : now.getTime())) / 86_400_000);
}

/*
 * Every list computes the urgency of each of its orders (200 cards on a kiosk's first screen, a
 * thousand on the server's snapshots), and a zoned luxon date costs about 0.1 ms to build: the
 * same few hundred due dates are asked again and again, and today only changes at midnight.
 */
const midnights = new Map<string, number | null>();
let today: { zone: string; from: number; to: number } | null = null;

/** The local midnight starting `date` in `zone` (ms), or null when either is unreadable. */
function localMidnight(date: string, zone: string): number | null {
  const key = `${zone}|${date}`;
  let ms = midnights.get(key);
  if (ms === undefined) {
    const d = DateTime.fromISO(date, { zone });
    ms = d.isValid ? d.startOf('day').toMillis() : null;
    if (midnights.size >= 10_000) midnights.clear();
    midnights.set(key, ms);
  }
  return ms;
}

/** The local midnight that started the day of `at` in `zone` (ms), kept until the next one. */
function todayStart(zone: string, at: number): number {
  if (!today || today.zone !== zone || at < today.from || at >= today.to) {
    const start = DateTime.fromMillis(at, { zone }).startOf('day');
    today = { zone, from: start.toMillis(), to: start.plus({ days: 1 }).toMillis() };
  }
  return today.from;
}

/** Today's date (YYYY-MM-DD) in the workshop's timezone. */
export function todayIn(zone: string, now: Date | number = Date.now()): string {
  return DateTime.fromMillis(typeof now === 'number' ? now : now.getTime(), { zone }).toISODate() ?? '';
}

/** Milliseconds until the next local midnight in `zone`, when every urgency must be recomputed. */
export function msUntilNextMidnight(zone: string, now: Date | number = Date.now()): number {
  const t = DateTime.fromMillis(typeof now === 'number' ? now : now.getTime(), { zone });
  return t.plus({ days: 1 }).startOf('day').toMillis() - t.toMillis();
}

/** Orders ranked for a screen: urgent first, then soon, ok, none; then due date; then number. */
const urgencyRank: Record<Urgency, number> = { urgent: 0, soon: 1, ok: 2, none: 3 };

export function compareByUrgency(
  a: { urgency: Urgency; dueDate: string | null; number: number },
  b: { urgency: Urgency; dueDate: string | null; number: number },
): number {
  return (
    urgencyRank[a.urgency] - urgencyRank[b.urgency] ||
    compareDue(a.dueDate, b.dueDate) ||
    a.number - b.number
  );
}

export function compareDue(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}
