import { AppError } from '../errors.js';
import type { WriteLanes } from './lanes.js';
import type { Models } from './models.js';

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
export interface OrderUpdate {
  set: Partial<StoredOrder>;
  unset?: string[];
  push?: StoredHistory[];
}

/** What `decide` is told: nothing to write, or one write and the condition it relies on. */
export type Decision<T> = { done: T } | { filter: Record<string, unknown>; write: OrderUpdate };
export type Decided<T> = { done: T } | { change: OrderChange };

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
export function orderRepository({ Order, Removal }: Pick<Models, 'Order' | 'Removal'>, lanes: WriteLanes, opts: StoreOptions, nextSeq: () => Promise<number>) {
  const lane = <T>(id: string, task: () => Promise<T>) => lanes.run(`order:${id}`, task);
  const byId = async (id: string) => (await Order.findById(id).lean()) as StoredOrder | null;

  /**
   * Reads the order inside its lane and lets `choose` (pure: no I/O) decide
   * on it: nothing to write (`done`), or one write with the condition it
   * relied on as a MongoDB `filter`. On MongoDB that conditional
   * findOneAndUpdate is atomic on every node; when it no longer matches
   * (someone got there first, or another node stamped a later seq on this
   * order), `choose` decides again on a fresh read — and may then answer
   * "stale", "already applied" or "gone". On FerretDB the lane itself keeps
   * writers apart, so the read is still current and the write filters on
   * `_id` alone (the only filter FerretDB 1.24 serves from an index).
   */
  async function decide<T>(id: string, choose: (current: StoredOrder | null) => Decision<T>): Promise<Decided<T>> {
    return lane(id, async () => {
      for (let attempt = 0; attempt < 5; attempt++) {
        const current = await byId(id);
        const d = choose(current);
        if ('done' in d) return d;
        const seq = await nextSeq();
        if (!opts.atomicUpdates) {
          const after = (await Order.findOneAndUpdate({ _id: id }, toMongo(d.write, seq), { returnDocument: 'after' }).lean()) as StoredOrder | null;
          if (after && current) return { change: { before: current, after } };
          continue;
        }
        const before = (await Order.findOneAndUpdate({ _id: id, ...d.filter, seq: { $lt: seq } }, toMongo(d.write, seq), {
          returnDocument: 'before',
        }).lean()) as StoredOrder | null;
        if (before) return { change: { before, after: applied(before, d.write, seq) } };
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

    decide,

    /** Appends a history entry (mail); null when the order is gone. */
    async appendHistory(id: string, entry: StoredHistory): Promise<OrderChange | null> {
      const r = await decide<null>(id, (current) =>
        current ? { filter: {}, write: { set: { updatedAt: new Date() }, push: [entry] } } : { done: null },
      );
      return 'change' in r ? r.change : null;
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
