import type { StoredOrder } from './order-documents.js';

/**
 * The archived orders read or written lately (without history), by id: the "tout voir" first page
 * and the wall's `{ all: true }` snapshot show the most recently finished orders, which otherwise
 * cost one `_id` lookup each on every subscription. Kept, like the active set, only when this
 * process makes every write (no REDIS_URL): the store tells it what it writes to the archive,
 * and a copy read is kept only when no write happened while it was read.
 */
export class RecentArchive {
  private readonly docs = new Map<string, StoredOrder>();
  /** Counts the store's writes: a copy read while one happened may predate it, and is not kept. */
  private writes = 0;

  constructor(private readonly max = 1000) {}

  get(id: string): StoredOrder | undefined {
    const o = this.docs.get(id);
    if (o) {
      // Most recently used last: the first key is the one to evict.
      this.docs.delete(id);
      this.docs.set(id, o);
    }
    return o;
  }

  /** Where a read starts: pass it to `putRead`. */
  mark(): number {
    return this.writes;
  }

  /** A copy read from the archive since `mark`: kept only if the store wrote nothing meanwhile. */
  putRead(doc: StoredOrder, mark: number): void {
    if (mark !== this.writes || this.docs.has(doc._id)) return;
    this.keep(doc);
  }

  /** What the store just wrote to the archive. */
  put(doc: StoredOrder): void {
    this.writes++;
    this.keep(doc);
  }

  private keep(doc: StoredOrder): void {
    const { history, ...kept } = doc;
    void history;
    this.docs.delete(doc._id);
    this.docs.set(doc._id, kept);
    if (this.docs.size > this.max) this.docs.delete(this.docs.keys().next().value!);
  }

  drop(id: string): void {
    this.writes++;
    this.docs.delete(id);
  }

  clear(): void {
    this.writes++;
    this.docs.clear();
  }
}
