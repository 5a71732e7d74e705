import { conflict } from '../errors.js';
import type { WriteLanes } from './lanes.js';
import type { Models } from './models.js';

interface RefDoc {
  _id: string;
  orderId: string;
}

/**
 * Which order holds an ERP reference (`externalRef`), unique among active AND
 * archived orders without scanning either: `order_refs` is keyed by the
 * reference itself (`_id`), the one lookup FerretDB serves from an index.
 *
 * No transaction: a claim is written before the order's write and released
 * after the order let the reference go, so a crash in between leaves a claim
 * naming an order that does not hold that reference. A claim therefore only
 * counts when the order it names still holds the reference (read by `_id`);
 * a stale one is taken over. Claiming and the order's write run in the
 * reference's lane, so two orders never claim one reference at once.
 */
export function orderRefStore({ OrderRef }: Pick<Models, 'OrderRef'>, lanes: WriteLanes, holds: (orderId: string, ref: string) => Promise<boolean>) {
  const lane = <T>(ref: string, task: () => Promise<T>) => lanes.run(`order-ref:${ref}`, task);
  const read = async (ref: string) => (await OrderRef.findById(ref).lean()) as RefDoc | null;

  /** The order holding `ref` now, or null (no claim, or a stale one). */
  async function holder(ref: string): Promise<string | null> {
    const doc = await read(ref);
    return doc && (await holds(doc.orderId, ref)) ? doc.orderId : null;
  }

  return {
    holder,

    /**
     * Runs `write` (the order's write that sets `ref`) with `ref` claimed for
     * `orderId`, inside the reference's lane; 409 duplicate_external_ref when
     * another order holds it, and then nothing is written.
     */
    async withClaim<T>(ref: string, orderId: string, write: () => Promise<T>): Promise<T> {
      return lane(ref, async () => {
        const doc = await read(ref);
        if (doc && doc.orderId !== orderId && (await holds(doc.orderId, ref))) {
          throw conflict('duplicate_external_ref', `The ERP reference "${ref}" is already used by another order`, { orderId: doc.orderId });
        }
        if (doc?.orderId !== orderId) await OrderRef.replaceOne({ _id: ref }, { _id: ref, orderId }, { upsert: true });
        return write();
      });
    },

    /** After the order let `ref` go (edited to another, removed): its claim goes, unless it names another order. */
    async release(ref: string, orderId: string): Promise<void> {
      await lane(ref, async () => {
        const doc = await read(ref);
        if (doc?.orderId === orderId && !(await holds(orderId, ref))) await OrderRef.deleteOne({ _id: ref });
      });
    },
  };
}
export type OrderRefStore = ReturnType<typeof orderRefStore>;
