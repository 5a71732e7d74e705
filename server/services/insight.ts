import type { Settings, SettingsReply } from '../../shared/schemas/settings.js';
import { todayIn } from '../../shared/urgency.js';
import { csvDocument, decimal, exportHeader, localTime, type CsvLanguage } from '../domain/insight/csv.js';
import type { DayStats } from '../domain/insight/day-stats.js';
import { factsOf, type Facts } from '../domain/insight/facts.js';
import { figuresOf, type StepFigures } from '../domain/insight/forecast.js';
import { bucketsOf, quantile } from '../domain/insight/histogram.js';
import { visitsToDay } from '../domain/insight/visit-days.js';
import { daysOfRange, lastDays, MAX_DAYS, weekOf } from '../domain/insight/range.js';
import { badRequest, unprocessable } from '../errors.js';
import { groupCommit } from '../store/group-commit.js';
import type { InsightStore } from '../store/insight.js';
import type { OrderChange, StoredOrder } from '../store/orders.js';

export interface InsightDeps {
  store: InsightStore;
  settings: () => Promise<SettingsReply>;
  now?: () => number;
  onError?: (err: unknown) => void;
}

/** What a statistics query narrows to: one machine or one person (both: see `steps`). */
export interface InsightFilter {
  machine?: string | undefined;
  assignee?: string | undefined;
}

export interface TodayCount {
  day: string;
  finished: number;
  late: number;
}

/** The per-step figures behind every card's warning and forecast: the last FIGURE_DAYS, recomputed at most every FIGURES_MS. */
export const FIGURE_DAYS = 90;
const FIGURES_MS = 2 * 60_000;

const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);

/** How long a batch of counts waits for company (see countTogether). */
const GATHER_MS = 250;

export function insightService(deps: InsightDeps) {
  const { store } = deps;
  const now = deps.now ?? Date.now;
  const todayListeners = new Set<(t: TodayCount) => void>();
  let figures: { value: StepFigures; at: number } | null = null;
  let loading: Promise<StepFigures> | null = null;
  /** Counts under way on this node (off the transitions' path): reads wait for them, so a node reads its own changes. */
  const pending = new Set<Promise<void>>();
  const behind = (task: Promise<void>) => {
    pending.add(task);
    void task.finally(() => pending.delete(task));
  };
  const settled = async () => {
    while (pending.size) await Promise.all([...pending]);
  };

  /*
   * Changes counted one batch at a time (a group commit): while a batch is being written, the
   * changes that arrive wait and go together in the next one. Each document a batch touches is
   * read and rewritten once for all its changes; the day's documents hold the day's counts, keys
   * and visits, so on a busy minute rewriting them once per change cost more than the change.
   * No answer waits for a count, so each batch also gathers for GATHER_MS: a few writes a second
   * under any load (reads wait for `settled`, so nobody reads a count this node has not written).
   */
  const countTogether = groupCommit(async (batch: Array<{ facts: Facts[]; s: SettingsReply }>) => {
    // One call per time zone (it decides the days); each change once, as a call of its own would.
    const byZone = new Map<string, { facts: Map<string, Facts>; s: SettingsReply }>();
    for (const { facts, s } of batch) {
      const group = byZone.get(s.timezone) ?? { facts: new Map<string, Facts>(), s };
      for (const f of facts) if (!group.facts.has(f.key)) group.facts.set(f.key, f);
      group.s = s;
      byZone.set(s.timezone, group);
    }
    for (const { facts, s } of byZone.values()) await record([...facts.values()], s);
    return batch.map(() => undefined);
  }, { gatherMs: GATHER_MS });
  function countBehind(facts: Facts[], s: SettingsReply): void {
    if (facts.length) behind(countTogether({ facts, s }));
  }

  const today = (s: Pick<Settings, 'timezone'>) => todayIn(s.timezone, now());

  /** Reads the last 90 days (by `_id`) and merges them: the cards' figures. */
  function refreshFigures(): Promise<StepFigures> {
    loading ??= (async () => {
      try {
        await settled();
        const s = await deps.settings();
        const t = today(s);
        const value = figuresOf((await store.readRange(lastDays(t, FIGURE_DAYS), '', t)).total);
        figures = { value, at: now() };
        return value;
      } finally {
        loading = null;
      }
    })();
    return loading;
  }

  /** The cached figures, at once (an order view must not wait); a stale cache is refreshed behind. */
  function currentFigures(): StepFigures | null {
    if (!figures || now() - figures.at > FIGURES_MS) refreshFigures().catch((e: unknown) => deps.onError?.(e));
    return figures?.value ?? null;
  }

  /**
   * Never throws: the order's change is committed already, and a failed
   * count is made good by the recovery pass (services/insight-upkeep.ts).
   */
  async function record(facts: Facts[], s: SettingsReply): Promise<void> {
    try {
      await recordOrThrow(facts, s);
    } catch (e) {
      deps.onError?.(e);
    }
  }

  async function recordOrThrow(facts: Facts[], s: SettingsReply): Promise<void> {
    if (!facts.length) return;
    await store.record(facts, s.timezone);
    if (facts.some((f) => f.finish || f.unfinish) && todayListeners.size) {
      const t = await readToday(s);
      todayListeners.forEach((l) => l(t));
    }
  }

  async function todayCount(s: SettingsReply): Promise<TodayCount> {
    await settled();
    return readToday(s);
  }

  async function readToday(s: SettingsReply): Promise<TodayCount> {
    const day = today(s);
    const doc = (await store.read([day], day)).get(day);
    return { day, finished: Math.max(0, doc?.finished ?? 0), late: Math.max(0, doc?.late ?? 0) };
  }

  /** The range's documents for everyone, one machine or one person, merged. */
  async function merged(from: string | undefined, to: string | undefined, f: InsightFilter, s: SettingsReply) {
    const days = daysOfRange(from, to, s.timezone);
    await settled();
    // Well-formed, but these figures are kept per machine or per person, not per pair of them.
    if (f.machine && f.assignee) throw unprocessable('filter_combination', 'Filter by a machine or by a person, not both at once');
    const suffix = f.machine ? `:m:${f.machine}` : f.assignee ? `:a:${f.assignee}` : '';
    return { days, ...(await store.readRange(days, suffix, today(s))) };
  }

  const stepRows = (s: SettingsReply, total: DayStats) =>
    s.steps.map((st) => {
      const d = total.steps[st.id];
      return {
        stepId: st.id,
        entered: d?.entered ?? 0,
        left: d?.left ?? 0,
        medianSeconds: d ? quantile(d.hist, 0.5) : null,
        p90Seconds: d ? quantile(d.hist, 0.9) : null,
        reworkCount: d?.rework ?? 0,
      };
    });

  const topReasons = (s: SettingsReply, reasons: Record<string, number>) =>
    Object.entries(reasons)
      .filter(([, n]) => n > 0)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([code, count]) => ({ reasonCode: code || null, label: s.reworkReasons?.find((r) => r.id === code)?.label ?? '', count }));

  return {
    /** A creation: counted as started (and as entering its first step). */
    recordCreation(order: StoredOrder, s: SettingsReply): Promise<void> {
      const f = factsOf(order, s, 0);
      countBehind(f ? [f] : [], s);
      return Promise.resolve();
    },

    /** A committed step change, named by its opId in the document it left. */
    /**
     * Counted behind the answer (the order's change is committed; a count
     * lost with the process is made good by the recovery pass).
     */
    recordTransition(change: OrderChange, opId: string, s: SettingsReply): Promise<void> {
      const history = change.after.history ?? [];
      const i = history.findIndex((h) => h.opId === opId);
      const f = i >= 0 ? factsOf(change.after, s, i) : null;
      countBehind(f ? [f] : [], s);
      return Promise.resolve();
    },

    /** Settles when this node's counts under way are written (reads and shutdown wait for it). */
    settled,

    /** Facts found again (backfill, recovery): counted only where not yet; throws, so a batch can be retried. */
    recordFacts: recordOrThrow,
    figures: currentFigures,
    refreshFigures,
    todayCount,
    /** Called with today's finished / late whenever an order finishes or leaves the final step. */
    onToday(listener: (t: TodayCount) => void): () => void {
      todayListeners.add(listener);
      return () => todayListeners.delete(listener);
    },

    /**
     * Time per step over the visits that ended in the range. Both a machine
     * and a person: the days' visits filtered (bounded by the range's work).
     */
    async steps(from: string | undefined, to: string | undefined, f: InsightFilter) {
      const s = await deps.settings();
      if (f.machine && f.assignee) {
        const days = daysOfRange(from, to, s.timezone);
        await settled();
        const visits = (await store.visits(days)).filter((v) => v.machineId === f.machine && v.assigneeId === f.assignee);
        return { steps: stepRows(s, visitsToDay(visits)) };
      }
      const { total } = await merged(from, to, f, s);
      return { steps: stepRows(s, total) };
    },

    async throughput(from: string | undefined, to: string | undefined, by: 'day' | 'week' = 'day', f: InsightFilter = {}) {
      const s = await deps.settings();
      const { days, perDay } = await merged(from, to, f, s);
      const rows = days.map((day) => {
        const c = perDay.get(day);
        return { day, started: c?.started ?? 0, finished: Math.max(0, c?.finished ?? 0), late: Math.max(0, c?.late ?? 0) };
      });
      if (by === 'day') return { days: rows };
      const weeks = new Map<string, { day: string; started: number; finished: number; late: number }>();
      for (const r of rows) {
        const w = weeks.get(weekOf(r.day)) ?? { day: weekOf(r.day), started: 0, finished: 0, late: 0 };
        w.started += r.started;
        w.finished += r.finished;
        w.late += r.late;
        weeks.set(w.day, w);
      }
      return { days: [...weeks.values()] };
    },

    /** Lead time, on-time rate, rework per step and per machine: the Pilotage tab's other charts. */
    async overview(from: string | undefined, to: string | undefined, f: InsightFilter) {
      const s = await deps.settings();
      const { days, total } = await merged(from, to, f, s);
      // Per machine needs the day's document for everyone (its machine summary), unless already read.
      const machineSource = f.machine || f.assignee ? null : total;
      let machines = machineSource?.machines ?? {};
      if (f.machine) {
        const everyone = await store.readRange(days, '', today(s));
        machines = { [f.machine]: everyone.total.machines[f.machine] ?? { left: 0, rework: 0, reasons: {} } };
      }
      const finished = Math.max(0, total.finished);
      const late = Math.max(0, total.late);
      return {
        leadTime: { count: bucketsOf(total.lead).reduce((a, b) => a + b.count, 0), medianSeconds: quantile(total.lead, 0.5), p90Seconds: quantile(total.lead, 0.9), buckets: bucketsOf(total.lead) },
        onTime: { finished, late, rate: ratio(finished - late, finished) },
        rework: {
          steps: s.steps.map((st) => {
            const d = total.steps[st.id];
            return { stepId: st.id, left: d?.left ?? 0, reworkCount: d?.rework ?? 0, rate: ratio(d?.rework ?? 0, d?.left ?? 0), topReasons: topReasons(s, d?.reasons ?? {}) };
          }),
          machines: Object.entries(machines).map(([machineId, m]) => ({ machineId, left: m.left, reworkCount: m.rework, rate: ratio(m.rework, m.left), topReasons: topReasons(s, m.reasons) })),
        },
      };
    },

    /** Work in progress per step at the end of each of the last `n` days (today: the latest snapshot). */
    async wip(n = 30) {
      const s = await deps.settings();
      if (!Number.isInteger(n) || n < 1 || n > MAX_DAYS) throw badRequest('invalid_range', `"days" must be between 1 and ${MAX_DAYS}`);
      return { days: await store.wip(lastDays(today(s), n)) };
    },

    /** Snapshot of the work in progress now (the maintenance timer calls it): counts per step of the active orders. */
    async snapshotWip(active: Array<{ stepId: string }>): Promise<void> {
      const s = await deps.settings();
      const counts: Record<string, number> = Object.fromEntries(s.steps.map((st) => [st.id, 0]));
      for (const o of active) counts[o.stepId] = (counts[o.stepId] ?? 0) + 1;
      await store.putWip(today(s), counts);
    },

    /** One row per step visit that ended in the range, for a spreadsheet (see domain/insight/csv.ts). */
    async exportCsv(from: string | undefined, to: string | undefined): Promise<string> {
      const s = await deps.settings();
      const lang: CsvLanguage = s.language ?? 'fr';
      const days = daysOfRange(from, to, s.timezone);
      await settled();
      const visits = await store.visits(days);
      const stepLabel = (id: string) => s.steps.find((st) => st.id === id)?.label ?? id;
      const reasonLabel = (code: string | null) => (code ? (s.reworkReasons?.find((r) => r.id === code)?.label ?? code) : '');
      const rows = visits.map((v) => [
        v.number,
        v.company,
        stepLabel(v.stepId),
        localTime(v.entered, s.timezone),
        localTime(v.left, s.timezone),
        v.seconds,
        decimal(v.seconds / 3600, lang),
        v.who,
        reasonLabel(v.reasonCode),
        v.comment ?? '',
      ]);
      return csvDocument(exportHeader[lang], rows, lang);
    },
  };
}
export type InsightService = ReturnType<typeof insightService>;
