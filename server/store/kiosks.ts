import { Schema, type Connection } from 'mongoose';

export interface KioskScope {
  machineId?: string;
  assigneeId?: string;
  wall?: boolean;
}

/** A paired (or pairing) screen. Its device token lives in `grants`, hashed. */
export interface StoredKiosk {
  _id: string;
  name: string;
  scope: KioskScope;
  /** Previous/Next ask an operator's PIN first; the history then names that person. */
  requirePin: boolean;
  /** How long an operator stays signed in on the kiosk after a PIN, in minutes. */
  pinMinutes: number;
  createdAt: Date;
  pairingExpiresAt: Date | null;
  pairedAt: Date | null;
  lastSeenAt: Date | null;
  /** The person who last typed their PIN here, until when. */
  operator: { userId: string; name: string; until: Date } | null;
}

const kioskSchema = new Schema(
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

export async function kioskRepository(conn: Connection) {
  const Kiosk = conn.models.Kiosk ?? conn.model('Kiosk', kioskSchema);
  await Kiosk.createIndexes();

  return {
    async insert(k: StoredKiosk): Promise<void> {
      await Kiosk.create(k);
    },
    async list(): Promise<StoredKiosk[]> {
      return (await Kiosk.find({}).sort({ name: 1 }).lean()) as StoredKiosk[];
    },
    async get(id: string): Promise<StoredKiosk | null> {
      return (await Kiosk.findById(id).lean()) as StoredKiosk | null;
    },
    /** Sets fields by `_id` (the only filter FerretDB pushes down); null when the kiosk is gone. */
    async update(id: string, set: Partial<Omit<StoredKiosk, '_id'>>): Promise<StoredKiosk | null> {
      const res = await Kiosk.updateOne({ _id: id }, { $set: set });
      if (res.matchedCount === 0) return null;
      return this.get(id);
    },
    async remove(id: string): Promise<boolean> {
      return (await Kiosk.deleteOne({ _id: id })).deletedCount === 1;
    },
    async countUsing(field: 'machineId' | 'assigneeId', id: string): Promise<number> {
      return Kiosk.countDocuments({ [`scope.${field}`]: id });
    },
  };
}
export type KioskRepository = Awaited<ReturnType<typeof kioskRepository>>;
