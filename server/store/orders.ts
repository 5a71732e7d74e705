import type { Models } from './models.js';
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

/** The only code that reads and writes orders. Writes are single-document and conditional. */
export function orderRepository({ Order, Removal }: Models, lanes: WriteLanes, opts: StoreOptions) {
  const lane = <T>(id: string, task: () => Promise<T>) => lanes.run(`order:${id}`, task);

  /** One conditional update: `filter` for MongoDB, the same condition as `holds` for the read-check-write path. */
  async function updateIf(
    id: string,
    filter: Record<string, unknown>,
    holds: (o: StoredOrder) => boolean,
    update: Record<string, unknown>,
  ): Promise<StoredOrder | null> {
    return lane(id, async () => {
      if (opts.atomicUpdates) {
        return (await Order.findOneAndUpdate({ _id: id, ...filter }, update, { returnDocument: 'after' }).lean()) as StoredOrder | null;
      }
      const current = (await Order.findById(id).lean()) as StoredOrder | null;
      if (!current || !holds(current)) return null;
      return (await Order.findOneAndUpdate({ _id: id }, update, { returnDocument: 'after' }).lean()) as StoredOrder | null;
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
    ): Promise<StoredOrder | null> {
      return updateIf(
        id,
        { stepId: expectedStepId, 'history.opId': { $ne: opId } },
        (o) => o.stepId === expectedStepId && !o.history?.some((h) => h.opId === opId),
        { $set: set, $inc: { version: 1 }, $push: { history: { $each: entries } } },
      );
    },

    /** Field edits, conditional on the version the editor saw when given. */
    async applyEdit(
      id: string,
      expectedVersion: number | undefined,
      set: Partial<StoredOrder>,
      unset: string[],
      entries: StoredHistory[],
    ): Promise<StoredOrder | null> {
      const update: Record<string, unknown> = { $set: set, $inc: { version: 1 } };
      if (entries.length) update.$push = { history: { $each: entries } };
      if (unset.length) update.$unset = Object.fromEntries(unset.map((f) => [f, '']));
      if (expectedVersion === undefined) return updateIf(id, {}, () => true, update);
      return updateIf(id, { version: expectedVersion }, (o) => o.version === expectedVersion, update);
    },

    /** Appends a history entry (mail) and stamps a new seq. */
    async appendHistory(id: string, entry: StoredHistory, seq: number): Promise<StoredOrder | null> {
      return updateIf(id, {}, () => true, {
        $set: { seq, updatedAt: new Date() },
        $inc: { version: 1 },
        $push: { history: entry },
      });
    },

    async remove(id: string, seq: number): Promise<boolean> {
      return lane(id, async () => {
        // The tombstone first: if the delete then fails, a resync only repeats a removal.
        await Removal.updateOne({ _id: id }, { $set: { seq, at: new Date() } }, { upsert: true });
        const res = await Order.deleteOne({ _id: id });
        return res.deletedCount === 1;
      });
    },

    async maxNumber(): Promise<number> {
      const doc = (await Order.findOne({}, { number: 1 }).sort({ number: -1 }).lean()) as { number: number } | null;
      return doc?.number ?? 0;
    },
  };
}
export type OrderRepository = ReturnType<typeof orderRepository>;
