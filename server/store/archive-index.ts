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

/** Reads buckets' entries by slot, newest first (see `reader`). */
export type BucketReader = (buckets: number[]) => Promise<Array<Map<number, ArchiveEntry>>>;

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

  /** A bucket's entries by slot, newest first: sorted once when read, not by every search that walks it. */
  function usable(entries: Entries): Map<number, ArchiveEntry> {
    const kept: Array<[number, ArchiveEntry]> = [];
    // A `left` stamp that outran its entry is no entry.
    for (const [slot, e] of Object.entries(entries)) if ('id' in e && typeof e.id === 'string') kept.push([Number(slot), e]);
    return new Map(kept.sort((a, b) => b[0] - a[0]));
  }

  async function readAt(buckets: number[], revisionsRead: Promise<Record<string, number>>): ReturnType<BucketReader> {
    const revs = await revisionsRead;
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

    /** The entries of these buckets, by slot (newest first), as they are now. */
    readMany: (buckets: number[]) => readAt(buckets, revisions()),

    /**
     * A reader for one request that walks many buckets (a page of "tout voir", a search): the
     * revisions are read once, on its first use, instead of once per batch of buckets.
     */
    reader(): BucketReader {
      let revs: Promise<Record<string, number>> | null = null;
      return (buckets) => readAt(buckets, (revs ??= revisions()));
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

/** A bucket's search texts end to end, with where each entry's starts: built once per bucket as read (the cache keeps the map). */
const haystacks = new WeakMap<Map<number, ArchiveEntry>, { text: string; starts: Int32Array; list: Array<[number, ArchiveEntry]> }>();
const SEPARATOR = '\u0000';

/**
 * The entries of a bucket whose search text holds `q` (lower-cased), newest first: one
 * `indexOf` over the bucket's texts end to end instead of one `includes` per entry (a rare
 * word in 50,000 entries). Null when `q` could match across two entries (it holds the separator).
 */
export function entriesContaining(entries: Map<number, ArchiveEntry>, q: string): Array<[number, ArchiveEntry]> | null {
  if (!q || q.includes(SEPARATOR)) return null;
  let h = haystacks.get(entries);
  if (!h) {
    const list = [...entries];
    const starts = new Int32Array(list.length);
    let at = 0;
    for (let i = 0; i < list.length; i++) {
      starts[i] = at;
      at += list[i][1].text.length + 1;
    }
    h = { text: list.map(([, e]) => e.text).join(SEPARATOR), starts, list };
    haystacks.set(entries, h);
  }
  const out: Array<[number, ArchiveEntry]> = [];
  for (let at = h.text.indexOf(q); at >= 0; ) {
    // The entry whose text holds this position: the last start at or before it.
    let lo = 0;
    let hi = h.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (h.starts[mid] <= at) lo = mid;
      else hi = mid - 1;
    }
    out.push(h.list[lo]);
    const next = lo + 1 < h.starts.length ? h.starts[lo + 1] : h.text.length;
    at = h.text.indexOf(q, next);
  }
  return out;
}
