import { addTo, mergeInto, type Histogram } from './histogram.js';
import { dayIn, type Facts } from './facts.js';

export interface StepDay {
  entered: number;
  left: number;
  /** Times an order went back from this step. */
  rework: number;
  /** Durations of the visits that ended this day. */
  hist: Histogram;
  /** Reworks by reason code ('' = no reason given). */
  reasons: Record<string, number>;
}
export interface MachineDay {
  left: number;
  rework: number;
  reasons: Record<string, number>;
}
/** One `insight_days` document's content: a day (for everyone, one machine or one person). */
export interface DayStats {
  steps: Record<string, StepDay>;
  started: number;
  finished: number;
  late: number;
  /** Lead times (creation → final step) of the orders that finished this day. */
  lead: Histogram;
  /** Visits and reworks per machine (only in the day's document for everyone: the overview's per-machine rework). */
  machines: Record<string, MachineDay>;
}
export interface DayCounts {
  started: number;
  finished: number;
  late: number;
}

/** The month's document a day's document is copied into: `2026-03-02:m:x` → `2026-03:m:x`. */
export const monthIdOf = (dayId: string) => dayId.slice(0, 7) + dayId.slice(10);

export const emptyDay = (): DayStats => ({ steps: {}, started: 0, finished: 0, late: 0, lead: {}, machines: {} });
const emptyStep = (): StepDay => ({ entered: 0, left: 0, rework: 0, hist: {}, reasons: {} });

/** The `insight_days` ids a change counts in: the day's, and the machine's and the person's of that day. */
export function docIdsFor(day: string, machineId: string | null, assigneeId: string | null): string[] {
  const ids = [day];
  if (machineId) ids.push(`${day}:m:${machineId}`);
  if (assigneeId) ids.push(`${day}:a:${assigneeId}`);
  return ids;
}

/** What to do to one document, applied once per change key. */
export type Effect = (d: DayStats) => void;

/**
 * The documents one change touches and what it does to each. Everything
 * happens on the day of the change (`at`), except taking back a finish,
 * which lands on the day the order had finished.
 */
export function effectsOf(f: Facts, zone: string): Map<string, Effect[]> {
  const out = new Map<string, Effect[]>();
  const add = (day: string, e: Effect, machineSummary?: Effect) => {
    docIdsFor(day, f.machineId, f.assigneeId).forEach((id, k) => {
      const list = out.get(id) ?? [];
      list.push(e);
      if (k === 0 && machineSummary) list.push(machineSummary);
      out.set(id, list);
    });
  };
  const day = dayIn(f.at, zone);
  const step = (d: DayStats, id: string) => (d.steps[id] ??= emptyStep());
  if (f.entered) add(day, (d) => void step(d, f.entered).entered++);
  if (f.started) add(day, (d) => void d.started++);
  const v = f.visit;
  if (v) {
    const reason = v.reasonCode ?? '';
    add(
      day,
      (d) => {
        const s = step(d, v.stepId);
        s.left++;
        addTo(s.hist, v.seconds);
        if (v.back) {
          s.rework++;
          s.reasons[reason] = (s.reasons[reason] ?? 0) + 1;
        }
      },
      v.machineId
        ? (d) => {
            const m = (d.machines[v.machineId!] ??= { left: 0, rework: 0, reasons: {} });
            m.left++;
            if (v.back) {
              m.rework++;
              m.reasons[reason] = (m.reasons[reason] ?? 0) + 1;
            }
          }
        : undefined,
    );
  }
  const finishing = (sign: 1 | -1, late: boolean, lead: number | null) => (d: DayStats) => {
    d.finished += sign;
    if (late) d.late += sign;
    if (lead !== null) addTo(d.lead, lead, sign);
  };
  if (f.finish) add(day, finishing(1, f.finish.late, f.finish.leadSeconds));
  if (f.unfinish) add(dayIn(f.unfinish.at, zone), finishing(-1, f.unfinish.late, f.unfinish.leadSeconds));
  return out;
}

/** Several days as one (a range): counters summed, histograms merged. */
export function mergeDays(days: Iterable<DayStats>): DayStats {
  const total = emptyDay();
  for (const d of days) {
    total.started += d.started;
    total.finished += d.finished;
    total.late += d.late;
    mergeInto(total.lead, d.lead);
    for (const [id, s] of Object.entries(d.steps)) {
      const t = (total.steps[id] ??= emptyStep());
      t.entered += s.entered;
      t.left += s.left;
      t.rework += s.rework;
      mergeInto(t.hist, s.hist);
      mergeInto(t.reasons, s.reasons);
    }
    for (const [id, m] of Object.entries(d.machines)) {
      const t = (total.machines[id] ??= { left: 0, rework: 0, reasons: {} });
      t.left += m.left;
      t.rework += m.rework;
      mergeInto(t.reasons, m.reasons);
    }
  }
  return total;
}
