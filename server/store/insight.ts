import { effectsOf, emptyDay, mergeDays, monthIdOf, type DayCounts, type DayStats, type Effect } from '../domain/insight/day-stats.js';
import { dayIn, type Facts, type Visit } from '../domain/insight/facts.js';
import type { WriteLanes } from './lanes.js';
import type { Models } from './models.js';
import { SPILL_AT, spilledChunks } from './spilled-chunks.js';

export type StoredVisit = Visit & { key: string };
/** `keys`/`json` of a visits document: its newest entries; `chunks`: how many older chunks it has (spilled-chunks.ts). */
type Doc = { _id: string; json?: string; keys?: string; chunks?: number } | null;

/** Documents of past days and months read again at most this often: another node's late correction shows within it. */
const CACHE_MS = 60_000;
const CACHE_MAX = 5000;

/** What a range adds up to: the whole, and each day's started / finished / late. */
export interface RangeStats {
  total: DayStats;
  perDay: Map<string, DayCounts>;
}

/**
 * The statistics' documents (see models.ts and store/README.md "Insight"):
 * every read is by `_id`, every change a read and a rewrite of one document
 * in its lane, skipped when the document already counted that change's key.
 * Each day's document is copied into its month's (`YYYY-MM…`, the days as
 * they are), so a year is read as ≤ 12 month documents plus the loose days
 * at its ends (their keys left out of the read by a projection).
 */
export function insightStore({ InsightDay, InsightVisits }: Pick<Models, 'InsightDay' | 'InsightVisits'>, lanes: WriteLanes) {
  const days = InsightDay.collection;
  const visits = InsightVisits.collection;
  const findOne = async (c: typeof days, id: string, withKeys = true) =>
    (await c.findOne({ _id: id as never }, withKeys ? {} : { projection: { keys: 0 } })) as Doc;
  const cache = new Map<string, { value: unknown; at: number }>();
  // A day's counted keys and its visits grow with the day's work: beyond SPILL_AT, in chunks.
  const keyChunks = spilledChunks<string>(days, 'keys');
  const visitChunks = spilledChunks<StoredVisit>(visits, 'json');
  const isMonth = (id: string) => id[7] !== '-';

  async function apply(id: string, changes: Array<{ key: string; effects: Effect[] }>): Promise<void> {
    await lanes.run(`insight:${id}`, async () => {
      const doc = await findOne(days, id);
      const stats = doc?.json ? (JSON.parse(doc.json) as DayStats) : emptyDay();
      const recent = doc?.keys ? (JSON.parse(doc.keys) as string[]) : [];
      const chunks = doc?.chunks ?? 0;
      const keys = new Set<string>([...(await keyChunks.read(id, chunks)), ...recent]);
      const added: string[] = [];
      for (const c of changes) {
        if (keys.has(c.key)) continue;
        c.effects.forEach((e) => e(stats));
        keys.add(c.key);
        added.push(c.key);
      }
      if (added.length) {
        // Counts and keys in one single-document write: counted and marked together, or neither.
        const list = [...recent, ...added];
        const spill = list.length > SPILL_AT;
        if (spill) await keyChunks.write(id, chunks, list);
        const set = spill ? { json: JSON.stringify(stats), keys: '[]', chunks: chunks + 1 } : { json: JSON.stringify(stats), keys: JSON.stringify(list) };
        await days.updateOne({ _id: id as never }, { $set: set }, { upsert: true });
        if (spill) keyChunks.settled(id, chunks, list);
      }
      cache.delete(id);
      // Even unchanged: a month left behind (the process stopped between the two writes) catches up at the next count of that day.
      queueMonth(id, stats);
    });
  }

  /*
   * A month's document holds its days' documents as they are (set, never
   * incremented), so writing it again is harmless and a retry heals it. It is
   * written a moment after its days change, once for a burst of changes (an
   * import of thousands of orders, a busy minute) rather than once per change:
   * a month holds up to 31 days of histograms, and rewriting it on every Next
   * cost more than the change itself. Reads of whole months write what is
   * pending first; a copy lost with the process heals at that day's next count.
   */
  const MONTH_DELAY_MS = 1000;
  const pendingMonths = new Map<string, Map<string, DayStats>>();
  let monthTimer: NodeJS.Timeout | null = null;
  let monthsWriting: Promise<void> = Promise.resolve();

  function queueMonth(dayId: string, stats: DayStats): void {
    const monthId = monthIdOf(dayId);
    const daysOfMonth = pendingMonths.get(monthId) ?? new Map<string, DayStats>();
    daysOfMonth.set(dayId.slice(0, 10), stats);
    pendingMonths.set(monthId, daysOfMonth);
    if (monthTimer) return;
    monthTimer = setTimeout(() => {
      monthTimer = null;
      void writeMonths().catch(() => undefined);
    }, MONTH_DELAY_MS);
    monthTimer.unref();
  }

  /** Writes every pending month copy (after those being written); resolves when they are in. */
  function writeMonths(): Promise<void> {
    if (monthTimer) clearTimeout(monthTimer);
    monthTimer = null;
    const batch = [...pendingMonths];
    pendingMonths.clear();
    const run = monthsWriting.then(() => Promise.all(batch.map(([monthId, changed]) => syncMonth(monthId, changed)))).then(() => undefined);
    monthsWriting = run.catch(() => undefined);
    return run;
  }

  async function syncMonth(monthId: string, changed: Map<string, DayStats>): Promise<void> {
    await lanes.run(`insight:${monthId}`, async () => {
      const doc = await findOne(days, monthId);
      const month = doc?.json ? (JSON.parse(doc.json) as Record<string, DayStats>) : {};
      let dirty = false;
      for (const [day, stats] of changed) {
        if (month[day] && JSON.stringify(month[day]) === JSON.stringify(stats)) continue;
        month[day] = stats;
        dirty = true;
      }
      if (!dirty) return;
      await days.updateOne({ _id: monthId as never }, { $set: { json: JSON.stringify(month) } }, { upsert: true });
      cache.delete(monthId);
    });
  }

  async function addVisits(day: string, list: StoredVisit[]): Promise<void> {
    await lanes.run(`insight-visits:${day}`, async () => {
      const doc = await findOne(visits, day);
      const recent = doc?.json ? (JSON.parse(doc.json) as StoredVisit[]) : [];
      const chunks = doc?.chunks ?? 0;
      const seen = new Set([...(await visitChunks.read(day, chunks)), ...recent].map((v) => v.key));
      const fresh = list.filter((v) => !seen.has(v.key) && seen.add(v.key));
      if (!fresh.length) return;
      const kept = [...recent, ...fresh];
      const spill = kept.length > SPILL_AT;
      if (spill) await visitChunks.write(day, chunks, kept);
      await visits.updateOne({ _id: day as never }, { $set: spill ? { json: '[]', chunks: chunks + 1 } : { json: JSON.stringify(kept) } }, { upsert: true });
      if (spill) visitChunks.settled(day, chunks, kept);
    });
  }

  /** Documents by `_id` (missing ones → null), past ones from a short cache: a day's stats, or a month's days. */
  async function readDocs<T>(ids: string[], today: string): Promise<Map<string, T | null>> {
    const now = Date.now();
    const out = new Map<string, T | null>();
    await Promise.all(
      ids.map(async (id) => {
        const hit = cache.get(id);
        const past = isMonth(id) ? id.slice(0, 7) < today.slice(0, 7) : id.slice(0, 10) < today;
        if (hit && past && now - hit.at < CACHE_MS) return void out.set(id, hit.value as T);
        // Without the keys (a month's run to thousands): only the counts travel.
        const doc = await findOne(days, id, false);
        const value = doc?.json ? (JSON.parse(doc.json) as T) : null;
        if (cache.size >= CACHE_MAX) cache.clear();
        // A missing document is not cached: another node (or a bulk load) may be writing it now.
        if (value) cache.set(id, { value, at: now });
        out.set(id, value);
      }),
    );
    return out;
  }

  return {
    /**
     * Counts changes, each once per document whatever is sent again: facts
     * are grouped per document, so a batch (the backfill) costs one read and
     * one write per day and month touched.
     */
    async record(facts: Facts[], zone: string): Promise<void> {
      // Per document, per change: one change may touch a month twice (a finish taken back on an earlier day of it).
      const perDoc = new Map<string, Map<string, Effect[]>>();
      const perDay = new Map<string, StoredVisit[]>();
      const add = (id: string, key: string, effects: Effect[]) => {
        const doc = perDoc.get(id) ?? new Map<string, Effect[]>();
        doc.set(key, [...(doc.get(key) ?? []), ...effects]);
        perDoc.set(id, doc);
      };
      for (const f of facts) {
        for (const [id, effects] of effectsOf(f, zone)) add(id, f.key, effects);
        if (f.visit) {
          const day = dayIn(f.at, zone);
          perDay.set(day, [...(perDay.get(day) ?? []), { ...f.visit, key: f.key }]);
        }
      }
      // The visits first: if the process stops in between, the recovery pass (services/insight-upkeep.ts) records the rest.
      await Promise.all([...perDay].map(([day, list]) => addVisits(day, list)));
      await Promise.all([...perDoc].map(([id, changes]) => apply(id, [...changes].map(([key, effects]) => ({ key, effects })))));
    },

    read: (ids: string[], today: string) => readDocs<DayStats>(ids, today),

    /** The month copies still to write, written now (before a shutdown, or a read of whole months). */
    writeMonths,

    /**
     * A range of days for everyone (`suffix` ''), a machine (`:m:<id>`) or a
     * person (`:a:<id>`): every whole calendar month in it read as its month's
     * document, the other days one by one.
     */
    async readRange(dayList: string[], suffix: string, today: string): Promise<RangeStats> {
      const inRange = new Map<string, string[]>();
      for (const d of dayList) inRange.set(d.slice(0, 7), [...(inRange.get(d.slice(0, 7)) ?? []), d]);
      const whole = (month: string, ds: string[]) => {
        const [y, m] = month.split('-').map(Number);
        return ds.length === new Date(Date.UTC(y, m, 0)).getUTCDate();
      };
      const months = [...inRange].filter(([m, ds]) => whole(m, ds)).map(([m]) => m);
      const loose = dayList.filter((d) => !months.includes(d.slice(0, 7)));
      if (months.length) await writeMonths();
      const [monthDocs, dayDocs] = await Promise.all([
        readDocs<Record<string, DayStats>>(months.map((m) => m + suffix), today),
        readDocs<DayStats>(loose.map((d) => d + suffix), today),
      ]);
      const found: Array<[string, DayStats]> = [];
      for (const m of months) found.push(...Object.entries(monthDocs.get(m + suffix) ?? {}));
      for (const d of loose) {
        const doc = dayDocs.get(d + suffix);
        if (doc) found.push([d, doc]);
      }
      const perDay = new Map<string, DayCounts>(found.map(([d, doc]) => [d, { started: doc.started, finished: doc.finished, late: doc.late }]));
      return { total: mergeDays(found.map(([, doc]) => doc)), perDay };
    },

    /** The visits that ended on each of `dayList`, in that order. */
    async visits(dayList: string[]): Promise<StoredVisit[]> {
      const perDay = await Promise.all(
        dayList.map(async (d) => {
          const doc = await findOne(visits, d);
          const recent = doc?.json ? (JSON.parse(doc.json) as StoredVisit[]) : [];
          return [...(await visitChunks.read(d, doc?.chunks ?? 0)), ...recent];
        }),
      );
      return perDay.flat();
    },

    /** Work in progress per step at the end of a day (the last snapshot written that day wins). */
    async putWip(day: string, steps: Record<string, number>): Promise<void> {
      await days.updateOne({ _id: `wip:${day}` as never }, { $set: { json: JSON.stringify(steps) } }, { upsert: true });
    },
    async wip(dayList: string[]): Promise<Array<{ day: string; steps: Record<string, number> }>> {
      const docs = await Promise.all(dayList.map((d) => findOne(days, `wip:${d}`)));
      return dayList.flatMap((day, k) => (docs[k]?.json ? [{ day, steps: JSON.parse(docs[k].json) as Record<string, number> }] : []));
    },

    /** A marker (e.g. the backfill's), by `_id`. */
    async marker(id: string): Promise<string | null> {
      return (await findOne(days, `~${id}`))?.json ?? null;
    },
    async setMarker(id: string, value: string): Promise<void> {
      await days.updateOne({ _id: `~${id}` as never }, { $set: { json: value } }, { upsert: true });
    },
  };
}
export type InsightStore = ReturnType<typeof insightStore>;
