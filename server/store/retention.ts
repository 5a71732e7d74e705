import type mongoose from 'mongoose';
import type { Models } from './models.js';

/** Deletes per batch: one request to the database, each statement an `_id` lookup. */
const BATCH = 200;

/** What one purge deleted, per collection. */
export interface PurgeCounts {
  mail: number;
  attempts: number;
  removals: number;
  grants: number;
  /** Finished orders removed past ORDER_RETENTION_DAYS (0 when no limit is set). */
  orders: number;
  /** Transition opIds remembered for replays (store/op-ids.ts). */
  opIds: number;
}

/**
 * The queries of the retention purge (server/maintenance/retention.ts).
 *
 * Each purge reads one collection once, with a projection, and deletes what
 * it found by `_id`, in batches. On FerretDB 1.24 any filter other than `_id`
 * equality decodes every document, so the read is one scan of a collection the
 * purge itself keeps bounded (about RETENTION_DAYS of mail and removals); the
 * deletes are primary-key lookups. Nothing here touches the orders.
 */
export function retentionRepository({ OutboxMessage, OutboxAttempt, Removal, Grant, OpRecord }: Pick<Models, 'OutboxMessage' | 'OutboxAttempt' | 'Removal' | 'Grant' | 'OpRecord'>) {
  async function deleteByIds({ collection }: { collection: mongoose.mongo.Collection }, ids: string[]): Promise<number> {
    let deleted = 0;
    for (let i = 0; i < ids.length; i += BATCH) {
      const batch = ids.slice(i, i + BATCH);
      const r = await collection.bulkWrite(
        batch.map((_id) => ({ deleteOne: { filter: { _id: _id as unknown as mongoose.mongo.BSON.ObjectId } } })),
        { ordered: false },
      );
      deleted += r.deletedCount;
      // Let requests in between: the purge is background work.
      await new Promise((done) => setImmediate(done));
    }
    return deleted;
  }

  return {
    /**
     * Mail that reached its end (`sent`, or `written` as a file) before
     * `cutoff`, with its delivery attempts. Attempts go first: a purge cut
     * short leaves a message whose attempts the next run deletes again, never
     * attempts nobody would find. Failed mail is kept for people to look at.
     */
    async purgeMail(cutoff: Date): Promise<Pick<PurgeCounts, 'mail' | 'attempts'>> {
      const done = (await OutboxMessage.find(
        { state: { $in: ['sent', 'written'] }, updatedAt: { $lte: cutoff } },
        { _id: 1, attempts: 1 },
      ).lean()) as Array<{ _id: string; attempts?: number }>;
      // An attempt's _id is `<messageId>#<n>` for n = 1…attempts (outbox.ts).
      const attemptIds = done.flatMap((m) => Array.from({ length: m.attempts ?? 0 }, (_, i) => `${m._id}#${i + 1}`));
      const attempts = await deleteByIds(OutboxAttempt, attemptIds);
      const mail = await deleteByIds(OutboxMessage, done.map((m) => m._id));
      return { mail, attempts };
    },

    /**
     * Removal tombstones older than `cutoff`, except the newest `keepNewest`
     * by seq. A screen needs a tombstone only while its resync can still be
     * answered with changes; with more than the resync's change limit of newer
     * tombstones, every resync from before a purged one gets a full snapshot,
     * so the purged ones are never missed.
     */
    async purgeRemovals(cutoff: Date, keepNewest: number): Promise<number> {
      const all = (await Removal.find({}, { _id: 1, seq: 1, at: 1 }).lean()) as Array<{ _id: string; seq: number; at?: Date }>;
      all.sort((a, b) => b.seq - a.seq);
      const old = all.slice(keepNewest).filter((r) => r.at && r.at.getTime() <= cutoff.getTime());
      return deleteByIds(Removal, old.map((r) => r._id));
    },

    /** Transition opIds first used before `cutoff`: no kiosk replays an action that old. */
    async purgeOpIds(cutoff: Date): Promise<number> {
      const old = (await OpRecord.find({ at: { $lte: cutoff } }, { _id: 1 }).lean()) as Array<{ _id: string }>;
      return deleteByIds(OpRecord, old.map((r) => r._id));
    },

    /** Grants (sessions, pairing codes, setup links) that expired before `cutoff`; device tokens never expire. */
    async purgeGrants(cutoff: Date): Promise<number> {
      const expired = (await Grant.find({ expiresAt: { $ne: null, $lte: cutoff } }, { _id: 1 }).lean()) as Array<{ _id: string }>;
      return deleteByIds(Grant, expired.map((g) => g._id));
    },
  };
}
export type RetentionRepository = ReturnType<typeof retentionRepository>;
