import type { Collection } from 'mongoose';

/** A document's list holds at most this many entries before they go to a chunk of their own. */
export const SPILL_AT = 200;
/** Chunks kept in memory per process (a chunk of keys is ~12 KB). */
const CACHE_MAX = 1000;

/**
 * The older part of a list that grows with a day's work (the changes a
 * statistics document has counted, a day's visits). Rewriting the whole list
 * on every change would make each change cost as much as the day so far, so
 * the newest entries stay in the document itself and, once they pass
 * SPILL_AT, go to a chunk document `<id>~<k>` (by `_id`, in the same
 * collection); the document then counts its chunks and starts an empty list.
 *
 * Crash-safe without transactions: the chunk is written BEFORE the document
 * that names it, so a stop in between leaves the entries in the document's
 * list as well (a retry writes the chunk again, whole). A chunk the document
 * names is never written again: each process caches it for good.
 */
export function spilledChunks<T>(collection: Collection, field: string) {
  const cache = new Map<string, T[]>();
  const chunkId = (id: string, k: number) => `${id}~${k}`;
  const remember = (cid: string, entries: T[]) => {
    if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value as string);
    cache.set(cid, entries);
  };

  return {
    /** The entries of the `count` chunks a document names, oldest first. */
    async read(id: string, count: number): Promise<T[]> {
      const parts = await Promise.all(
        Array.from({ length: count }, async (_, k) => {
          const cid = chunkId(id, k);
          const known = cache.get(cid);
          if (known) return known;
          const doc = (await collection.findOne({ _id: cid as never })) as Record<string, unknown> | null;
          const raw = doc?.[field];
          // Missing (should not be: it is written first): read again next time rather than cached empty.
          if (typeof raw !== 'string') return [];
          const entries = JSON.parse(raw) as T[];
          remember(cid, entries);
          return entries;
        }),
      );
      return parts.flat();
    },

    /** Writes chunk `k` of `id`, before the document is written to name it; `settled` once it is. */
    async write(id: string, k: number, entries: T[]): Promise<void> {
      await collection.replaceOne({ _id: chunkId(id, k) as never }, { [field]: JSON.stringify(entries) }, { upsert: true });
    },
    settled(id: string, k: number, entries: T[]): void {
      remember(chunkId(id, k), entries);
    },
  };
}
