import { AppError } from '../errors.js';
import { ActiveSet } from './active-set.js';
import { RecentArchive } from './recent-archive.js';
import { bucketOf, entryOf, sameEntry, type ArchiveIndex } from './archive-index.js';
import { assertLeasesHeld, type WriteLanes } from './lanes.js';
import { listingStore } from './listings.js';
import { orderRefStore } from './order-refs.js';
import type { Models } from './models.js';
import { HISTORY_KEPT, historyPages } from './history-pages.js';
import { applied, toMongo, type Decided, type Decision, type OrderChange, type OrderQuery, type OrderUpdate, type StoredHistory, type StoredOrder } from './order-documents.js';

export { HISTORY_KEPT, HISTORY_PAGE } from './history-pages.js';
export type { Decided, Decision, OrderChange, OrderQuery, OrderUpdate, StoredHistory, StoredOrder } from './order-documents.js';

const listProjection = { history: 0 } as const;
export interface StoreOptions {
  /**
   * True on MongoDB: a conditional findOneAndUpdate is atomic by itself, on
   * every node. False on FerretDB 1.24, which is neither atomic under
   * concurrency nor fast with such a filter (it only pushes a filter that is
   * exactly `{ _id }` down to SQLite and scans the collection otherwise), so
   * there the condition is checked on a fresh read inside the order's lane
   * and the write filters on `_id` alone.
   */
  atomicUpdates: boolean;
  /**
   * Keep the active orders in this process's memory (active-set.ts): true when this process is
   * the only one writing (no REDIS_URL), so the screens' lists read no collection.
   */
  keepActiveInMemory?: boolean;
}

/** What the repository needs from the rest of the store. */
export interface OrderStoreDeps {
  nextSeq: () => Promise<number>;
  /** The next archive slot (a counter): the order in which orders entered the archive. */
  nextSlot: () => Promise<number>;
  currentSlot: () => Promise<number>;
  /** Whether an order at this step belongs in the archive (at or after the workflow's final step). */
  isFinished: (stepId: string) => Promise<boolean>;
  index: ArchiveIndex;
}


/**
 * The only code that reads and writes orders. Writes are single-document and
 * conditional; each stamps the next global seq inside the order's lane, so an
 * order's seq grows with its version and a screen can keep the newest.
 *
 * An order lives in `orders` while it is active and in `archived_orders` once
 * finished, so every hot path reads a collection bounded by the work in
 * progress. Every write lands where the order is (one conditional write, as
 * before); when it takes the order across the final step, the order is then
 * moved inside the same lane: copy to the other collection, then delete the
 * first copy. No transaction: a crash between the two leaves both copies,
 * which the recovery sweep (order-recovery.ts) settles by version.
 */
export function orderRepository(
  models: Pick<Models, 'Order' | 'ArchivedOrder' | 'ArchiveChange' | 'Removal' | 'Listing' | 'HistoryPage' | 'OrderRef'>,
  lanes: WriteLanes,
  opts: StoreOptions,
  deps: OrderStoreDeps,
) {
  const { Order, ArchivedOrder, ArchiveChange, Removal } = models;
  const pages = historyPages(models);
  const { nextSeq, index } = deps;
  const lane = <T>(id: string, task: () => Promise<T>) => lanes.run(`order:${id}`, task);
  type OrderModel = typeof Order;
  const hot = opts.keepActiveInMemory ? new ActiveSet(async () => (await Order.find({}, listProjection).lean()) as StoredOrder[]) : null;
  const recentArchive = opts.keepActiveInMemory ? new RecentArchive() : null;
  /** A write to either collection: what it leaves is told to the memories; a failure (outcome unknown) makes them read again. */
  const written = <T>(write: PromiseLike<T>): Promise<T> =>
    Promise.resolve(write).catch((e: unknown) => {
      hot?.forget();
      recentArchive?.clear();
      throw e;
    });
  const activeById = async (id: string, projection?: object) => (await Order.findById(id, projection).lean()) as StoredOrder | null;
  const archivedById = async (id: string, projection?: object) =>
    (await ArchivedOrder.findById(id, projection).lean()) as StoredOrder | null;

  /** Where the order is: active first (where writes happen), then the archive. Two `_id` lookups at most. */
  async function locate(id: string, projection?: object): Promise<{ doc: StoredOrder; model: OrderModel; archived: boolean } | null> {
    const active = await activeById(id, projection);
    if (active) return { doc: active, model: Order, archived: false };
    const archived = await archivedById(id, projection);
    return archived ? { doc: archived, model: ArchivedOrder, archived: true } : null;
  }

  /** Deletes the copy we just read (in the lane): on MongoDB only if it is still that version. */
  const deleteCopy = async (model: OrderModel, o: StoredOrder) => {
    const res = await written(model.deleteOne(opts.atomicUpdates ? { _id: o._id, version: o.version } : { _id: o._id }));
    if (model === Order) hot?.drop(o._id, o.seq);
    else recentArchive?.drop(o._id);
    return res;
  };

  const noteArchivedChange = (o: StoredOrder) =>
    ArchiveChange.updateOne({ _id: o._id }, { $set: { seq: o.seq, at: new Date() } }, { upsert: true });

  /** Into the archive, inside the order's lane: index entry, archive copy, then the active copy goes. */
  async function archive(o: StoredOrder): Promise<StoredOrder> {
    const slot = await deps.nextSlot();
    await index.put(slot, entryOf(o));
    const moved: StoredOrder = { ...o, archiveSlot: slot };
    await written(ArchivedOrder.replaceOne({ _id: o._id }, moved, { upsert: true }));
    recentArchive?.put(moved);
    await noteArchivedChange(moved);
    await deleteCopy(Order, o);
    return moved;
  }

  /** Back to work, inside the order's lane: active copy, its index entry stamped as left, then the archive copy goes. */
  async function unarchive(o: StoredOrder): Promise<StoredOrder> {
    const { archiveSlot, ...active } = o;
    await written(Order.replaceOne({ _id: o._id }, active, { upsert: true }));
    hot?.put(active);
    if (archiveSlot !== undefined) await index.markLeft(archiveSlot, await deps.nextSlot());
    await deleteCopy(ArchivedOrder, o);
    return active;
  }

  /** After a write: the order goes where its step says; an archived one keeps its index entry and recent change current. */
  async function settle(change: OrderChange, wasArchived: boolean): Promise<OrderChange> {
    const finished = await deps.isFinished(change.after.stepId);
    if (!wasArchived && finished) return { ...change, after: await archive(change.after) };
    if (wasArchived && !finished) return { ...change, after: await unarchive(change.after) };
    if (wasArchived) {
      const slot = change.after.archiveSlot;
      if (slot !== undefined && !sameEntry(entryOf(change.before), entryOf(change.after))) await index.put(slot, entryOf(change.after));
      await noteArchivedChange(change.after);
    }
    return change;
  }

  /**
   * The write of `decide` where the lane alone keeps writers apart (FerretDB): by `_id`, the
   * order as it is after it told to the memories. Across nodes the lane is a Redis lease: lost
   * meanwhile, the write is abandoned.
   */
  async function writeInLane(model: OrderModel, id: string, write: OrderUpdate, seq: number): Promise<StoredOrder | null> {
    assertLeasesHeld();
    const after = (await written(model.findOneAndUpdate({ _id: id }, toMongo(write, seq), { returnDocument: 'after' }).lean())) as StoredOrder | null;
    if (after && model === Order) hot?.put(after);
    else if (after) recentArchive?.put(after);
    return after;
  }

  /**
   * Reads the order inside its lane, wherever it lives, and lets `choose`
   * (pure: no I/O) decide on it: nothing to write (`done`), or one write with
   * the condition it relied on as a MongoDB `filter`. On MongoDB that
   * conditional findOneAndUpdate is atomic on every node; when it no longer
   * matches (someone got there first, another node stamped a later seq, or
   * moved the order between collections), `choose` decides again on a fresh
   * read — and may then answer "stale", "already applied" or "gone". On
   * FerretDB the lane itself keeps writers apart, so the read is still
   * current and the write filters on `_id` alone (the only filter FerretDB
   * 1.24 serves from an index).
   */
  async function decide<T>(id: string, choose: (current: StoredOrder | null) => Decision<T>, { withoutHistory = false } = {}): Promise<Decided<T>> {
    return lane(id, async () => {
      if (withoutHistory) {
        const quick = await fromMemory(id, choose);
        if (quick) return quick;
      }
      for (let attempt = 0; attempt < 5; attempt++) {
        const found = await locate(id);
        const current = found?.doc ?? null;
        const d = choose(current);
        if ('done' in d) return d;
        const model = found!.model;
        const { write, filter } = await pages.spillHistory(found!.doc, d.write);
        const seq = await nextSeq();
        if (!opts.atomicUpdates) {
          const after = await writeInLane(model, id, write, seq);
          if (after && current) return { change: await settle({ before: current, after }, found!.archived) };
          continue;
        }
        const before = (await written(
          model.findOneAndUpdate({ _id: id, ...d.filter, ...filter, seq: { $lt: seq } }, toMongo(write, seq), {
            returnDocument: 'before',
          }).lean(),
        )) as StoredOrder | null;
        if (!before) continue;
        const after = applied(before, write, seq);
        if (model === Order) hot?.put(after);
        else recentArchive?.put(after);
        return { change: await settle({ before, after }, found!.archived) };
      }
      throw new AppError(503, 'busy', 'This order is being changed from several places at once; nothing was changed. Try again.');
    });
  }

  /**
   * `decide` for a decision that reads no history entry (a transition whose opId was never
   * used: store/op-ids.ts), on one node: the active set's copy is the order as this process last
   * wrote it (same seq, inside the lane), so the one write is the only round trip. Null when that
   * copy is not at hand or not enough: `choose` refuses (it is asked again on the stored document,
   * with its history, for a faithful answer), the write would spill history, or the engine is
   * MongoDB (where the conditional write itself is the check).
   */
  async function fromMemory<T>(id: string, choose: (current: StoredOrder | null) => Decision<T>): Promise<Decided<T> | null> {
    const known = !opts.atomicUpdates ? hot?.peek(id) : null;
    if (!known) return null;
    let d: Decision<T>;
    try {
      d = choose(known.doc);
    } catch {
      return null;
    }
    if ('done' in d || known.historyLength + (d.write.push?.length ?? 0) > HISTORY_KEPT) return null;
    const after = await writeInLane(Order, id, d.write, await nextSeq());
    if (!after) return null;
    return { change: await settle({ before: known.doc, after }, false) };
  }

  return {
    /** A new order; one created at a finished step goes on to the archive at once. */
    async insert(order: StoredOrder): Promise<StoredOrder> {
      const created = await written(Order.create(order));
      hot?.put(created.toObject() as StoredOrder);
      if (await deps.isFinished(order.stepId)) return lane(order._id, () => archive(order));
      return order;
    },

    /** One order wherever it lives (active first, then the archive); with its whole history (pages included) unless `withHistory` is false. */
    async findById(id: string, withHistory = true): Promise<StoredOrder | null> {
      const doc = (await locate(id, withHistory ? undefined : listProjection))?.doc ?? null;
      return doc && withHistory ? pages.withFullHistory(doc) : doc;
    },

    /** Orders of the ACTIVE collection matching `query`: bounded by the work in progress. */
    async list(query: OrderQuery): Promise<StoredOrder[]> {
      return (await Order.find(query, listProjection).lean()) as StoredOrder[];
    },

    /**
     * The screens' read: active orders for which `matches` holds, from memory when this process
     * keeps them (active-set.ts), else the collection queried with `query` (the same rule, as a
     * database query).
     */
    async listActive(query: OrderQuery, matches: (o: StoredOrder) => boolean): Promise<StoredOrder[]> {
      return hot ? hot.matching(matches) : this.list(query);
    },

    /** Something wrote to `orders` without this repository (a backfill): the active set scans again. */
    forgetActive(): void {
      hot?.forget();
    },

    /** Orders expected in the archive (archive pages, search hits, archived changes), by id: the archive first, then active. */
    async archivedByIds(ids: string[]): Promise<StoredOrder[]> {
      const found = await Promise.all(
        ids.map(async (id) => {
          const known = recentArchive?.get(id);
          if (known) return known;
          const mark = recentArchive?.mark() ?? 0;
          const archived = await archivedById(id, listProjection);
          if (archived) recentArchive?.putRead(archived, mark);
          return archived ?? (await activeById(id, listProjection));
        }),
      );
      return found.filter((o): o is StoredOrder => o !== null);
    },

    /** Whether an archived order has this number: read from the archive's index, by `_id`, never a scan of the orders. */
    async archivedNumberTaken(number: number): Promise<boolean> {
      const buckets = Array.from({ length: bucketOf(await deps.currentSlot()) + 1 }, (_, b) => b);
      return (await index.readMany(buckets)).some((entries) => [...entries.values()].some((e) => e.number === number && e.left === undefined));
    },

    /** Orders by id wherever they live, in the order asked, missing ones left out. */
    async byIds(ids: string[]): Promise<StoredOrder[]> {
      const found = await Promise.all(ids.map(async (id) => (await locate(id, listProjection))?.doc ?? null));
      return found.filter((o): o is StoredOrder => o !== null);
    },

    /**
     * Orders changed after `seq`, oldest change first: the active ones by
     * their seq, the archived ones through their recent changes (never a
     * scan of the archive). `complete` is false when archived changes that
     * old have been pruned: the caller then answers with a snapshot.
     */
    async changedSince(seq: number, limit: number): Promise<{ orders: StoredOrder[]; complete: boolean }> {
      const [active, recent] = await Promise.all([
        hot
          ? hot.matching((o) => o.seq > seq).then((found) => found.sort((a, b) => a.seq - b.seq).slice(0, limit))
          : (Order.find({ seq: { $gt: seq } }, listProjection).sort({ seq: 1 }).limit(limit).lean() as Promise<StoredOrder[]>),
        ArchiveChange.find({ seq: { $gt: seq } }).sort({ seq: 1 }).limit(limit + 1).lean() as Promise<Array<{ _id: string; seq: number }>>,
      ]);
      const pruned = recent.find((r) => r._id === PRUNED_MARK);
      const complete = !pruned || pruned.seq <= seq;
      const wanted = recent.filter((r) => r._id !== PRUNED_MARK).map((r) => r._id);
      const seen = new Map(active.map((o) => [o._id, o]));
      for (const o of await this.archivedByIds(wanted.filter((id) => !seen.has(id)))) {
        if (o.seq > seq) seen.set(o._id, o);
      }
      const orders = [...seen.values()].sort((a, b) => a.seq - b.seq).slice(0, limit);
      return { orders, complete };
    },

    /**
     * Orders (without history) changed at or after `since`, wherever they
     * live: the active ones by a scan of the active collection, the archived
     * ones through their recent changes, read by `_id` — for the mail sweep,
     * which must also see an order that entered the archive with its step.
     */
    async changedAfter(since: Date): Promise<StoredOrder[]> {
      const [active, recent] = await Promise.all([
        this.listActive({ updatedAt: { $gte: since } }, (o) => !!o.updatedAt && new Date(o.updatedAt) >= since),
        ArchiveChange.find({ at: { $gte: since } }).lean() as Promise<Array<{ _id: string }>>,
      ]);
      const seen = new Set(active.map((o) => o._id));
      const archived = await this.archivedByIds(recent.map((r) => r._id).filter((id) => id !== PRUNED_MARK && !seen.has(id)));
      return [...active, ...archived.filter((o) => o.updatedAt && new Date(o.updatedAt) >= since)];
    },

    /** Forgets archived changes older than `before`, remembering the highest seq forgotten. */
    async pruneArchivedChanges(before: Date): Promise<number> {
      const old = (await ArchiveChange.find({ at: { $lt: before } }).lean()) as Array<{ _id: string; seq: number }>;
      const gone = old.filter((r) => r._id !== PRUNED_MARK);
      if (!gone.length) return 0;
      const highest = Math.max(...gone.map((r) => r.seq));
      // The mark first: a crash in between then only makes a resync answer a snapshot.
      await ArchiveChange.updateOne({ _id: PRUNED_MARK }, { $max: { seq: highest }, $set: { at: new Date(8.64e15) } }, { upsert: true });
      await ArchiveChange.deleteMany({ _id: { $in: gone.map((r) => r._id) } });
      return gone.length;
    },

    async removedSince(seq: number, limit: number): Promise<Array<{ _id: string; seq: number }>> {
      return (await Removal.find({ seq: { $gt: seq } }).sort({ seq: 1 }).limit(limit).lean()) as Array<{
        _id: string;
        seq: number;
      }>;
    },

    /** Counts in both collections: for rare checks (a step or person still in use), not for screens. */
    async countWhere(query: OrderQuery): Promise<number> {
      const [active, archived] = await Promise.all([Order.countDocuments(query), ArchivedOrder.countDocuments(query)]);
      return active + archived;
    },

    decide,
    index,
    listings: listingStore(models),
    /** ERP references: which order holds one (unique across both collections, by `_id`). */
    refs: orderRefStore(models, lanes, async (orderId, ref) => (await locate(orderId, listProjection))?.doc.externalRef === ref),

    /** Appends a history entry (mail); null when the order is gone. */
    async appendHistory(id: string, entry: StoredHistory): Promise<OrderChange | null> {
      const r = await decide<null>(id, (current) =>
        current ? { filter: {}, write: { set: { updatedAt: new Date() }, push: [entry] } } : { done: null },
      );
      return 'change' in r ? r.change : null;
    },

    /** Deletes an order wherever it lives and leaves a tombstone with its removal's seq. */
    async remove(id: string): Promise<{ before: StoredOrder; seq: number } | null> {
      return lane(id, async () => {
        const found = await locate(id, listProjection);
        if (!found) return null;
        const before = found.doc;
        const seq = await nextSeq();
        // The tombstone first: if the delete then fails, a resync only repeats a removal.
        await Removal.updateOne({ _id: id }, { $set: { seq, at: new Date() } }, { upsert: true });
        if (before.archiveSlot !== undefined) await index.markLeft(before.archiveSlot, await deps.nextSlot());
        const res = await written(found.model.deleteOne({ _id: id }));
        if (found.model === Order) hot?.drop(id, seq);
        else recentArchive?.drop(id);
        await pages.removePages(before);
        return res.deletedCount === 1 ? { before, seq } : null;
      });
    },

    /** For the recovery sweep: the lane, the two copies of one order, the moves. */
    internals: { lane, activeById, archivedById, archive, unarchive, deleteCopy, Order, ArchivedOrder, index, nextSlot: deps.nextSlot },
  };
}
export type OrderRepository = ReturnType<typeof orderRepository>;

/** The `archive_changes` document that remembers the highest seq pruned. */
export const PRUNED_MARK = '~pruned';
