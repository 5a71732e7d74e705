import type { OrderForecast } from '../../../shared/schemas/order.js';
import type { Settings } from '../../../shared/schemas/settings.js';
import { stepIndex } from '../../../shared/workflow.js';
import type { DayStats } from './day-stats.js';
import { dayIn } from './facts.js';
import { countOf, quantile } from './histogram.js';

/** A step's usual times over the recent past (seconds), from its visits' histogram. */
export interface StepFigure {
  visits: number;
  median: number | null;
  p90: number | null;
}
export type StepFigures = Record<string, StepFigure>;

/** Fewer visits than this and a step's figures say nothing usable: no warning, no forecast through it. */
export const MIN_VISITS = 5;

export function figuresOf(total: DayStats): StepFigures {
  const out: StepFigures = {};
  for (const [id, s] of Object.entries(total.steps)) {
    const visits = countOf(s.hist);
    out[id] = visits >= MIN_VISITS ? { visits, median: quantile(s.hist, 0.5), p90: quantile(s.hist, 0.9) } : { visits, median: null, p90: null };
  }
  return out;
}

/** The current step's usual time (its p90), which a card warns past; null without enough data. */
export const usualSeconds = (figures: StepFigures | null | undefined, stepId: string) => figures?.[stepId]?.p90 ?? null;

/**
 * The expected finish: what is left of the usual (median) time at the
 * current step, never below zero, then the medians of every step still ahead
 * up to the final step, in calendar time. Null at or after the final step,
 * and when a step on the way lacks data.
 */
export function forecastOf(
  order: { stepId: string; dueDate: string | null },
  stepSince: Date,
  w: Pick<Settings, 'steps' | 'finalStepId' | 'timezone'>,
  figures: StepFigures | null | undefined,
  now: number,
): OrderForecast | null {
  if (!figures) return null;
  const at = stepIndex(w, order.stepId);
  const final = stepIndex(w, w.finalStepId);
  if (at < 0 || final < 0 || at >= final) return null;
  const current = figures[order.stepId]?.median;
  if (current == null) return null;
  let seconds = Math.max(0, current - (now - stepSince.getTime()) / 1000);
  for (const step of w.steps.slice(at + 1, final)) {
    const m = figures[step.id]?.median;
    if (m == null) return null;
    seconds += m;
  }
  const finishDate = dayIn(new Date(now + seconds * 1000), w.timezone);
  return { finishDate, late: !!order.dueDate && finishDate > order.dueDate };
}
