import { translate, type Locale } from '../../../shared/i18n/index.js';
import type { Order } from '../../../shared/schemas/order.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * How long an order has been at its step, as a card says it: "depuis 12 min", "depuis 2 h 10",
 * "depuis 3 j". Minutes are dropped at a day and more, where they no longer help anyone decide.
 * A negative span (a clock a little behind the server's) reads as under a minute.
 */
export function sinceText(locale: Locale, ms: number): string {
  if (!(ms >= MINUTE)) return translate(locale, 'since.underMinute');
  if (ms < HOUR) return translate(locale, 'since.minutes', { min: Math.floor(ms / MINUTE) });
  if (ms < DAY) {
    const h = Math.floor(ms / HOUR);
    const min = Math.floor((ms % HOUR) / MINUTE);
    return min ? translate(locale, 'since.hours', { h, min: String(min).padStart(2, '0') }) : translate(locale, 'since.hoursExact', { h });
  }
  return translate(locale, 'since.days', { d: Math.floor(ms / DAY) });
}

/** A duration in the dashboard's tables: "45 s", "12 min", "2 h 05", "3 j 4 h". */
/**
 * The same time without its "depuis": "2 h 10", "< 1 min", for the wall's compact rows (a
 * narrow column has no room for the word; the full sentence stays for screen readers).
 */
export function shortSinceText(locale: Locale, ms: number): string {
  return ms >= MINUTE ? durationText(locale, ms / 1000) : '< 1 min';
}

export function durationText(locale: Locale, seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return translate(locale, 'dur.seconds', { n: s });
  if (s < 3600) return translate(locale, 'dur.minutes', { n: Math.floor(s / 60) });
  if (s < 86_400) return translate(locale, 'dur.hours', { h: Math.floor(s / 3600), min: String(Math.floor((s % 3600) / 60)).padStart(2, '0') });
  return translate(locale, 'dur.days', { d: Math.floor(s / 86_400), h: Math.floor((s % 86_400) / 3600) });
}

/** Milliseconds the order has been at its step at `now`; null when the server did not say since when. */
export function timeInStep(order: Pick<Order, 'stepSince'>, now: number): number | null {
  if (!order.stepSince) return null;
  const since = Date.parse(order.stepSince);
  return Number.isNaN(since) ? null : now - since;
}

/** The order has stayed longer than its step's usual time (the p90 of its visits); never without a usual time. */
export function longerThanUsual(order: Pick<Order, 'stepSince' | 'stepUsualSeconds'>, now: number): boolean {
  const usual = order.stepUsualSeconds;
  const spent = timeInStep(order, now);
  return typeof usual === 'number' && spent !== null && spent > usual * 1000;
}

/**
 * Expected to finish after its due date while not late yet: the warning BEFORE the red. An order
 * already urgent (due today or before, shared/urgency.ts) keeps its red pill alone, and one with
 * no colour (no due date, or past the active steps) has nothing to be late for.
 */
export function atRisk(order: Pick<Order, 'forecast' | 'urgency'>): boolean {
  return order.forecast?.late === true && (order.urgency === 'ok' || order.urgency === 'soon');
}
