import { Schema, type Connection } from 'mongoose';

/*
 * Mongoose models: the shape of what we store. Every _id is a string we make
 * (readable ids for steps and templates, random hex for the rest), so the API
 * never has to translate ObjectIds. Validation of input happens earlier, with
 * the TypeBox schemas of shared/; these schemas keep stray fields out.
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
    fromStatus: { type: String, default: undefined },
    toStatus: { type: String, default: undefined },
    fields: { type: [String], default: undefined },
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
    status: { type: String, default: null },
    stepId: { type: String, required: true },
    dueDate: { type: String, default: null },
    assigneeId: { type: String, default: null },
    machineId: { type: String, default: null },
    version: { type: Number, required: true },
    seq: { type: Number, required: true },
    history: { type: [historyEntry], default: [] },
    updatedAt: Date,
  },
  { versionKey: false, collection: 'orders' },
);
orderSchema.index({ number: 1 }, { unique: true });
orderSchema.index({ seq: 1 });
orderSchema.index({ stepId: 1 });

export const settingsSchema = new Schema(
  {
    _id: String,
    steps: [
      new Schema({ id: String, label: String, templateId: { type: String, default: null }, autoSend: Boolean }, { _id: false }),
    ],
    finalStepId: String,
    finalStatus: { type: String, default: null },
    dueSoonDays: Number,
    statuses: [String],
    timezone: String,
    workshopName: String,
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

export function registerModels(conn: Connection) {
  return {
    Order: conn.model('Order', orderSchema),
    Settings: conn.model('Settings', settingsSchema),
    Counter: conn.model('Counter', counterSchema),
    Removal: conn.model('Removal', removalSchema),
    User: conn.model('User', userSchema),
    Machine: conn.model('Machine', machineSchema),
    Template: conn.model('Template', templateSchema),
  };
}
export type Models = ReturnType<typeof registerModels>;
