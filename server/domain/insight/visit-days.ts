import { emptyDay, type DayStats } from './day-stats.js';
import type { Visit } from './facts.js';
import { addTo } from './histogram.js';

/** Visits as one day's step figures (left, durations, reworks): a filter the daily documents do not hold. */
export function visitsToDay(visits: Visit[]): DayStats {
  const d = emptyDay();
  for (const v of visits) {
    const s = (d.steps[v.stepId] ??= { entered: 0, left: 0, rework: 0, hist: {}, reasons: {} });
    s.left++;
    addTo(s.hist, v.seconds);
    if (v.back) {
      s.rework++;
      const r = v.reasonCode ?? '';
      s.reasons[r] = (s.reasons[r] ?? 0) + 1;
    }
  }
  return d;
}
