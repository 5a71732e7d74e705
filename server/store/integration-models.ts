import { Schema, type Connection } from 'mongoose';

/*
 * The ERP integration's collections: API tokens and webhooks. Every hot path
 * reads them by `_id` or scans a collection bounded by work in progress
 * (webhook_pending), never by the deliveries' history (FerretDB scans
 * anything but `_id`).
 */

/** API tokens as the tablet lists them (small: a handful per workshop). The secret's hash lives in `grants`. */
export const apiTokenSchema = new Schema(
  { _id: String, name: String, scopes: [String], hash: String, createdAt: Date, lastUsedAt: { type: Date, default: null } },
  { versionKey: false, collection: 'api_tokens' },
);

/** Webhooks (a handful). `secret` is the HMAC key: it must be kept to sign, so it is stored as given. */
export const webhookSchema = new Schema(
  {
    _id: String,
    url: String,
    events: [String],
    secret: String,
    enabled: Boolean,
    disabledReason: { type: String, default: null },
    disabledAt: { type: Date, default: null },
    createdAt: Date,
  },
  { versionKey: false, collection: 'webhooks' },
);

/**
 * One delivery of one event to one webhook, `_id` = a hash of (webhook, order,
 * seq, type), so the live listener and the sweep that catches up after a crash
 * make the same row, and the receiver sees the same `X-Jalon-Delivery` on every retry.
 */
export const webhookDeliverySchema = new Schema(
  {
    _id: String,
    webhookId: String,
    type: String,
    orderId: String,
    orderNumber: Number,
    seq: Number,
    /** The exact bytes sent (and signed), the same on every retry. */
    body: String,
    state: String,
    attempts: Number,
    nextAttemptAt: Date,
    claimedBy: { type: String, default: null },
    claimedAt: { type: Date, default: null },
    lastStatus: { type: Number, default: null },
    lastBody: { type: String, default: null },
    lastError: { type: String, default: null },
    createdAt: Date,
    updatedAt: Date,
    deliveredAt: { type: Date, default: null },
  },
  { versionKey: false, collection: 'webhook_deliveries' },
);
webhookDeliverySchema.index({ webhookId: 1, createdAt: -1 });

/** The claim of one attempt (store/queue.ts), `_id` = `<delivery id>#<attempt>`; pruned with the deliveries. */
export const webhookAttemptSchema = new Schema(
  { _id: String, messageId: String, attempt: Number, by: String, at: Date },
  { versionKey: false, collection: 'webhook_attempts' },
);

/**
 * The deliveries still to make, `_id` = the delivery's: what the worker scans.
 * A row goes when its delivery is delivered or given up, so the scan costs
 * the pending work, whatever the history holds.
 */
export const webhookPendingSchema = new Schema(
  { _id: String, webhookId: String, orderId: String, seq: Number, nextAttemptAt: Date },
  { versionKey: false, collection: 'webhook_pending' },
);

/** `sweep`: the seq from which the next sweep looks, and the one it will move to (webhooks/fanout.ts). */
export const webhookMarkSchema = new Schema({ _id: String, seq: Number, next: Number }, { versionKey: false, collection: 'webhook_marks' });

export function registerIntegrationModels(conn: Connection) {
  return {
    ApiToken: conn.model('ApiToken', apiTokenSchema),
    Webhook: conn.model('Webhook', webhookSchema),
    WebhookDelivery: conn.model('WebhookDelivery', webhookDeliverySchema),
    WebhookAttempt: conn.model('WebhookAttempt', webhookAttemptSchema),
    WebhookPending: conn.model('WebhookPending', webhookPendingSchema),
    WebhookMark: conn.model('WebhookMark', webhookMarkSchema),
  };
}
