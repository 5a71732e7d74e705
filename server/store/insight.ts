import { effectsOf, emptyDay, type DayStats, type Effect } from '../domain/insight/day-stats.js';
import { dayIn, type Facts, type Visit } from '../domain/insight/facts.js';
import type { WriteLanes } from './lanes.js';
import type { Models } from './models.js';

export type StoredVisit = Visit & { key: string };
type Doc = { _id: string; json?: string; keys?: string } | null;

/** Closed days (before today) read again at most this often: another node's late correction shows within it. */
const CACHE_MS = 60_000;
const CACHE_MAX = 5000;

/**
 * The statistics' documents (see models.ts and store/README.md "Insight"):
 * every read is by `_id`, every change a read and a rewrite of one document
 * in its lane, skipped when the document already counted that change's key.
 */
export function insightStore({ InsightDay, InsightVisits }: Pick<Models, 'InsightDay' | 'InsightVisits'>, lanes: WriteLanes) {
  const days = InsightDay.collection;
  const visits = InsightVisits.collection;
  const findOne = async (c: typeof days, id: string) => (await c.findOne({ _id: id as never })) as Doc;
  const cache = new Map<string, { stats: DayStats | null; at: number }>();

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

  return {
    /**
     * Counts changes, each once per document whatever is sent again: facts
     * are grouped per document, so a batch (the backfill) costs one read and
     * one write per day touched.
     */
    async record(facts: Facts[], zone: string): Promise<void> {
      const perDoc = new Map<string, Array<{ key: string; effects: Effect[] }>>();
      const perDay = new Map<string, StoredVisit[]>();
      for (const f of facts) {
        for (const [id, effects] of effectsOf(f, zone)) perDoc.set(id, [...(perDoc.get(id) ?? []), { key: f.key, effects }]);
        if (f.visit) {
          const day = dayIn(f.at, zone);
          perDay.set(day, [...(perDay.get(day) ?? []), { ...f.visit, key: f.key }]);
        }
      }
      // The visits first: if the process stops in between, the recovery pass (services/insight-upkeep.ts) records the rest.
      await Promise.all([...perDay].map(([day, list]) => addVisits(day, list)));
      await Promise.all([...perDoc].map(([id, changes]) => apply(id, changes)));
    },

    /** Documents by `_id` (missing ones → null), closed days from a short cache. */
    async read(ids: string[], today: string): Promise<Map<string, DayStats | null>> {
      const now = Date.now();
      const out = new Map<string, DayStats | null>();
      await Promise.all(
        ids.map(async (id) => {
          const hit = cache.get(id);
          if (hit && now - hit.at < CACHE_MS && id.slice(0, 10) < today) return void out.set(id, hit.stats);
          const doc = await findOne(days, id);
          const stats = doc?.json ? (JSON.parse(doc.json) as DayStats) : null;
          if (cache.size >= CACHE_MAX) cache.clear();
          cache.set(id, { stats, at: now });
          out.set(id, stats);
        }),
      );
      return out;
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
