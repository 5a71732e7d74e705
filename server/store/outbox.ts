import type { MailState } from '../../shared/schemas/mail.js';
import { isDuplicateKey } from './driver-errors.js';
import { persistedQueue } from './queue.js';
import type { WriteLanes } from './lanes.js';
import type { Models } from './models.js';

export interface StoredMessage {
  _id: string;
  key: string;
  orderId: string;
  orderNumber: number;
  kind: 'manual' | 'auto';
  stepId: string | null;
  to: string;
  subject: string;
  text: string;
  html: string;
  headerMessageId: string;
  actor: string;
  actorId: string | null;
  state: MailState;
  /** Attempts claimed so far (a claim counts even if its node died before sending). */
  attempts: number;
  nextAttemptAt: Date;
  /**
   * When the order's history recorded the message as queued. Workers take a
   * message only once announced (so the history reads queued → sent, never
   * the reverse), or a lease after its creation if its node died in between.
   */
  announcedAt: Date | null;
  claimedBy: string | null;
  claimedAt: Date | null;
  reason?: string;
  response?: string;
  file?: string;
  createdAt: Date;
  updatedAt: Date;
  finishedAt?: Date;
}

/** A message without its rendered parts, as lists and claims read it. */
export type MessageSummary = Omit<StoredMessage, 'text' | 'html'>;
const withoutParts = { text: 0, html: 0 } as const;

/** The fields a worker writes when an attempt ends. */
export type AttemptOutcome = Pick<StoredMessage, 'state'> &
  Partial<Pick<StoredMessage, 'reason' | 'response' | 'file' | 'nextAttemptAt' | 'finishedAt'>>;

/**
 * The only code that reads and writes the outbox. A message's document is
 * written by the owner of its current attempt only: the claim (a unique
 * insert into outbox_attempts, see models.ts and store/queue.ts) decides the
 * owner across nodes, and the lane `outbox:<id>` orders the writes inside one node.
 */
export function outboxRepository(
  { OutboxMessage, OutboxAttempt, MailMarker }: Pick<Models, 'OutboxMessage' | 'OutboxAttempt' | 'MailMarker'>,
  lanes: WriteLanes,
) {
  const byId = async (id: string) => (await OutboxMessage.findById(id).lean()) as StoredMessage | null;

  /** A candidate may be claimed now: queued, announced and due, or left in `sending` longer than the lease. */
  const claimable = (m: MessageSummary, now: number, leaseMs: number) =>
    (m.state === 'queued' &&
      m.nextAttemptAt.getTime() <= now &&
      (m.announcedAt != null || m.createdAt.getTime() <= now - leaseMs)) ||
    (m.state === 'sending' && m.claimedAt !== null && m.claimedAt.getTime() <= now - leaseMs);
  // The claims and outcomes, shared with the webhooks' deliveries (store/queue.ts).
  const queue = persistedQueue<StoredMessage>({
    Item: OutboxMessage as never,
    Attempt: OutboxAttempt as never,
    lanes,
    name: 'outbox',
    busy: 'sending',
    waiting: 'queued',
    claimable,
  });
  const lane = queue.inLane;

  return {
    /** Stores a message unless one with the same key exists; answers the stored one either way. */
    async enqueue(message: StoredMessage): Promise<{ message: StoredMessage; created: boolean }> {
      try {
        await OutboxMessage.create(message);
        return { message, created: true };
      } catch (e) {
        if (!isDuplicateKey(e)) throw e;
        const existing = (await OutboxMessage.findOne({ key: message.key }).lean()) as StoredMessage | null;
        if (!existing) throw e;
        return { message: existing, created: false };
      }
    },

    get: byId,

    /** Since when auto-send is on for a step, as recorded by markAutoSend. */
    async autoSendSince(stepId: string): Promise<Date | null> {
      const doc = (await MailMarker.findById(`autoSend:${stepId}`).lean()) as { at: Date } | null;
      return doc?.at ?? null;
    },

    /** Records that auto-send is on for a step from `at`; `keep` leaves an existing record alone. */
    async markAutoSend(stepId: string, at: Date, keep: boolean): Promise<void> {
      const _id = `autoSend:${stepId}`;
      if (!keep) {
        await MailMarker.updateOne({ _id }, { $set: { at } }, { upsert: true });
        return;
      }
      try {
        await MailMarker.create({ _id, at });
      } catch (e) {
        if (!isDuplicateKey(e)) throw e;
      }
    },

    /** The history now says queued: workers may take the message. */
    async announce(id: string, now: number): Promise<void> {
      await lane(id, async () => {
        await OutboxMessage.updateOne({ _id: id }, { $set: { announcedAt: new Date(now) } });
      });
    },

    async byKey(key: string): Promise<StoredMessage | null> {
      return (await OutboxMessage.findOne({ key }).lean()) as StoredMessage | null;
    },

    async listForOrder(orderId: string, limit: number): Promise<MessageSummary[]> {
      return (await OutboxMessage.find({ orderId }, withoutParts).sort({ createdAt: -1 }).limit(limit).lean()) as MessageSummary[];
    },

    async count(query: Record<string, unknown> = {}): Promise<number> {
      return OutboxMessage.countDocuments(query);
    },

    /** Messages a worker may claim now, oldest due first (ids and claim fields only). */
    async due(now: number, leaseMs: number, limit: number): Promise<MessageSummary[]> {
      return (await OutboxMessage.find(
        {
          $or: [
            { state: 'queued', announcedAt: { $ne: null }, nextAttemptAt: { $lte: new Date(now) } },
            { state: 'queued', announcedAt: null, createdAt: { $lte: new Date(now - leaseMs) } },
            { state: 'sending', claimedAt: { $lte: new Date(now - leaseMs) } },
          ],
        },
        withoutParts,
      )
        .sort({ nextAttemptAt: 1 })
        .limit(limit)
        .lean()) as MessageSummary[];
    },

    /**
     * Takes the next attempt of `candidate` for `workerId`, or null when
     * another worker has it or the message moved on (store/queue.ts).
     */
    claim: (candidate: MessageSummary, workerId: string, now: number, leaseMs: number): Promise<StoredMessage | null> =>
      queue.claim(candidate, workerId, now, leaseMs),

    /**
     * Records how attempt `attempt` ended, if `workerId` still owns it (a
     * worker slower than its lease has lost the message and writes nothing).
     * A reason left out of the outcome is removed from the message.
     */
    finish: (id: string, attempt: number, workerId: string, outcome: AttemptOutcome, now: number): Promise<StoredMessage | null> =>
      queue.finish(id, attempt, workerId, { reason: undefined, ...outcome }, now),
  };
}
export type OutboxRepository = ReturnType<typeof outboxRepository>;
