import { allFactsOf, lastStepChange } from '../domain/insight/facts.js';
import { bucketOf } from '../store/archive-index.js';
import type { CounterRepository } from '../store/counters.js';
import type { InsightStore } from '../store/insight.js';
import type { OrderRepository, StoredOrder } from '../store/orders.js';
import type { InsightService } from './insight.js';
import type { SettingsService } from './settings.js';

export interface UpkeepDeps {
  insight: InsightService;
  store: InsightStore;
  orders: OrderRepository;
  counters: CounterRepository;
  settings: SettingsService;
  now: () => number;
}

/** Orders read (with their whole history) per batch of the backfill: bounded work between two yields. */
const BATCH = 200;
/** How far back the recovery pass looks at start-up: changes a stopped process may not have counted. */
export const RECOVERY_AT_START_MS = 24 * 3_600_000;

type BackfillMark = { active?: boolean; bucket?: number; done?: boolean };

/**
 * The statistics' upkeep, none of it on a request's path:
 * - **backfill**, once: every order's history (active, then the archive
 *   bucket by bucket, a mark saved after each) counted into the daily
 *   documents, so an existing workshop does not start with empty charts;
 * - **recovery**: the orders changed lately, counted again — a change whose
 *   count was lost (the process stopped between the order's write and the
 *   statistics' write) is counted now, the others are skipped by their key;
 * - **stepSince**: active orders written before the field get it from their
 *   last step change (bounded by the work in progress);
 * - **WIP**: today's work in progress per step, the last snapshot of a day kept.
 */
export function insightUpkeep(deps: UpkeepDeps) {
  const { insight, store, orders } = deps;

  async function countOrders(list: StoredOrder[]): Promise<void> {
    const s = await deps.settings.get();
    const full = await Promise.all(list.map((o) => orders.findById(o._id)));
    await insight.recordFacts(full.flatMap((o) => (o ? allFactsOf(o, s) : [])), s);
  }

  async function backfill(): Promise<{ orders: number }> {
    const mark = JSON.parse((await store.marker('backfill')) ?? '{}') as BackfillMark;
    if (mark.done) return { orders: 0 };
    let counted = 0;
    const save = () => store.setMarker('backfill', JSON.stringify(mark));
    if (!mark.active) {
      const active = await orders.listActive({}, () => true);
      for (let k = 0; k < active.length; k += BATCH) await countOrders(active.slice(k, k + BATCH));
      counted += active.length;
      mark.active = true;
      await save();
    }
    const last = bucketOf(await deps.counters.current('archiveSlot'));
    for (let b = mark.bucket ?? 0; b <= last; b++) {
      const [entries] = await orders.index.readMany([b]);
      const ids = [...entries.values()].filter((e) => e.left === undefined).map((e) => e.id);
      for (let k = 0; k < ids.length; k += BATCH) {
        const found = await orders.archivedByIds(ids.slice(k, k + BATCH));
        await countOrders(found);
        counted += found.length;
      }
      mark.bucket = b + 1;
      await save();
    }
    mark.done = true;
    await save();
    return { orders: counted };
  }

  /** Counts again what changed since `since` (active orders scanned, archived ones named by their recent changes). */
  async function recover(since: Date): Promise<number> {
    const s = await deps.settings.get();
    const changed = await orders.changedAfter(since);
    for (let k = 0; k < changed.length; k += BATCH) {
      const full = await Promise.all(changed.slice(k, k + BATCH).map((o) => orders.findById(o._id)));
      await insight.recordFacts(full.flatMap((o) => (o ? allFactsOf(o, s, since) : [])), s);
    }
    return changed.length;
  }

  /** Active orders without stepSince get it from their history, in their lane, only if still missing. */
  async function fillStepSince(): Promise<number> {
    const { lane, Order } = orders.internals;
    const missing = await orders.listActive({ stepSince: null }, (o) => !(o as { stepSince?: Date }).stepSince);
    for (const o of missing) {
      await lane(o._id, async () => {
        const full = await orders.findById(o._id);
        if (!full || (full as { stepSince?: Date }).stepSince) return;
        const since = lastStepChange(full.history) ?? full.updatedAt ?? null;
        if (since) await Order.updateOne({ _id: o._id }, { $set: { stepSince: new Date(since) } });
      });
    }
    // Written beside the repository's own writes: the active set reads the collection again.
    if (missing.length) orders.forgetActive();
    return missing.length;
  }

  async function snapshotWip(): Promise<void> {
    await insight.snapshotWip(await orders.listActive({}, () => true));
  }

  return { backfill, recover, fillStepSince, snapshotWip };
}
export type InsightUpkeep = ReturnType<typeof insightUpkeep>;
