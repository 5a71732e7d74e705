import { Schema, type Connection } from 'mongoose';

/**
 * Every bearer secret Jalon hands out, stored by the SHA-256 of its value
 * (never the value itself): people's sessions, kiosks' device tokens, pairing
 * codes and the first-start setup link. Looked up by `_id` only, which every
 * backend (FerretDB included) answers from its primary key.
 */
export type GrantKind = 'session' | 'device' | 'pairing' | 'setup';

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
}

const grantSchema = new Schema(
  {
    _id: String,
    kind: { type: String, required: true },
    userId: { type: String, default: undefined },
    kioskId: { type: String, default: undefined },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, default: null },
    hardExpiresAt: { type: Date, default: undefined },
  },
  { versionKey: false, collection: 'grants' },
);
// No TTL index (FerretDB 1.24 has none): expiry is checked on every read and old grants are purged on login.
grantSchema.index({ kioskId: 1 });
grantSchema.index({ userId: 1 });

export async function grantRepository(conn: Connection) {
  const Grant = conn.models.Grant ?? conn.model('Grant', grantSchema);
  await Grant.createIndexes();

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
    async pendingPairing(kioskId: string): Promise<StoredGrant | null> {
      return (await Grant.findOne({ kioskId, kind: 'pairing' }).lean()) as StoredGrant | null;
    },
  };
}
export type GrantRepository = Awaited<ReturnType<typeof grantRepository>>;
