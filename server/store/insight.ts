import { effectsOf, emptyDay, mergeDays, monthEffect, monthIdOf, type DayCounts, type DayStats, type Effect } from '../domain/insight/day-stats.js';
import { dayIn, type Facts, type Visit } from '../domain/insight/facts.js';
import type { WriteLanes } from './lanes.js';
import type { Models } from './models.js';

export type StoredVisit = Visit & { key: string };
type Doc = { _id: string; json?: string; keys?: string } | null;

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
 * Each change counts in its day's document and in its month's (`YYYY-MM…`),
 * so a year is read as ≤ 12 month documents plus the loose days at its ends
 * (their keys left out of the read by a projection).
 */
export function insightStore({ InsightDay, InsightVisits }: Pick<Models, 'InsightDay' | 'InsightVisits'>, lanes: WriteLanes) {
  const days = InsightDay.collection;
  const visits = InsightVisits.collection;
  const findOne = async (c: typeof days, id: string, withKeys = true) =>
    (await c.findOne({ _id: id as never }, withKeys ? {} : { projection: { keys: 0 } })) as Doc;
  const cache = new Map<string, { stats: DayStats; at: number }>();
  const isMonth = (id: string) => id[7] !== '-';

  async function apply(id: string, changes: Array<{ key: string; effects: Effect[] }>): Promise<void> {
    await lanes.run(`insight:${id}`, async () => {
      const doc = await findOne(days, id);
      const stats = doc?.json ? (JSON.parse(doc.json) as DayStats) : emptyDay();
      const keys = new Set<string>(doc?.keys ? (JSON.parse(doc.keys) as string[]) : []);
      let changed = false;
      for (const c of changes) {
        if (keys.has(c.key)) continue;
        c.effects.forEach((e) => e(stats));
        keys.add(c.key);
        changed = true;
      }
      if (!changed) return;
      // Counts and keys in one single-document write: counted and marked together, or neither.
      await days.updateOne({ _id: id as never }, { $set: { json: JSON.stringify(stats), keys: JSON.stringify([...keys]) } }, { upsert: true });
      cache.delete(id);
    });
  }

  async function addVisits(day: string, list: StoredVisit[]): Promise<void> {
    await lanes.run(`insight-visits:${day}`, async () => {
      const doc = await findOne(visits, day);
      const kept = doc?.json ? (JSON.parse(doc.json) as StoredVisit[]) : [];
      const seen = new Set(kept.map((v) => v.key));
      const fresh = list.filter((v) => !seen.has(v.key) && seen.add(v.key));
      if (!fresh.length) return;
      await visits.updateOne({ _id: day as never }, { $set: { json: JSON.stringify([...kept, ...fresh]) } }, { upsert: true });
    });
  }

  /** Documents by `_id` (missing ones → null), past ones from a short cache. */
  async function read(ids: string[], today: string): Promise<Map<string, DayStats | null>> {
    const now = Date.now();
    const out = new Map<string, DayStats | null>();
    await Promise.all(
      ids.map(async (id) => {
        const hit = cache.get(id);
        const past = isMonth(id) ? id.slice(0, 7) < today.slice(0, 7) : id.slice(0, 10) < today;
        if (hit && past && now - hit.at < CACHE_MS) return void out.set(id, hit.stats);
        // Without the keys (a month's run to thousands): only the counts travel.
        const doc = await findOne(days, id, false);
        const stats = doc?.json ? (JSON.parse(doc.json) as DayStats) : null;
        if (cache.size >= CACHE_MAX) cache.clear();
        // A missing document is not cached: another node (or a bulk load) may be writing it now.
        if (stats) cache.set(id, { stats, at: now });
        out.set(id, stats);
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
        for (const [id, effects] of effectsOf(f, zone)) {
          add(id, f.key, effects);
          add(monthIdOf(id), f.key, [monthEffect(id.slice(0, 10), effects)]);
        }
        if (f.visit) {
          const day = dayIn(f.at, zone);
          perDay.set(day, [...(perDay.get(day) ?? []), { ...f.visit, key: f.key }]);
        }
      }
      // The visits first: if the process stops in between, the recovery pass (services/insight-upkeep.ts) records the rest.
      await Promise.all([...perDay].map(([day, list]) => addVisits(day, list)));
      await Promise.all([...perDoc].map(([id, changes]) => apply(id, [...changes].map(([key, effects]) => ({ key, effects })))));
    },

    read,

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
      const docs = await read([...months.map((m) => m + suffix), ...loose.map((d) => d + suffix)], today);
      const perDay = new Map<string, DayCounts>();
      const found: DayStats[] = [];
      for (const m of months) {
        const doc = docs.get(m + suffix);
        if (!doc) continue;
        found.push(doc);
        for (const [day, c] of Object.entries(doc.perDay ?? {})) perDay.set(day, c);
      }
      for (const d of loose) {
        const doc = docs.get(d + suffix);
        if (!doc) continue;
        found.push(doc);
        perDay.set(d, { started: doc.started, finished: doc.finished, late: doc.late });
      }
      return { total: mergeDays(found), perDay };
    },

    /** The visits that ended on each of `dayList`, in that order. */
    async visits(dayList: string[]): Promise<StoredVisit[]> {
      const docs = await Promise.all(dayList.map((d) => findOne(visits, d)));
      return docs.flatMap((d) => (d?.json ? (JSON.parse(d.json) as StoredVisit[]) : []));
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
