import { randomBytes } from 'node:crypto';
import type { Order, OrderFilter, OrderSort } from '../../shared/schemas/order.js';
import type { SettingsReply } from '../../shared/schemas/settings.js';
import { matchesFilter } from '../../shared/order-filter.js';
import { decodeCursor, encodeCursor, type PageCursor } from '../domain/order-cursor.js';
import { orderQuery, sortByUrgencyOrField } from '../domain/order-query.js';
import { unprocessable } from '../errors.js';
import { ARCHIVE_BUCKET_SIZE, bucketOf, entriesContaining, searchable, type ArchiveEntry, type BucketReader } from '../store/archive-index.js';
import type { CounterRepository } from '../store/counters.js';
import { LISTING_TTL_MS, type StoredListing } from '../store/listings.js';
import type { OrderRepository, StoredOrder } from '../store/orders.js';

export const DEFAULT_PAGE = 200;
export const MAX_PAGE = 1000;
/** Finished orders in a live snapshot with `all` (a screenful; the rest come in pages as the user scrolls). */
export const SNAPSHOT_FINISHED = 50;
/** Archive buckets read at once while a page looks for matches (a search may need all of them). */
const BUCKETS_AT_ONCE = 16;

export interface OrderPage {
  orders: Order[];
  seq: number;
  /** The cursor of the next page, while more remain. */
  next: string | null;
}

export interface OrderPageDeps {
  orders: OrderRepository;
  counters: CounterRepository;
  settings: () => Promise<SettingsReply>;
  view: (o: StoredOrder, s: SettingsReply) => Order;
}

/** The filter a listing keeps, so a cursor is only ever used with the filter it was made for. */
const listingFilter = (f: OrderFilter, sort: OrderSort | undefined) => ({
  stepId: f.stepId ?? null,
  assigneeId: f.assigneeId ?? null,
  machineId: f.machineId ?? null,
  q: f.q?.trim() || null,
  sort: sort ?? 'urgency',
});

/**
 * The filter as a test of archive entries, its search text lower-cased once: a search in all
 * runs it on every entry of the archive (50,000 after ten years), where a French-locale
 * lower-casing each time cost more than the match.
 */
function entryFilter(f: OrderFilter) {
  const q = searchable(f.q?.trim());
  // Digits are also the order's number, as the screens' filter reads them ("0042" finds order 42).
  const number = /^\d{1,9}$/.test(q) ? Number(q) : NaN;
  const others = (e: ArchiveEntry) =>
    (!f.stepId || e.stepId === f.stepId) && (!f.assigneeId || e.assigneeId === f.assigneeId) && (!f.machineId || e.machineId === f.machineId);
  return {
    matches: (e: ArchiveEntry) => others(e) && (!q || e.text.includes(q) || e.number === number),
    /** The entries of a bucket worth testing, newest first: with a text to find (not a number), only those holding it. */
    candidates: (entries: Map<number, ArchiveEntry>): Iterable<[number, ArchiveEntry]> =>
      (Number.isNaN(number) && entriesContaining(entries, q)) || entries,
  };
}

/**
 * "Tout voir" in pages: first the active orders in the list's sort (frozen
 * at the first page, so their order cannot shift under the reader), then the
 * archive, newest finished first, read bucket by bucket by `_id`. An archive
 * entry counts for a listing when the order was archived before the listing
 * was made and had not left the archive before it began (see
 * store/archive-index.ts), so no order shows twice and none that existed at
 * the first page is skipped, whatever moves meanwhile.
 */
export function orderPages(deps: OrderPageDeps) {
  const { orders, counters } = deps;

  /**
   * One page of `limit` orders from `cursorText` (the first without it). With
   * `keepListing` false it is a live snapshot instead: every active order,
   * then the `limit` most recently finished, and no cursor.
   */
  async function page(
    filter: OrderFilter,
    sort: OrderSort | undefined,
    limit: number,
    cursorText?: string,
    keepListing = true,
  ): Promise<OrderPage> {
    const s = await deps.settings();
    const seq = await counters.current('seq');
    const wanted = listingFilter(filter, sort);
    let listing: StoredListing;
    let at: PageCursor;
    let firstPart: Order[] | null = null;
    if (cursorText === undefined) {
      const slotBefore = await counters.current('archiveSlot');
      const everyStep = { ...filter, all: true };
      const found = await orders.listActive(orderQuery(everyStep, s), (o) => matchesFilter(o, everyStep, s));
      const active = sortByUrgencyOrField(found.map((o) => deps.view(o, s)), sort);
      const slotAfter = await counters.current('archiveSlot');
      listing = { _id: randomBytes(12).toString('hex'), filter: wanted, ids: active.map((o) => o.id), slotBefore, slotAfter, createdAt: new Date() };
      at = { listing: listing._id, index: 0, slot: slotAfter };
      firstPart = active;
    } else {
      at = decodeCursor(cursorText);
      const found = await orders.listings.get(at.listing);
      if (!found || Date.now() - new Date(found.createdAt).getTime() > LISTING_TTL_MS) {
        throw unprocessable('expired_cursor', 'This page cursor has expired; start again from the first page');
      }
      if (JSON.stringify(found.filter) !== JSON.stringify(wanted)) {
        throw unprocessable('cursor_mismatch', 'This page cursor belongs to another filter or sort; start again from the first page');
      }
      listing = found;
    }

    const out: Order[] = [];
    let index = at.index;
    // A live snapshot (no listing kept) holds every active order, then `limit` finished ones.
    const activeRoom = keepListing ? limit : listing.ids.length;
    const cap = keepListing ? limit : listing.ids.length + limit;
    if (index < listing.ids.length) {
      const ids = listing.ids.slice(index, index + activeRoom);
      const part = firstPart ? firstPart.slice(index, index + activeRoom) : (await orders.byIds(ids)).map((o) => deps.view(o, s));
      out.push(...part);
      index += ids.length;
    }
    const taken = new Set(listing.ids);
    let slot = Math.min(at.slot, listing.slotAfter);
    const readBuckets = orders.index.reader();
    // One more than asked: whether another page follows is then known, never an empty last page.
    while (out.length <= cap && slot >= 0 && !(index < listing.ids.length)) {
      const room = cap + 1 - out.length;
      const { found, nextSlot } = await candidates(readBuckets, listing, filter, slot, room, taken);
      for (const o of await resolve(found, listing, filter, s)) out.push(o);
      slot = nextSlot;
      if (out.length > cap) {
        // The extra one starts the next page.
        const extra = out.pop()!;
        slot = found.find((c) => c.entry.id === extra.id)!.slot;
        break;
      }
    }
    const more = index < listing.ids.length || (slot >= 0 && out.length >= cap);
    if (more && firstPart && keepListing) await orders.listings.create(listing);
    return { orders: out, seq, next: more && keepListing ? encodeCursor({ listing: listing._id, index, slot }) : null };
  }

  /** Archive entries at `slot` and below that count for the listing and match the filter, at most `room`, newest first. */
  async function candidates(readBuckets: BucketReader, listing: StoredListing, filter: OrderFilter, slot: number, room: number, taken: Set<string>) {
    const found: Array<{ slot: number; entry: ArchiveEntry }> = [];
    const test = entryFilter(filter);
    let bucket = bucketOf(slot);
    while (found.length < room && bucket >= 0) {
      const batch = Array.from({ length: Math.min(BUCKETS_AT_ONCE, bucket + 1) }, (_, i) => bucket - i);
      const read = await readBuckets(batch);
      for (const entries of read) {
        // Newest first, as the index keeps them.
        for (const [k, e] of test.candidates(entries)) {
          if (k > slot) continue;
          const counts = (e.left === undefined || e.left > listing.slotBefore) && !taken.has(e.id);
          if (counts && test.matches(e)) found.push({ slot: k, entry: e });
          if (found.length >= room) return { found, nextSlot: k - 1 };
        }
        bucket--;
        slot = bucket * ARCHIVE_BUCKET_SIZE + ARCHIVE_BUCKET_SIZE - 1;
      }
    }
    return { found, nextSlot: -1 };
  }

  /** The orders behind archive entries, as they are now; an entry superseded by a later move into the archive is left out. */
  async function resolve(found: Array<{ slot: number; entry: ArchiveEntry }>, listing: StoredListing, filter: OrderFilter, s: SettingsReply) {
    const docs = await orders.archivedByIds(found.map((c) => c.entry.id));
    const byId = new Map(docs.map((d) => [d._id, d]));
    const out: Order[] = [];
    for (const c of found) {
      const doc = byId.get(c.entry.id);
      if (!doc) continue;
      if (doc.archiveSlot !== undefined && doc.archiveSlot !== c.slot && doc.archiveSlot <= listing.slotAfter) continue;
      const o = deps.view(doc, s);
      if (matchesFilter(o, { ...filter, all: true }, s)) out.push(o);
    }
    return out;
  }

  return { page };
}
export type OrderPages = ReturnType<typeof orderPages>;
