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
    const refused = new Map<number, unknown>();
    try {
      await OpRecord.collection.insertMany(
        claims.map((c) => ({ _id: c.opId as never, orderId: c.orderId, at })),
        { ordered: false },
      );
    } catch (e) {
      const errors = (e as { writeErrors?: Array<{ index: number; code?: number }> }).writeErrors;
      // Not a per-document refusal (the database unreachable, a write concern): the whole burst fails.
      if (!errors?.length || (e as { writeConcernError?: unknown }).writeConcernError) throw e;
      for (const w of errors) refused.set(w.index, w);
    }
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
