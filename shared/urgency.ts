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
  const due = DateTime.fromISO(date, { zone });
  if (!due.isValid) return null;
  const today = DateTime.fromMillis(typeof now === 'number' ? now : now.getTime(), { zone }).startOf('day');
  // Both are local midnights of the same zone: rounding absorbs 23/25-hour DST days.
  return Math.round(due.startOf('day').diff(today, 'days').days);
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
