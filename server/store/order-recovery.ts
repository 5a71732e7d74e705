import type { Models } from './models.js';
import type { OrderRepository } from './orders.js';

export interface RecoveryReport {
  /** Finished orders still in the active collection, now archived (a crash mid-move, or a database from before the archive). */
  archived: number;
  /** Orders found in both collections, reduced to one copy. */
  settled: number;
}

/**
 * Puts every order in exactly one place, scanning only the ACTIVE collection
 * (bounded by the work in progress, never by the archive's age):
 * - an active order at a finished step is moved to the archive — this is
 *   also the migration of a database written before the archive existed;
 * - an active order that also has an archive copy (checked by `_id`) was
 *   caught between the two writes of a move: the copy with the higher
 *   version stays; at equal versions, the one whose collection matches its
 *   step. Versions and seqs are kept, so screens see nothing change.
 * Each order is handled in its own lane, so the sweep can run beside live
 * traffic, at start-up and periodically, on any number of nodes.
 */
export async function recoverOrders(
  { Order }: Pick<Models, 'Order'>,
  orders: OrderRepository,
  isFinished: (stepId: string) => Promise<boolean>,
): Promise<RecoveryReport> {
  const { lane, activeById, archivedById, archive, unarchive, deleteCopy, ArchivedOrder, index, nextSlot } = orders.internals;
  const report: RecoveryReport = { archived: 0, settled: 0 };
  const ids = ((await Order.find({}, { _id: 1 }).lean()) as Array<{ _id: string }>).map((d) => d._id);
  for (const id of ids) {
    await lane(id, async () => {
      const active = await activeById(id);
      if (!active) return;
      const copy = await archivedById(id);
      const finished = await isFinished(active.stepId);
      if (!copy) {
        if (finished) {
          await archive(active);
          report.archived++;
        }
        return;
      }
      report.settled++;
      const keepArchived = copy.version > active.version || (copy.version === active.version && finished);
      if (keepArchived) {
        await deleteCopy(Order, active);
        // The kept copy may itself be at an active step (moved back, then the crash): finish that move.
        if (!(await isFinished(copy.stepId))) await unarchive(copy);
        return;
      }
      // The active copy is newer: the archive copy's index entry and the copy itself go, then it moves on if finished.
      if (copy.archiveSlot !== undefined) await index.markLeft(copy.archiveSlot, await nextSlot());
      await deleteCopy(ArchivedOrder, copy);
      if (finished) await archive(active);
    });
  }
  return report;
}

/** Between two sweeps: short enough that a crash mid-move is settled soon, long enough to cost nothing. */
const SWEEP_MS = 5 * 60_000;
/** Archived changes are kept this long for resync; a screen away longer gets a snapshot. */
export const ARCHIVED_CHANGES_KEPT_MS = 7 * 24 * 3600_000;

/** The sweep now and every SWEEP_MS, with the pruning of old archived changes; returns how to stop it. */
export function startOrderUpkeep(
  models: Pick<Models, 'Order'>,
  orders: OrderRepository,
  isFinished: (stepId: string) => Promise<boolean>,
  onError: (e: unknown) => void,
): { first: Promise<RecoveryReport>; stop: () => void } {
  const run = async () => {
    const report = await recoverOrders(models, orders, isFinished);
    await orders.pruneArchivedChanges(new Date(Date.now() - ARCHIVED_CHANGES_KEPT_MS));
    return report;
  };
  const timer = setInterval(() => void run().catch(onError), SWEEP_MS);
  timer.unref();
  return { first: run(), stop: () => clearInterval(timer) };
}
