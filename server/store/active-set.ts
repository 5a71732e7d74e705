import type { StoredOrder } from './order-documents.js';

/**
 * The active orders (without their history) kept in this process's memory, so that the screens'
 * lists, snapshots and resyncs read no collection at all. On FerretDB 1.24 every such read is a
 * scan of `orders` with each document decoded in Go: about 0.3 ms of CPU per active order, so a
 * kiosk's snapshot at 1,000 orders in progress cost 200–400 ms, and 200 screens reconnecting
 * queued behind each other. The set is bounded by the work in progress, like the collection.
 *
 * It is exact only when every write to `orders` passes through this process's store, which then
 * tells the set what it wrote, inside the order's write lane (so in the order of the writes):
 * one node. With several nodes (REDIS_URL) the store does not keep one; their screens read
 * MongoDB, whose indexes serve these queries.
 *
 * Loading is a scan, done on first use and again after anything that could leave the set unsure
 * (a write whose outcome is unknown, a repair by the recovery sweep, a write made outside the
 * store, or MAX_AGE_MS, so that a mistake is never kept for long). Writes that land while the scan
 * runs are remembered with their seq and win over what the scan read, whichever came first: an
 * order's seq grows with each of its writes, and a deleted copy is skipped when its seq is not
 * newer than the deletion's.
 */
export class ActiveSet {
  private docs: Map<string, StoredOrder> | null = null;
  private loadedAt = 0;
  private loading: Promise<Map<string, StoredOrder>> | null = null;
  /** While a scan runs: what the writes said meanwhile (null: gone), by order, with the seq it holds. */
  private during: Map<string, { doc: StoredOrder | null; seq: number }> | null = null;
  /** Bumped by `forget`: a scan started before it is not trusted. */
  private generation = 0;
  /** How many history entries an order's document holds, as of its seq: known from the writes (the scan leaves history out). */
  private historyLengths = new Map<string, { seq: number; length: number }>();

  constructor(
    private readonly scan: () => Promise<StoredOrder[]>,
    private readonly maxAgeMs = MAX_AGE_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** The active orders for which `matches` holds, from memory (scanned first when not loaded). */
  async matching(matches: (o: StoredOrder) => boolean): Promise<StoredOrder[]> {
    const docs = await this.current();
    const found: StoredOrder[] = [];
    for (const o of docs.values()) if (matches(o)) found.push(o);
    return found;
  }

  /** An order the store just wrote to `orders` (inserted, updated, moved back from the archive). */
  put(doc: StoredOrder): void {
    const { history, ...kept } = doc;
    if (history) this.historyLengths.set(kept._id, { seq: kept.seq, length: history.length });
    else this.historyLengths.delete(kept._id);
    this.docs?.set(kept._id, kept);
    this.note(kept._id, kept, kept.seq);
  }

  /**
   * The order as the set holds it now (no history) and how many history entries its document
   * has, for a write that needs nothing more (store/orders.ts `decide`): only while the set is
   * loaded and trusted, and only when this process wrote that very version (same seq).
   */
  peek(id: string): { doc: StoredOrder; historyLength: number } | null {
    if (!this.docs || this.now() - this.loadedAt >= this.maxAgeMs) return null;
    const doc = this.docs.get(id);
    const h = this.historyLengths.get(id);
    return doc && h && h.seq === doc.seq ? { doc, historyLength: h.length } : null;
  }

  /** An order the store just deleted from `orders` (archived, removed, a duplicate copy); `seq`: the seq of the copy deleted, or later. */
  drop(id: string, seq: number): void {
    this.docs?.delete(id);
    this.historyLengths.delete(id);
    this.note(id, null, seq);
  }

  /** Not sure any more (a write failed half-way, a repair, a write outside the store): scanned again on next use. */
  forget(): void {
    this.generation++;
    this.docs = null;
    this.historyLengths.clear();
    this.loading = null;
    this.during = null;
  }

  private note(id: string, doc: StoredOrder | null, seq: number): void {
    const seen = this.during?.get(id);
    if (this.during && (!seen || seen.seq <= seq)) this.during.set(id, { doc, seq });
  }

  private async current(): Promise<Map<string, StoredOrder>> {
    if (this.docs && this.now() - this.loadedAt < this.maxAgeMs) return this.docs;
    if (this.docs) this.forget();
    this.loading ??= this.load();
    return this.loading;
  }

  private async load(): Promise<Map<string, StoredOrder>> {
    const generation = this.generation;
    const during = new Map<string, { doc: StoredOrder | null; seq: number }>();
    this.during = during;
    const startedAt = this.now();
    let scanned: StoredOrder[];
    try {
      scanned = await this.scan();
    } catch (e) {
      if (this.generation === generation) this.forget();
      throw e;
    }
    // What the scan read, unless a write meanwhile said something at least as new (a copy, or gone).
    const docs = new Map<string, StoredOrder>();
    for (const o of scanned) {
      const { history, ...kept } = o;
      void history;
      const w = during.get(o._id);
      if (!w || w.seq < o.seq) docs.set(o._id, kept);
    }
    for (const [id, w] of during) if (w.doc && !docs.has(id)) docs.set(id, w.doc);
    // Forgotten meanwhile: this scan may predate what made the set unsure; it serves its callers only.
    if (this.generation !== generation) return docs;
    this.docs = docs;
    this.loadedAt = startedAt;
    this.during = null;
    this.loading = null;
    return docs;
  }
}

/** The longest the set is trusted without a scan: a mistake (a write this process did not see) lasts no longer. */
export const MAX_AGE_MS = 10 * 60_000;
