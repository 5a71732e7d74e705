import type { Model } from 'mongoose';
import { isDuplicateKey } from './driver-errors.js';
import type { WriteLanes } from './lanes.js';

/**
 * The fields every persisted-queue item carries (mail in the outbox, webhook
 * deliveries): who holds its current attempt and since when, how many
 * attempts were claimed, and when the next one is due.
 */
export interface QueueItem {
  _id: string;
  state: string;
  /** Attempts claimed so far (a claim counts even if its node died before finishing it). */
  attempts: number;
  nextAttemptAt: Date;
  claimedBy: string | null;
  claimedAt: Date | null;
  updatedAt: Date;
}

export interface QueueOptions<T extends QueueItem> {
  /** The items' collection, written by the owner of an item's current attempt only. */
  Item: Model<unknown>;
  /** One document per attempt, `_id` = `<item id>#<attempt>`: inserting it is the claim. */
  Attempt: Model<unknown>;
  lanes: WriteLanes;
  /** Lane prefix, so that two queues never share a lane name. */
  name: string;
  /** The state an item is in while an attempt runs (`sending`, `delivering`). */
  busy: string;
  /** The state an item goes back to when a dead node's attempt is counted as spent. */
  waiting: string;
  /** May `item` be claimed at `now` (due and waiting, or busy longer than a lease)? */
  claimable(item: T, now: number, leaseMs: number): boolean;
  /** Leaves heavy fields out of the reads made to decide a claim. */
  projection?: Record<string, 0>;
}

/**
 * The claim and finish of a persisted queue's attempts, shared by every
 * queue. The claim is a unique insert into the attempts collection (atomic on
 * MongoDB and on FerretDB, whose conditional updates are not), so two nodes
 * never own the same attempt; the item's lane orders the writes inside one
 * node; a worker slower than its lease has lost the item and writes nothing.
 */
export function persistedQueue<T extends QueueItem>(o: QueueOptions<T>) {
  const { Item, Attempt } = o;
  const lane = <R>(id: string, task: () => Promise<R>) => o.lanes.run(`${o.name}:${id}`, task);
  const byId = async (id: string) => (await Item.findById(id).lean()) as T | null;

  return {
    /**
     * Takes the next attempt of `candidate` for `workerId`, or null when
     * another worker has it or the item moved on. First the attempt token
     * (exclusive on every engine), then the item goes to the busy state.
     */
    async claim(candidate: Pick<T, '_id' | 'attempts'>, workerId: string, now: number, leaseMs: number): Promise<T | null> {
      const id = candidate._id;
      return lane(id, async () => {
        const attempt = candidate.attempts + 1;
        try {
          await Attempt.create({ _id: `${id}#${attempt}`, messageId: id, attempt, by: workerId, at: new Date(now) });
        } catch (e) {
          if (!isDuplicateKey(e)) throw e;
          // Someone owns this attempt. If they took it longer than a lease ago and the item never
          // reached it, their node died between the two writes: count the attempt as spent so that
          // the next one can be claimed (every node that sees this writes the same values).
          const token = (await Attempt.findById(`${id}#${attempt}`).lean()) as { at: Date } | null;
          const current = await byId(id);
          if (token && token.at.getTime() <= now - leaseMs && current && current.attempts === candidate.attempts && o.claimable(current, now, leaseMs)) {
            await Item.updateOne(
              { _id: id },
              { $set: { attempts: attempt, state: o.waiting, nextAttemptAt: new Date(now), claimedBy: null, claimedAt: null, updatedAt: new Date(now) } },
            );
          }
          return null;
        }
        // We own the attempt; the item may still have been finished or claimed since it was read.
        const current = await byId(id);
        if (!current || current.attempts !== candidate.attempts || !o.claimable(current, now, leaseMs)) return null;
        return (await Item.findOneAndUpdate(
          { _id: id },
          { $set: { state: o.busy, attempts: attempt, claimedBy: workerId, claimedAt: new Date(now), updatedAt: new Date(now) } },
          { returnDocument: 'after' },
        ).lean()) as T | null;
      });
    },

    /**
     * Records how attempt `attempt` ended, if `workerId` still owns it. Fields
     * set to undefined in `outcome` are removed from the item.
     */
    async finish(id: string, attempt: number, workerId: string, outcome: Partial<T>, now: number): Promise<T | null> {
      return lane(id, async () => {
        const current = await byId(id);
        if (!current || current.state !== o.busy || current.claimedBy !== workerId || current.attempts !== attempt) return null;
        const set: Record<string, unknown> = { claimedBy: null, claimedAt: null, updatedAt: new Date(now) };
        const unset: Record<string, ''> = {};
        for (const [k, v] of Object.entries(outcome)) {
          if (v === undefined) unset[k] = '';
          else set[k] = v;
        }
        return (await Item.findOneAndUpdate(
          { _id: id },
          Object.keys(unset).length ? { $set: set, $unset: unset } : { $set: set },
          { returnDocument: 'after' },
        ).lean()) as T | null;
      });
    },

    /** Runs `task` in the item's lane (writes that are not attempts: redeliver, announce). */
    inLane: lane,
  };
}
export type PersistedQueue<T extends QueueItem> = ReturnType<typeof persistedQueue<T>>;
