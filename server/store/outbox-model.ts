import { Schema, type Connection, type Model } from 'mongoose';

/**
 * The persisted outbox: a message is stored here before anything tries to
 * send it, so a step change never waits on a mail server and a restart
 * resumes the queue. `key` makes enqueueing idempotent (auto-send per step
 * entry, replayed envelope requests).
 */
export const outboxMessageSchema = new Schema(
  {
    _id: String,
    key: { type: String, required: true },
    orderId: { type: String, required: true },
    orderNumber: Number,
    kind: { type: String, required: true },
    stepId: { type: String, default: null },
    to: { type: String, default: '' },
    subject: { type: String, default: '' },
    text: { type: String, default: '' },
    html: { type: String, default: '' },
    /** The Message-ID header, the same on every attempt so that receivers can drop a duplicate. */
    headerMessageId: { type: String, required: true },
    actor: String,
    actorId: { type: String, default: null },
    state: { type: String, required: true },
    attempts: { type: Number, required: true },
    nextAttemptAt: { type: Date, required: true },
    /** Set once the order's history says `queued`: workers wait for it, so the history never reads `sent` before `queued`. */
    announcedAt: { type: Date, default: null },
    claimedBy: { type: String, default: null },
    claimedAt: { type: Date, default: null },
    reason: { type: String, default: undefined },
    response: { type: String, default: undefined },
    file: { type: String, default: undefined },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    finishedAt: { type: Date, default: undefined },
  },
  { versionKey: false, collection: 'outbox' },
);
outboxMessageSchema.index({ key: 1 }, { unique: true });
outboxMessageSchema.index({ state: 1, nextAttemptAt: 1 });
outboxMessageSchema.index({ orderId: 1, createdAt: -1 });

/**
 * One document per delivery attempt, `_id` = `<messageId>#<attempt>`. Inserting
 * it is the claim: a unique insert is atomic on MongoDB and on FerretDB alike
 * (a conditional update is not atomic on FerretDB 1.24), so two nodes can
 * never own the same attempt of a message.
 */
export const outboxAttemptSchema = new Schema(
  { _id: String, messageId: String, attempt: Number, by: String, at: Date },
  { versionKey: false, collection: 'outbox_attempts' },
);

/**
 * `autoSend:<stepId>` → since when that step's auto-send is on. The start-up
 * recovery (mail-service.ts) never sends for a step entry older than this,
 * so switching auto-send on does not mail the orders already at the step.
 */
export const mailMarkerSchema = new Schema({ _id: String, at: Date }, { versionKey: false, collection: 'mail_markers' });

export interface OutboxModels {
  OutboxMessage: Model<any>;
  OutboxAttempt: Model<any>;
  MailMarker: Model<any>;
}

/** Registers the outbox models on the app's connection (once per connection). */
export function registerOutboxModels(conn: Connection): OutboxModels {
  const model = (name: string, schema: Schema): Model<any> => conn.models[name] ?? conn.model(name, schema);
  return {
    OutboxMessage: model('OutboxMessage', outboxMessageSchema),
    OutboxAttempt: model('OutboxAttempt', outboxAttemptSchema),
    MailMarker: model('MailMarker', mailMarkerSchema),
  };
}
