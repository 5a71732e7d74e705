import type { Models } from './models.js';
import type { WriteLanes } from './lanes.js';
import { byIdMemo } from './by-id-memo.js';

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

/** `memo`: keep screens read by `_id` in memory (this process is the only writer: by-id-memo.ts). */
export function kioskRepository({ Kiosk }: Pick<Models, 'Kiosk'>, lanes: WriteLanes, { memo = false } = {}) {
  const known = byIdMemo<StoredKiosk>(memo);
  return {
    async insert(k: StoredKiosk): Promise<void> {
      await known.write(k._id, () => Kiosk.create(k));
    },
    async list(): Promise<StoredKiosk[]> {
      return (await Kiosk.find({}).sort({ name: 1 }).lean()) as StoredKiosk[];
    },
    /** Every request of a screen asks: from memory when kept. */
    async get(id: string): Promise<StoredKiosk | null> {
      return known.read(id, async () => (await Kiosk.findById(id).lean()) as StoredKiosk | null);
    },
    /** Sets fields by `_id` (the only filter FerretDB pushes down); null when the kiosk is gone. */
    async update(id: string, set: Partial<Omit<StoredKiosk, '_id'>>): Promise<StoredKiosk | null> {
      const res = await known.write(id, () => Kiosk.updateOne({ _id: id }, { $set: set }));
      if (res.matchedCount === 0) return null;
      return this.get(id);
    },
    async remove(id: string): Promise<boolean> {
      return (await known.write(id, () => Kiosk.deleteOne({ _id: id }))).deletedCount === 1;
    },
    /** A screen written beside this repository (a test moving time on): read again. */
    forget: (id: string) => known.forget(id),
    /**
     * Runs `task` while no other write to this kiosk runs (pairing, new code,
     * revocation and operator sign-in each read, then write the kiosk and its grants).
     */
    exclusive<T>(id: string, task: () => Promise<T>): Promise<T> {
      return lanes.run(`kiosk:${id}`, task);
    },
  };
}
export type KioskRepository = ReturnType<typeof kioskRepository>;
