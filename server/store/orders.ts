import type { Models } from './models.js';
import { AppError } from '../errors.js';
import type { WriteLanes } from './lanes.js';

/** An order as stored (dates of history as Date objects). */
export interface StoredHistory {
  at: Date;
  actor: string;
  actorId?: string | null;
  kind: string;
  fromStepId?: string;
  toStepId?: string;
  comment?: string;
  opId?: string;
  fromStatus?: string | null;
  toStatus?: string | null;
  fields?: string[];
  mail?: Record<string, unknown>;
}

export interface StoredOrder {
  _id: string;
  number: number;
  date: string;
  contact: { id?: string; company?: string; name: string; email?: string; postalCode?: string };
  nature?: string;
  customerRef?: string;
  status: string | null;
  stepId: string;
  dueDate: string | null;
  assigneeId: string | null;
  machineId: string | null;
  version: number;
  seq: number;
  history?: StoredHistory[];
  updatedAt?: Date;
}

export type OrderQuery = Record<string, unknown>;

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
}

/** What a write did: the document it replaced and the one it left. */
export interface OrderChange {
  before: StoredOrder;
  after: StoredOrder;
}

/** The writes we make to an order: top-level fields set or unset, history appended. */
interface OrderUpdate {
  set: Partial<StoredOrder>;
  unset?: string[];
  push?: StoredHistory[];
}

function toMongo(u: OrderUpdate, seq: number): Record<string, unknown> {
  const update: Record<string, unknown> = { $set: { ...u.set, seq }, $inc: { version: 1 } };
  if (u.push?.length) update.$push = { history: { $each: u.push } };
  if (u.unset?.length) update.$unset = Object.fromEntries(u.unset.map((f) => [f, '']));
  return update;
}

/** The same update applied to the document it replaced (MongoDB answers with the "before" side). */
function applied(before: StoredOrder, u: OrderUpdate, seq: number): StoredOrder {
  const after: StoredOrder = { ...before, ...u.set, seq, version: before.version + 1 };
  if (u.push?.length) after.history = [...(before.history ?? []), ...u.push];
  for (const f of u.unset ?? []) delete (after as unknown as Record<string, unknown>)[f];
  return after;
}

/**
 * The only code that reads and writes orders. Writes are single-document and
 * conditional; each stamps the next global seq inside the order's lane, so an
 * order's seq grows with its version and a screen can keep the newest.
 */
export function orderRepository({ Order, Removal }: Models, lanes: WriteLanes, opts: StoreOptions, nextSeq: () => Promise<number>) {
  const lane = <T>(id: string, task: () => Promise<T>) => lanes.run(`order:${id}`, task);
  const byId = async (id: string) => (await Order.findById(id).lean()) as StoredOrder | null;

  /**
   * One conditional update: `filter` on MongoDB, where findOneAndUpdate is
   * atomic on every node; the same condition as `holds`, checked on a fresh
   * read inside the lane, on FerretDB. Null when the condition does not hold.
   */
  async function updateIf(
    id: string,
    filter: Record<string, unknown>,
    holds: (o: StoredOrder) => boolean,
    update: OrderUpdate,
  ): Promise<OrderChange | null> {
    return lane(id, async () => {
      if (!opts.atomicUpdates) {
        const before = await byId(id);
        if (!before || !holds(before)) return null;
        const seq = await nextSeq();
        const after = (await Order.findOneAndUpdate({ _id: id }, toMongo(update, seq), { returnDocument: 'after' }).lean()) as StoredOrder | null;
        return after ? { before, after } : null;
      }
      // Another node may stamp a later seq on this order between our seq and our write:
      // the `seq < ours` guard then refuses ours, and we retry with a fresh one.
      for (let attempt = 0; attempt < 5; attempt++) {
        const seq = await nextSeq();
        const before = (await Order.findOneAndUpdate({ _id: id, ...filter, seq: { $lt: seq } }, toMongo(update, seq), {
          returnDocument: 'before',
        }).lean()) as StoredOrder | null;
        if (before) return { before, after: applied(before, update, seq) };
        const current = await byId(id);
        if (!current || !holds(current)) return null;
      }
      throw new AppError(503, 'busy', 'This order is being changed from several places at once; nothing was changed. Try again.');
    });
  }

  return {
    async insert(order: StoredOrder): Promise<StoredOrder> {
      await Order.create(order);
      return order;
    },

    async findById(id: string, withHistory = true): Promise<StoredOrder | null> {
      return (await Order.findById(id, withHistory ? undefined : listProjection).lean()) as StoredOrder | null;
    },

    async list(query: OrderQuery): Promise<StoredOrder[]> {
      return (await Order.find(query, listProjection).lean()) as StoredOrder[];
    },

    /** Orders changed after `seq`, oldest change first. */
    async changedSince(seq: number, limit: number): Promise<StoredOrder[]> {
      return (await Order.find({ seq: { $gt: seq } }, listProjection)
        .sort({ seq: 1 })
        .limit(limit)
        .lean()) as StoredOrder[];
    },

    async removedSince(seq: number, limit: number): Promise<Array<{ _id: string; seq: number }>> {
      return (await Removal.find({ seq: { $gt: seq } }).sort({ seq: 1 }).limit(limit).lean()) as Array<{
        _id: string;
        seq: number;
      }>;
    },

    async countWhere(query: OrderQuery): Promise<number> {
      return Order.countDocuments(query);
    },

    /**
     * Moves an order from `expectedStepId`, once per `opId`: one conditional
     * update that matches only if the order is still where the client saw it
     * and this operation has not been applied. Null when it did not match.
     */
    async applyStepChange(
      id: string,
      expectedStepId: string,
      opId: string,
      set: Partial<StoredOrder>,
      entries: StoredHistory[],
    ): Promise<OrderChange | null> {
      return updateIf(
        id,
        { stepId: expectedStepId, 'history.opId': { $ne: opId } },
        (o) => o.stepId === expectedStepId && !o.history?.some((h) => h.opId === opId),
        { set, push: entries },
      );
    },

    /** Field edits, conditional on the version the editor saw when given. */
    async applyEdit(
      id: string,
      expectedVersion: number | undefined,
      set: Partial<StoredOrder>,
      unset: string[],
      entries: StoredHistory[],
    ): Promise<OrderChange | null> {
      const update: OrderUpdate = { set, unset, push: entries };
      if (expectedVersion === undefined) return updateIf(id, {}, () => true, update);
      return updateIf(id, { version: expectedVersion }, (o) => o.version === expectedVersion, update);
    },

    /** Appends a history entry (mail). */
    async appendHistory(id: string, entry: StoredHistory): Promise<OrderChange | null> {
      return updateIf(id, {}, () => true, { set: { updatedAt: new Date() }, push: [entry] });
    },

    /** Deletes an order and leaves a tombstone with its removal's seq. */
    async remove(id: string): Promise<{ before: StoredOrder; seq: number } | null> {
      return lane(id, async () => {
        const before = (await Order.findById(id, listProjection).lean()) as StoredOrder | null;
        if (!before) return null;
        const seq = await nextSeq();
        // The tombstone first: if the delete then fails, a resync only repeats a removal.
        await Removal.updateOne({ _id: id }, { $set: { seq, at: new Date() } }, { upsert: true });
        const res = await Order.deleteOne({ _id: id });
        return res.deletedCount === 1 ? { before, seq } : null;
      });
    },
  };
}
export type OrderRepository = ReturnType<typeof orderRepository>;
