import type { OrderRetentionRepository } from '../store/order-retention.js';

const DAY_MS = 24 * 3_600_000;
/** Orders removed per run at most: a first run on a ten-year archive spreads over a few nights. */
export const ORDERS_PER_RUN = 5000;

export interface OrderPurgeDeps {
  repo: OrderRetentionRepository;
  /** Removes one order the way a person removing it would (tombstone, screens told, ERP reference freed). */
  remove: (id: string) => Promise<void>;
  /** The highest archive slot handed out so far. */
  lastSlot: () => Promise<number>;
}

/**
 * Removes finished orders untouched for `days` (ORDER_RETENTION_DAYS), oldest
 * first. Off unless the admin sets a limit: orders and their history are
 * otherwise kept for ever. An order already removed by another node is skipped.
 */
export async function purgeFinishedOrders(deps: OrderPurgeDeps, days: number, now = Date.now()): Promise<number> {
  const cutoff = new Date(now - days * DAY_MS);
  const { ids, reached } = await deps.repo.oldestFinished(cutoff, ORDERS_PER_RUN, await deps.lastSlot());
  let removed = 0;
  for (const id of ids) {
    try {
      await deps.remove(id);
      removed++;
    } catch (e) {
      if ((e as { statusCode?: number }).statusCode !== 404) throw e;
    }
    // Background work: requests go first.
    await new Promise((done) => setImmediate(done));
  }
  // Saved only once every order before it is gone: a run cut short starts again from the same place.
  await deps.repo.saveCursor(reached);
  return removed;
}
