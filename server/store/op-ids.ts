import { isDuplicateKey } from './driver-errors.js';
import { groupCommit } from './group-commit.js';
import type { Models } from './models.js';

/** What a transition's opId was used for before: nothing, this order, or another one. */
export type OpClaim = 'new' | 'same' | 'other';

type Claim = { opId: string; orderId: string };

/**
 * Which order each transition's opId belongs to, by `_id` = the opId. The
 * order's own history answers "was this action applied here already", but not
 * "was this id used on another order": a replay sent to the wrong order
 * (a client bug, a forged request) must be refused, not applied as new.
 * Claimed with a unique insert, atomic on both engines; purged with the mail
 * after RETENTION_DAYS, long after any kiosk would replay.
 *
 * Claims arriving together are inserted together (group-commit.ts): one
 * unordered insert per burst, each refused duplicate then told apart (same
 * order or another) by `_id`. Every transition claims, so under load this
 * spares the embedded engine one write transaction per change.
 */
export function opIdRepository({ OpRecord }: Pick<Models, 'OpRecord'>) {
  async function insert(claims: Claim[]): Promise<Array<OpClaim | Error>> {
    const at = new Date();
    // The insert command itself (not insertMany): a refused duplicate comes back in `writeErrors`
    // beside the others inserted, and a lost database throws the driver's own error (which
    // insertMany would wrap in a bulk error that no longer says "unreachable": 503 then).
    const reply = (await OpRecord.db.db!.command({
      insert: OpRecord.collection.collectionName,
      documents: claims.map((c) => ({ _id: c.opId, orderId: c.orderId, at })),
      ordered: false,
    })) as { writeErrors?: Array<{ index: number; code?: number; errmsg?: string }>; writeConcernError?: { errmsg?: string } };
    if (reply.writeConcernError) throw new Error(`op claims not confirmed: ${reply.writeConcernError.errmsg ?? 'write concern'}`);
    const refused = new Map((reply.writeErrors ?? []).map((w) => [w.index, w]));
    return Promise.all(
      claims.map(async (c, i): Promise<OpClaim | Error> => {
        const why = refused.get(i);
        if (why === undefined) return 'new';
        if (!isDuplicateKey(why)) return Object.assign(new Error(`op claim refused: ${JSON.stringify(why)}`), { cause: why });
        // Used before: by this order (a replay, answered from its history) or by another.
        const first = (await OpRecord.findById(c.opId, { orderId: 1 }).lean()) as { orderId?: string } | null;
        return first?.orderId === c.orderId ? 'same' : 'other';
      }),
    );
  }
  const claimTogether = groupCommit(insert);

  return {
    claim: (opId: string, orderId: string): Promise<OpClaim> => claimTogether({ opId, orderId }),
  };
}
export type OpIdRepository = ReturnType<typeof opIdRepository>;
