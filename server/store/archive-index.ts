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
export const ARCHIVE_BUCKET_SIZE = 1000;

export interface ArchiveEntry {
  id: string;
  number: number;
  /** company, contact name, customer reference and ERP reference, lower-cased, one per line: what a search looks into. */
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
    text: [o.contact.company, o.contact.name, o.customerRef, o.externalRef].map(searchable).join('\n'),
    stepId: o.stepId,
    assigneeId: o.assigneeId ?? null,
    machineId: o.machineId ?? null,
  };
}

export const sameEntry = (a: ArchiveEntry, b: ArchiveEntry) =>
  a.text === b.text && a.stepId === b.stepId && a.assigneeId === b.assigneeId && a.machineId === b.machineId && a.number === b.number;

/** A bucket's entries as stored: one JSON string, which FerretDB hands over without decoding 500 nested documents. */
type Entries = Record<string, ArchiveEntry | { left: number }>;
const parse = (doc: { json?: string } | null): Entries => (doc?.json ? (JSON.parse(doc.json) as Entries) : {});

/** The document of `archive_buckets` that holds each bucket's revision (bumped on every change of it). */
const REVISIONS = 'revisions';
/** A cached bucket is read again after this long even if its revision says nothing changed (a crash between the two writes). */
const CACHE_MS = 60_000;

export function archiveIndex({ ArchiveBucket }: Pick<Models, 'ArchiveBucket'>, lanes: WriteLanes) {
  const loadJson = async (id: string) => ((await ArchiveBucket.collection.findOne({ _id: id as never })) as { json?: string } | null)?.json;
  const load = async (bucket: number) => parse({ json: await loadJson(String(bucket)) });
  const revisions = async () => JSON.parse((await loadJson(REVISIONS)) ?? '{}') as Record<string, number>;
  const save = (id: string, value: unknown) =>
    ArchiveBucket.collection.updateOne({ _id: id as never }, { $set: { json: JSON.stringify(value) } }, { upsert: true });

  // A change to one bucket is a read and a rewrite of it, one at a time in the
  // bucket's lane (FerretDB's updates are not atomic under concurrency), then
  // its revision is bumped so that every node's cache reads it again.
  const change = (slot: number, edit: (entries: Entries) => void) =>
    lanes.run(`archive-bucket:${bucketOf(slot)}`, async () => {
      const bucket = bucketOf(slot);
      const entries = await load(bucket);
      edit(entries);
      await save(String(bucket), entries);
      await lanes.run('archive-revisions', async () => {
        const revs = await revisions();
        revs[bucket] = (revs[bucket] ?? 0) + 1;
        await save(REVISIONS, revs);
      });
    });

  /*
   * Buckets as last read, with their revision: a search or a page reads the
   * revisions (one document by `_id`) and only the buckets that changed since
   * (in practice the newest one), instead of every bucket each time.
   */
  const cache = new Map<number, { rev: number; at: number; entries: Map<number, ArchiveEntry> }>();

  function usable(entries: Entries): Map<number, ArchiveEntry> {
    const out = new Map<number, ArchiveEntry>();
    // A `left` stamp that outran its entry is no entry.
    for (const [slot, e] of Object.entries(entries)) if ('id' in e && typeof e.id === 'string') out.set(Number(slot), e);
    return out;
  }

  return {
    put: (slot: number, entry: ArchiveEntry) =>
      change(slot, (entries) => {
        const left = entries[slot]?.left;
        entries[slot] = left === undefined ? entry : { ...entry, left };
      }),
    markLeft: (slot: number, left: number) =>
      change(slot, (entries) => {
        entries[slot] = { ...entries[slot], left };
      }),

    /** The entries of these buckets, by slot, as they are now. */
    async readMany(buckets: number[]): Promise<Array<Map<number, ArchiveEntry>>> {
      const revs = await revisions();
      const now = Date.now();
      return Promise.all(
        buckets.map(async (b) => {
          const rev = revs[b] ?? 0;
          const hit = cache.get(b);
          if (hit && hit.rev === rev && now - hit.at < CACHE_MS) return hit.entries;
          const entries = usable(await load(b));
          cache.set(b, { rev, at: now, entries });
          return entries;
        }),
      );
    },

    /** Many entries at once (a bulk load while nothing else writes): one rewrite per bucket. */
    async putMany(entries: Array<{ slot: number; entry: ArchiveEntry }>): Promise<void> {
      const byBucket = new Map<number, typeof entries>();
      for (const e of entries) byBucket.set(bucketOf(e.slot), [...(byBucket.get(bucketOf(e.slot)) ?? []), e]);
      for (const [bucket, list] of byBucket) {
        await change(bucket * ARCHIVE_BUCKET_SIZE, (all) => {
          for (const { slot, entry } of list) all[slot] = entry;
        });
      }
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
