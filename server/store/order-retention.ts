import { ARCHIVE_BUCKET_SIZE, bucketOf } from './archive-index.js';
import type { Models } from './models.js';
import type { OrderRepository } from './orders.js';

/** The counter remembering the lowest archive slot the order purge has not yet passed. */
const CURSOR = 'orderPurgeSlot';

/**
 * Finds finished orders past the admin's ORDER_RETENTION_DAYS without a scan
 * of the archive: the archive's index holds its orders in finishing order
 * (slots), so the oldest are the lowest slots. The walk starts where the last
 * purge stopped (a counter, by `_id`), reads each candidate by `_id`, and
 * stops at the first order touched since the cutoff — a finished order edited
 * or mailed recently is kept, and so is everything finished after it, until
 * it ages too. Each run costs the orders it purges plus one, never the archive.
 */
export function orderRetentionRepository(orders: OrderRepository, { Counter }: Pick<Models, 'Counter'>) {
  const { index, archivedById } = orders.internals;

  const cursor = async () => ((await Counter.findById(CURSOR).lean()) as { value?: number } | null)?.value ?? 0;

  return {
    /**
     * Up to `max` archived orders last changed at or before `cutoff`, oldest
     * finished first, and the slot the walk reached (to save once they are removed).
     */
    async oldestFinished(cutoff: Date, max: number, lastSlot: number): Promise<{ ids: string[]; reached: number }> {
      const ids: string[] = [];
      let slot = await cursor();
      while (slot <= lastSlot && ids.length < max) {
        const [entries] = await index.readMany([bucketOf(slot)]);
        const end = Math.min(lastSlot, (bucketOf(slot) + 1) * ARCHIVE_BUCKET_SIZE - 1);
        for (; slot <= end && ids.length < max; slot++) {
          const e = entries?.get(slot);
          // No entry (a slot taken by a move that did not finish), or an order that left the archive since.
          if (!e || e.left !== undefined) continue;
          const doc = await archivedById(e.id, { _id: 1, archiveSlot: 1, updatedAt: 1, date: 1 });
          // Moved out and back in: its newer slot speaks for it.
          if (!doc || doc.archiveSlot !== slot) continue;
          // An order from before updatedAt was kept counts from its order date.
          const touched = doc.updatedAt ? new Date(doc.updatedAt).getTime() : Date.parse(`${doc.date}T00:00:00Z`);
          if (!(touched <= cutoff.getTime())) return { ids, reached: slot };
          ids.push(doc._id);
        }
      }
      return { ids, reached: slot };
    },

    /** Remembers how far the purge went (never backwards: two nodes may purge at once). */
    async saveCursor(slot: number): Promise<void> {
      await Counter.updateOne({ _id: CURSOR }, { $max: { value: slot } }, { upsert: true });
    },
  };
}
export type OrderRetentionRepository = ReturnType<typeof orderRetentionRepository>;
