import { Schema, type Connection } from 'mongoose';
import { registerIntegrationModels } from './integration-models.js';

/*
 * Mongoose models: the shape of everything we store, registered once per
 * connection by `registerModels` (the database plugin). Every _id is a string
 * we make (readable ids for steps and templates, random hex for the rest,
 * token hashes for grants), so the API never has to translate ObjectIds.
 * Validation of input happens earlier, with the TypeBox schemas of shared/;
 * these schemas keep stray fields out. No TTL index anywhere: FerretDB 1.24
 * has none, so expiry is checked on read.
 */

const contact = new Schema(
  { id: String, company: String, name: String, email: String, postalCode: String },
  { _id: false },
);

const historyEntry = new Schema(
  {
    at: Date,
    actor: String,
    actorId: { type: String, default: null },
    kind: String,
    fromStepId: String,
    toStepId: String,
    comment: String,
    opId: String,
    /** This entry's step sends a message automatically: the intent, kept with the change that owes it. */
    autoSend: { type: Boolean, default: undefined },
    fromStatus: { type: String, default: undefined },
    toStatus: { type: String, default: undefined },
    fields: { type: [String], default: undefined },
    /** A change made by a CSV import ('import') or the ERP's by-ref call ('erp'). */
    via: { type: String, default: undefined },
    /** Why the order went back (one of the settings' rework reasons), on a regress or a backward move. */
    reasonCode: { type: String, default: undefined },
    mail: { type: Schema.Types.Mixed, default: undefined },
  },
  { _id: false },
);

export const orderSchema = new Schema(
  {
    _id: String,
    number: { type: Number, required: true },
    date: { type: String, required: true },
    contact: { type: contact, required: true },
    nature: String,
    customerRef: String,
    /** The ERP's reference, unique among all orders through `order_refs` (store/order-refs.ts). */
    externalRef: String,
    status: { type: String, default: null },
    stepId: { type: String, required: true },
    dueDate: { type: String, default: null },
    assigneeId: { type: String, default: null },
    machineId: { type: String, default: null },
    version: { type: Number, required: true },
    seq: { type: Number, required: true },
    history: { type: [historyEntry], default: [] },
    updatedAt: Date,
    /** When the order entered its current step (its creation counts): the cards' "depuis …". */
    stepSince: { type: Date, default: undefined },
    /** In the archive only: the archive slot of its latest move there (see archive-index.ts). */
    archiveSlot: { type: Number, default: undefined },
    /** How many pages of older history entries were moved out to `order_history` (see orders.ts). */
    historyPages: { type: Number, default: undefined },
  },
  { versionKey: false, collection: 'orders' },
);
orderSchema.index({ number: 1 }, { unique: true });
orderSchema.index({ seq: 1 });
orderSchema.index({ stepId: 1 });

/**
 * An order's older history entries, HISTORY_PAGE at a time, `_id` =
 * `<order id>:<page>`: the order document keeps its recent entries only, so
 * it never grows towards MongoDB's 16 MB limit.
 */
export const historyPageSchema = new Schema({ _id: String, entries: { type: [historyEntry], default: [] } }, { versionKey: false, collection: 'order_history' });

/** Finished orders (at or after the final step), same shape: see orders.ts and README "Active and archived". */
export const archivedOrderSchema = orderSchema.clone();
archivedOrderSchema.set('collection', 'archived_orders');

/**
 * The archive's index, append-only buckets of ARCHIVE_BUCKET_SIZE slots,
 * `_id` = bucket number; `json` maps each slot to a compact summary of the
 * order archived there (archive-index.ts). Paging and search read these by `_id`.
 */
export const archiveBucketSchema = new Schema({ _id: String, json: String }, { versionKey: false, collection: 'archive_buckets' });

/**
 * Recent changes of archived orders (their move there, an edit, a mail), by
 * order id with the change's seq: resync reads these instead of the archive.
 * Pruned past the resync window; `~pruned` holds the highest seq pruned.
 */
/**
 * Which order holds an ERP reference (`_id` = the externalRef): the one lookup
 * FerretDB serves from an index, so uniqueness across active AND archived
 * orders never scans either collection (store/order-refs.ts).
 */
export const orderRefSchema = new Schema({ _id: String, orderId: String }, { versionKey: false, collection: 'order_refs' });

export const archiveChangeSchema = new Schema({ _id: String, seq: Number, at: Date }, { versionKey: false, collection: 'archive_changes' });

/** A "tout voir" listing's frozen first part (the active orders at its first page), by an opaque token. */
export const listingSchema = new Schema(
  { _id: String, filter: Schema.Types.Mixed, ids: [String], slotBefore: Number, slotAfter: Number, createdAt: Date },
  { versionKey: false, collection: 'listings' },
);

export const settingsSchema = new Schema(
  {
    _id: String,
    steps: [
      new Schema({ id: String, label: String, templateId: { type: String, default: null }, autoSend: Boolean, wipLimit: { type: Number, default: undefined } }, { _id: false }),
    ],
    finalStepId: String,
    finalStatus: { type: String, default: null },
    dueSoonDays: Number,
    statuses: [String],
    timezone: String,
    workshopName: String,
    // Checked by the Settings schema on the way in; null = no schedule.
    workingHours: { type: Schema.Types.Mixed, default: undefined },
    // [{ id, label }], checked by the Settings schema and settings-rules on the way in.
    reworkReasons: { type: Schema.Types.Mixed, default: undefined },
    language: { type: String, default: undefined },
    seq: Number,
  },
  { versionKey: false, collection: 'settings' },
);

export const counterSchema = new Schema({ _id: String, value: Number }, { versionKey: false, collection: 'counters' });

/** A removed order leaves a tombstone so that `resync` can tell screens to drop it. */
export const removalSchema = new Schema(
  { _id: String, seq: Number, at: Date },
  { versionKey: false, collection: 'removals' },
);
removalSchema.index({ seq: 1 });

export const userSchema = new Schema(
  {
    _id: String,
    name: String,
    role: String,
    username: { type: String, default: undefined },
    passwordHash: { type: String, default: undefined },
    pinHash: { type: String, default: undefined },
  },
  { versionKey: false, collection: 'users', strict: false },
);

export const machineSchema = new Schema({ _id: String, name: String }, { versionKey: false, collection: 'machines' });

export const templateSchema = new Schema(
  { _id: String, name: String, subject: String, body: String },
  { versionKey: false, collection: 'templates' },
);

/**
 * Every bearer secret Jalon hands out (sessions, kiosks' device tokens,
 * pairing codes, the setup link), by the SHA-256 of its value: see grants.ts.
 */
export const grantSchema = new Schema(
  {
    _id: String,
    kind: { type: String, required: true },
    userId: { type: String, default: undefined },
    kioskId: { type: String, default: undefined },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, default: null },
    hardExpiresAt: { type: Date, default: undefined },
    /** A screen code's waiting screen: the SHA-256 of its secret (see routes/kiosks/screen-codes.ts). */
    waiterHash: { type: String, default: undefined },
    /** API tokens (auth/tokens.ts): the token's id, name and scopes, read with the grant. */
    tokenId: { type: String, default: undefined },
    name: { type: String, default: undefined },
    scopes: { type: [String], default: undefined },
  },
  { versionKey: false, collection: 'grants' },
);
// Expiry is checked on every read and old grants are purged on login.
grantSchema.index({ kioskId: 1 });
grantSchema.index({ userId: 1 });

/** A paired (or pairing) screen: see kiosks.ts. */
export const kioskSchema = new Schema(
  {
    _id: String,
    name: { type: String, required: true },
    scope: new Schema({ machineId: String, assigneeId: String, wall: Boolean }, { _id: false }),
    requirePin: { type: Boolean, default: false },
    pinMinutes: { type: Number, default: 5 },
    createdAt: Date,
    pairingExpiresAt: { type: Date, default: null },
    pairedAt: { type: Date, default: null },
    lastSeenAt: { type: Date, default: null },
    operator: { type: new Schema({ userId: String, name: String, until: Date }, { _id: false }), default: null },
  },
  { versionKey: false, collection: 'kiosks' },
);

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

/**
 * Workshop statistics kept as the changes happen (store/insight.ts), read by
 * `_id` only: `YYYY-MM-DD` (a day's counters and duration histograms),
 * `YYYY-MM-DD:m:<machine>` and `YYYY-MM-DD:a:<person>` (the same, for one
 * machine or person), `wip:YYYY-MM-DD` (work in progress per step at the end
 * of the day). `json` is one JSON string (FerretDB decodes it at once), `keys`
 * the changes already counted in it (a retry counts nothing twice): the newest
 * ones, the older in `chunks` documents `<id>~<k>` (store/spilled-chunks.ts).
 */
export const insightDaySchema = new Schema({ _id: String, json: String, keys: String, chunks: Number }, { versionKey: false, collection: 'insight_days' });

/**
 * A day's step visits (`_id` = `YYYY-MM-DD`, the day each visit ended), one JSON string: the CSV export.
 * The newest in the document, the older in `chunks` documents `<day>~<k>` (store/spilled-chunks.ts).
 */
export const insightVisitsSchema = new Schema({ _id: String, json: String, chunks: Number }, { versionKey: false, collection: 'insight_visits' });

/** Which order each transition's opId was first used on (store/op-ids.ts), `_id` = the opId. */
export const opRecordSchema = new Schema({ _id: String, orderId: String, at: Date }, { versionKey: false, collection: 'op_ids' });

/** Registers every model on the app's connection. Called once per connection (mongoose refuses a second time). */
export function registerModels(conn: Connection) {
  return {
    ...registerIntegrationModels(conn),
    Order: conn.model('Order', orderSchema),
    ArchivedOrder: conn.model('ArchivedOrder', archivedOrderSchema),
    ArchiveBucket: conn.model('ArchiveBucket', archiveBucketSchema),
    ArchiveChange: conn.model('ArchiveChange', archiveChangeSchema),
    HistoryPage: conn.model('HistoryPage', historyPageSchema),
    OrderRef: conn.model('OrderRef', orderRefSchema),
    Listing: conn.model('Listing', listingSchema),
    Settings: conn.model('Settings', settingsSchema),
    Counter: conn.model('Counter', counterSchema),
    Removal: conn.model('Removal', removalSchema),
    User: conn.model('User', userSchema),
    Machine: conn.model('Machine', machineSchema),
    Template: conn.model('Template', templateSchema),
    Grant: conn.model('Grant', grantSchema),
    Kiosk: conn.model('Kiosk', kioskSchema),
    OutboxMessage: conn.model('OutboxMessage', outboxMessageSchema),
    OutboxAttempt: conn.model('OutboxAttempt', outboxAttemptSchema),
    MailMarker: conn.model('MailMarker', mailMarkerSchema),
    OpRecord: conn.model('OpRecord', opRecordSchema),
    InsightDay: conn.model('InsightDay', insightDaySchema),
    InsightVisits: conn.model('InsightVisits', insightVisitsSchema),
  };
}
export type Models = ReturnType<typeof registerModels>;
