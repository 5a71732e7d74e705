import { isActiveStep, type WorkflowShape } from '../../shared/workflow.js';
import type { WriteLanes } from './lanes.js';
import type { Models } from './models.js';
import type { StoredOrder } from './orders.js';

/**
 * The archive's index: every move of an order into the archive takes the next
 * archive slot (a counter) and writes a compact summary of the order under
 * that slot in bucket `floor(slot / ARCHIVE_BUCKET_SIZE)`. Slots grow in
 * finishing order, so "newest finished first" is the buckets read from the
 * highest down, each by `_id` — the one lookup FerretDB 1.24 serves from an
 * index. Entries are never removed: a move out of the archive stamps the
 * entry with the slot of that move (`left`), so a listing started before it
 * still counts the order where it was (pages stable under writes).
 */
export const ARCHIVE_BUCKET_SIZE = 500;

export interface ArchiveEntry {
  id: string;
  number: number;
  /** company, contact name and customer reference, lower-cased, one per line: what a search looks into. */
  text: string;
  stepId: string;
  assigneeId: string | null;
  machineId: string | null;
  /** The slot of the move out of the archive (back to work, or removal), when there was one. */
  left?: number;
}

export const bucketOf = (slot: number) => Math.floor(slot / ARCHIVE_BUCKET_SIZE);

/** The same lower-casing as the screens' filter (shared/order-filter.ts), so search matches alike. */
export const searchable = (s: string | undefined) => (s ?? '').toLocaleLowerCase('fr');

export function entryOf(o: StoredOrder): ArchiveEntry {
  return {
    id: o._id,
    number: o.number,
    text: [o.contact.company, o.contact.name, o.customerRef].map(searchable).join('\n'),
    stepId: o.stepId,
    assigneeId: o.assigneeId ?? null,
    machineId: o.machineId ?? null,
  };
}

export const sameEntry = (a: ArchiveEntry, b: ArchiveEntry) =>
  a.text === b.text && a.stepId === b.stepId && a.assigneeId === b.assigneeId && a.machineId === b.machineId && a.number === b.number;

export function archiveIndex({ ArchiveBucket }: Pick<Models, 'ArchiveBucket'>, lanes: WriteLanes) {
  // Writes to one bucket go one at a time: FerretDB 1.24 rewrites the whole
  // document per update, so two concurrent $set on it could lose one.
  const write = (slot: number, set: Record<string, unknown>) =>
    lanes.run(`archive-bucket:${bucketOf(slot)}`, async () => {
      await ArchiveBucket.collection.updateOne({ _id: String(bucketOf(slot)) as never }, { $set: set }, { upsert: true });
    });

  return {
    put: (slot: number, entry: ArchiveEntry) => write(slot, { [`entries.${slot}`]: entry }),
    markLeft: (slot: number, left: number) => write(slot, { [`entries.${slot}.left`]: left }),

    /** The entries of one bucket, by slot (entries without an id are a `left` stamp that outran its entry: none). */
    async read(bucket: number): Promise<Map<number, ArchiveEntry>> {
      const doc = (await ArchiveBucket.collection.findOne({ _id: String(bucket) as never })) as { entries?: Record<string, ArchiveEntry> } | null;
      const out = new Map<number, ArchiveEntry>();
      for (const [slot, e] of Object.entries(doc?.entries ?? {})) if (e && typeof e.id === 'string') out.set(Number(slot), e);
      return out;
    },
  };
}
export type ArchiveIndex = ReturnType<typeof archiveIndex>;

/**
 * Whether an order at a step belongs in the archive: not active, i.e. at or
 * after the final step (shared/workflow.ts). The workflow is read by `_id`,
 * at most once a second: a changed final step is applied to the orders that
 * move afterwards and, for those already in place, by the next recovery sweep.
 */
export function finishedStepCheck(workflow: () => Promise<WorkflowShape | null>): (stepId: string) => Promise<boolean> {
  let cached: { w: WorkflowShape | null; at: number } | null = null;
  return async (stepId) => {
    if (!cached || Date.now() - cached.at > 1000) cached = { w: await workflow(), at: Date.now() };
    return cached.w ? !isActiveStep(cached.w, stepId) : false;
  };
}
