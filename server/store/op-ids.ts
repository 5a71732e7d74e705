import { isDuplicateKey } from './driver-errors.js';
import type { Models } from './models.js';

/** What a transition's opId was used for before: nothing, this order, or another one. */
export type OpClaim = 'new' | 'same' | 'other';

/**
 * Which order each transition's opId belongs to, by `_id` = the opId. The
 * order's own history answers "was this action applied here already", but not
 * "was this id used on another order": a replay sent to the wrong order
 * (a client bug, a forged request) must be refused, not applied as new.
 * Claimed with a unique insert, atomic on both engines; purged with the mail
 * after RETENTION_DAYS, long after any kiosk would replay.
 */
export function opIdRepository({ OpRecord }: Pick<Models, 'OpRecord'>) {
  return {
    async claim(opId: string, orderId: string): Promise<OpClaim> {
      try {
        await OpRecord.collection.insertOne({ _id: opId as never, orderId, at: new Date() });
        return 'new';
      } catch (e) {
        if (!isDuplicateKey(e)) throw e;
      }
      const first = (await OpRecord.findById(opId, { orderId: 1 }).lean()) as { orderId?: string } | null;
      return first?.orderId === orderId ? 'same' : 'other';
    },
  };
}
export type OpIdRepository = ReturnType<typeof opIdRepository>;
