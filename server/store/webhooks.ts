import type { DeliveryState, WebhookEvent } from '../../shared/schemas/integration-access.js';
import { isDuplicateKey } from './driver-errors.js';
import type { WriteLanes } from './lanes.js';
import type { Models } from './models.js';
import { persistedQueue } from './queue.js';

export interface StoredWebhook {
  _id: string;
  url: string;
  events: WebhookEvent[];
  secret: string;
  enabled: boolean;
  disabledReason: string | null;
  disabledAt: Date | null;
  createdAt: Date;
}

export interface StoredDelivery {
  _id: string;
  webhookId: string;
  type: WebhookEvent;
  orderId: string;
  orderNumber: number;
  seq: number;
  body: string;
  state: DeliveryState;
  attempts: number;
  nextAttemptAt: Date;
  claimedBy: string | null;
  claimedAt: Date | null;
  lastStatus: number | null;
  lastBody: string | null;
  lastError: string | null;
  createdAt: Date;
  updatedAt: Date;
  deliveredAt: Date | null;
}

/** Delivered and failed deliveries kept per webhook, and for how long at most (the tablet's list). */
export const KEEP_PER_WEBHOOK = 200;
export const KEEP_MS = 7 * 24 * 3600_000;

type M = Pick<Models, 'Webhook' | 'WebhookDelivery' | 'WebhookAttempt' | 'WebhookPending' | 'WebhookMark'>;

/**
 * Webhooks and their deliveries. Deliveries are a persisted queue
 * (store/queue.ts, the mail outbox's claims and leases); what is still to
 * deliver is also listed in `webhook_pending`, the only collection the
 * worker scans, so its cost is the pending work, never the history.
 */
export function webhookRepository({ Webhook, WebhookDelivery, WebhookAttempt, WebhookPending, WebhookMark }: M, lanes: WriteLanes) {
  const claimable = (d: StoredDelivery, now: number, leaseMs: number) =>
    (d.state === 'pending' && d.nextAttemptAt.getTime() <= now) ||
    (d.state === 'delivering' && d.claimedAt !== null && d.claimedAt.getTime() <= now - leaseMs);
  const queue = persistedQueue<StoredDelivery>({
    Item: WebhookDelivery as never,
    Attempt: WebhookAttempt as never,
    lanes,
    name: 'webhook',
    busy: 'delivering',
    waiting: 'pending',
    claimable,
  });
  const delivery = async (id: string) => (await WebhookDelivery.findById(id).lean()) as StoredDelivery | null;

  return {
    async insert(w: StoredWebhook): Promise<void> {
      await Webhook.create(w);
    },
    async list(): Promise<StoredWebhook[]> {
      return (await Webhook.find({}).sort({ createdAt: 1 }).lean()) as StoredWebhook[];
    },
    async get(id: string): Promise<StoredWebhook | null> {
      return (await Webhook.findById(id).lean()) as StoredWebhook | null;
    },
    async update(id: string, set: Partial<StoredWebhook>): Promise<StoredWebhook | null> {
      return (await Webhook.findOneAndUpdate({ _id: id }, { $set: set }, { returnDocument: 'after' }).lean()) as StoredWebhook | null;
    },
    /** A webhook and what it still had to deliver (its history goes with the pruning). */
    async remove(id: string): Promise<boolean> {
      const gone = (await Webhook.deleteOne({ _id: id })).deletedCount === 1;
      if (gone) await WebhookPending.deleteMany({ webhookId: id });
      return gone;
    },

    /** Queues a delivery unless it exists (the listener and the sweep make the same id); true when new. */
    async enqueue(d: StoredDelivery): Promise<boolean> {
      try {
        await WebhookDelivery.create(d);
      } catch (e) {
        if (isDuplicateKey(e)) return false;
        throw e;
      }
      await WebhookPending.updateOne(
        { _id: d._id },
        { $set: { webhookId: d.webhookId, orderId: d.orderId, seq: d.seq, nextAttemptAt: d.nextAttemptAt } },
        { upsert: true },
      );
      return true;
    },

    delivery,

    /** The newest deliveries of a webhook (the tablet's list). */
    async deliveries(webhookId: string, limit: number): Promise<StoredDelivery[]> {
      return (await WebhookDelivery.find({ webhookId }, { body: 0 }).sort({ createdAt: -1, seq: -1 }).limit(limit).lean()) as unknown as StoredDelivery[];
    },

    /**
     * Deliveries a worker may claim now: per webhook and order only the
     * earliest pending one (a later one waits for it, however long it
     * retries), of enabled webhooks, due or left by a dead node.
     */
    async due(now: number, leaseMs: number, limit: number): Promise<StoredDelivery[]> {
      const pending = (await WebhookPending.find({}).lean()) as Array<{ _id: string; webhookId: string; orderId: string; seq: number; nextAttemptAt: Date }>;
      if (!pending.length) return [];
      const enabled = new Set(((await Webhook.find({ enabled: true }, { _id: 1 }).lean()) as Array<{ _id: string }>).map((w) => w._id));
      const heads = new Map<string, (typeof pending)[number]>();
      for (const p of pending) {
        if (!enabled.has(p.webhookId)) continue;
        const key = `${p.webhookId}\n${p.orderId}`;
        const h = heads.get(key);
        if (!h || p.seq < h.seq || (p.seq === h.seq && p._id < h._id)) heads.set(key, p);
      }
      // The pending row's time is the delivery's next attempt (or its lease's end while it runs): only those are read.
      const ready = [...heads.values()]
        .filter((p) => p.nextAttemptAt.getTime() <= now)
        .sort((a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() || a.seq - b.seq)
        .slice(0, limit);
      const found = await Promise.all(ready.map(async (p) => {
        const d = await delivery(p._id);
        // A pending row whose delivery is settled (a crash between the two writes): tidied here.
        if (!d || d.state === 'delivered' || d.state === 'failed') await WebhookPending.deleteOne({ _id: p._id });
        return d;
      }));
      return found.filter((d): d is StoredDelivery => !!d && claimable(d, now, leaseMs));
    },

    async claim(d: Pick<StoredDelivery, '_id' | 'attempts'>, workerId: string, now: number, leaseMs: number): Promise<StoredDelivery | null> {
      const claimed = await queue.claim(d, workerId, now, leaseMs);
      if (claimed) await WebhookPending.updateOne({ _id: d._id }, { $set: { nextAttemptAt: new Date(now + leaseMs) } });
      return claimed;
    },

    /** How an attempt ended; a settled delivery leaves the pending list (after its own write: a crash leaves it to `due`). */
    async finish(id: string, attempt: number, workerId: string, outcome: Partial<StoredDelivery>, now: number): Promise<StoredDelivery | null> {
      const done = await queue.finish(id, attempt, workerId, outcome, now);
      if (done && (done.state === 'delivered' || done.state === 'failed')) await WebhookPending.deleteOne({ _id: id });
      else if (done) await WebhookPending.updateOne({ _id: id }, { $set: { nextAttemptAt: done.nextAttemptAt } });
      return done;
    },

    /** Sends a delivery again, from a person's click: back to pending, due now, in its order's queue again. */
    async redeliver(id: string, now: number): Promise<StoredDelivery | null> {
      return queue.inLane(id, async () => {
        const d = await delivery(id);
        if (!d) return null;
        if (d.state === 'delivering') return d;
        const at = new Date(now);
        const after = (await WebhookDelivery.findOneAndUpdate(
          { _id: id },
          { $set: { state: 'pending', nextAttemptAt: at, createdAt: at, updatedAt: at, deliveredAt: null } },
          { returnDocument: 'after' },
        ).lean()) as StoredDelivery | null;
        await WebhookPending.updateOne({ _id: id }, { $set: { webhookId: d.webhookId, orderId: d.orderId, seq: d.seq, nextAttemptAt: at } }, { upsert: true });
        return after;
      });
    },

    async pendingCount(webhookId?: string): Promise<number> {
      return WebhookPending.countDocuments(webhookId ? { webhookId } : {});
    },

    /** Settled deliveries older than KEEP_MS, or beyond the newest KEEP_PER_WEBHOOK of their webhook, and their claims. */
    async prune(now: number): Promise<number> {
      let removed = 0;
      for (const w of (await Webhook.find({}, { _id: 1 }).lean()) as Array<{ _id: string }>) {
        const settled = (await WebhookDelivery.find({ webhookId: w._id, state: { $in: ['delivered', 'failed'] } }, { _id: 1, createdAt: 1, attempts: 1 })
          .sort({ createdAt: -1 })
          .lean()) as Array<{ _id: string; createdAt: Date; attempts: number }>;
        const old = settled.filter((d, i) => i >= KEEP_PER_WEBHOOK || d.createdAt.getTime() < now - KEEP_MS);
        for (const d of old) {
          await WebhookDelivery.deleteOne({ _id: d._id });
          for (let a = 1; a <= d.attempts; a++) await WebhookAttempt.deleteOne({ _id: `${d._id}#${a}` });
          removed++;
        }
      }
      return removed;
    },

    async mark(): Promise<{ seq: number; next: number } | null> {
      return (await WebhookMark.findById('sweep').lean()) as { seq: number; next: number } | null;
    },
    async setMark(seq: number, next: number): Promise<void> {
      await WebhookMark.updateOne({ _id: 'sweep' }, { $set: { seq, next } }, { upsert: true });
    },
  };
}
export type WebhookRepository = ReturnType<typeof webhookRepository>;
