import type { Models } from './models.js';
import type { OrderUpdate, StoredHistory, StoredOrder } from './order-documents.js';

/**
 * The history entries an order document keeps: beyond, the oldest
 * HISTORY_PAGE go to an `order_history` page (read by `_id` when the full
 * history is asked for). A write to an order reads at most this many
 * entries, and a replayed opId is recognised while its entry is among them.
 */
export const HISTORY_KEPT = 200;
export const HISTORY_PAGE = 100;
const pageId = (orderId: string, page: number) => `${orderId}:${page}`;

/** An order's older history entries, in `order_history` pages by `_id` (see store/README.md "Bounded order documents"). */
export function historyPages({ HistoryPage }: Pick<Models, 'HistoryPage'>) {
  return {
    /**
     * Keeps the document bounded: when this write would take its history past
     * HISTORY_KEPT, the oldest HISTORY_PAGE entries are written to the next
     * history page first (replaced whole, so a crash and a retry write the same
     * page again), and the write sets the rest plus the new entries. On MongoDB
     * it then also requires the version it read, so a concurrent append is
     * never overwritten.
     */
    async spillHistory(doc: StoredOrder, write: OrderUpdate): Promise<{ write: OrderUpdate; filter: Record<string, unknown> }> {
      const kept = doc.history ?? [];
      const push = write.push ?? [];
      if (kept.length + push.length <= HISTORY_KEPT) return { write, filter: {} };
      const page = doc.historyPages ?? 0;
      const _id = pageId(doc._id, page);
      await HistoryPage.replaceOne({ _id }, { _id, entries: kept.slice(0, HISTORY_PAGE) }, { upsert: true });
      const set = { ...write.set, history: [...kept.slice(HISTORY_PAGE), ...push], historyPages: page + 1 };
      return { write: { ...write, set, push: [] }, filter: { version: doc.version } };
    },

    /** The order with every history entry: its pages (by `_id`), then the entries it keeps. */
    async withFullHistory(doc: StoredOrder): Promise<StoredOrder> {
      if (!doc.historyPages) return doc;
      const pages = await Promise.all(
        Array.from({ length: doc.historyPages }, async (_, k) => (await HistoryPage.findById(pageId(doc._id, k)).lean()) as { entries?: StoredHistory[] } | null),
      );
      return { ...doc, history: [...pages.flatMap((p) => p?.entries ?? []), ...(doc.history ?? [])] };
    },

    /** A removed order's pages. */
    async removePages(doc: StoredOrder): Promise<void> {
      for (let k = 0; k < (doc.historyPages ?? 0); k++) await HistoryPage.deleteOne({ _id: pageId(doc._id, k) });
    },
  };
}
