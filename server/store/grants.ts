import type { Models } from './models.js';
import type { WriteLanes } from './lanes.js';

/**
 * Every bearer secret Jalon hands out, stored by the SHA-256 of its value
 * (never the value itself): people's sessions, kiosks' device tokens, pairing
 * codes, screen codes (a screen waiting to be claimed), API tokens and the first-start setup link. Looked up by `_id` only, which every
 * backend (FerretDB included) answers from its primary key.
 */
export type GrantKind = 'session' | 'device' | 'pairing' | 'screen' | 'setup' | 'token';

export interface StoredGrant {
  _id: string;
  kind: GrantKind;
  userId?: string;
  kioskId?: string;
  createdAt: Date;
  /** Null: valid until revoked (device tokens). */
  expiresAt: Date | null;
  /** Sessions slide their expiry on use, up to this instant. */
  hardExpiresAt?: Date | null;
  /** Screen codes: the SHA-256 of the waiting screen's secret (it alone may collect the device token). */
  waiterHash?: string;
  /** API tokens: which token (api_tokens), its name and scopes, so that a request needs this one lookup. */
  tokenId?: string;
  name?: string;
  scopes?: string[];
}

export function grantRepository({ Grant }: Pick<Models, 'Grant'>, lanes: WriteLanes) {
  return {
    async insert(grant: StoredGrant): Promise<void> {
      await Grant.create(grant);
    },
    /** The grant, if it exists, is of `kind` and has not expired at `now`. */
    async find(hash: string, kind: GrantKind, now: Date): Promise<StoredGrant | null> {
      const doc = (await Grant.findById(hash).lean()) as StoredGrant | null;
      if (!doc || doc.kind !== kind) return null;
      if (doc.expiresAt && doc.expiresAt.getTime() <= now.getTime()) return null;
      return doc;
    },
    /** Like find, but also returns expired grants (so that an expired pairing code can be told from a wrong one). */
    async findAny(hash: string, kind: GrantKind): Promise<StoredGrant | null> {
      const doc = (await Grant.findById(hash).lean()) as StoredGrant | null;
      return doc && doc.kind === kind ? doc : null;
    },
    async extend(hash: string, expiresAt: Date): Promise<void> {
      await Grant.updateOne({ _id: hash }, { $set: { expiresAt } });
    },
    /** Ties a grant to a kiosk (a screen code claimed by the tablet), with its new expiry. */
    async attach(hash: string, kioskId: string, expiresAt: Date): Promise<void> {
      await Grant.updateOne({ _id: hash }, { $set: { kioskId, expiresAt } });
    },
    /** Deletes one grant; true for the one caller that actually deleted it. */
    async remove(hash: string): Promise<boolean> {
      return (await Grant.deleteOne({ _id: hash })).deletedCount === 1;
    },
    async removeForKiosk(kioskId: string, kinds: GrantKind[] = ['device', 'pairing']): Promise<number> {
      return (await Grant.deleteMany({ kioskId, kind: { $in: kinds } })).deletedCount;
    },
    async removeForUser(userId: string, exceptHash?: string): Promise<number> {
      const filter: Record<string, unknown> = { userId, kind: 'session' };
      if (exceptHash) filter._id = { $ne: exceptHash };
      return (await Grant.deleteMany(filter)).deletedCount;
    },
    async removeKind(kind: GrantKind): Promise<number> {
      return (await Grant.deleteMany({ kind })).deletedCount;
    },
    async purgeExpired(now: Date): Promise<number> {
      return (await Grant.deleteMany({ expiresAt: { $ne: null, $lte: now } })).deletedCount;
    },
    /** Runs `task` while no other task of the same kind runs (two browsers racing with one setup link). */
    exclusive<T>(kind: GrantKind, task: () => Promise<T>): Promise<T> {
      return lanes.run(`grant:${kind}`, task);
    },
  };
}
export type GrantRepository = ReturnType<typeof grantRepository>;
