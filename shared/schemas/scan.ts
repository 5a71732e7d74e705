import { Type, type Static } from '@sinclair/typebox';
import { Kiosk, KioskCreate, PairingCode } from './auth.js';
import { Id, Instant, Nullable } from './common.js';

/** An order number in a path (`/api/kiosks/whereabouts/1042`): 1 to 999 999 999, digits only. */
export const NumberParams = Type.Object({ number: Type.String({ pattern: '^[1-9][0-9]{0,8}$', description: 'Order number' }) }, { additionalProperties: false });
export type NumberParams = Static<typeof NumberParams>;

/**
 * Where an order is, for a screen that scanned a sheet it does not show: its machine or person
 * only (what the card would say is not for screens outside the order's scope).
 */
export const OrderWhereabouts = Type.Object({
  number: Type.Integer(),
  machineId: Nullable(Id),
  assigneeId: Nullable(Id),
  /** At the workflow's last step (archived): on no machine any more. */
  finished: Type.Boolean(),
});
export type OrderWhereabouts = Static<typeof OrderWhereabouts>;

/**
 * A screen nobody has paired yet asks for its own code (shown as a QR and 6 digits); `token` is
 * its secret for asking whether the tablet has claimed it (never shown).
 */
export const ScreenCode = Type.Object({
  code: PairingCode,
  token: Type.String({ minLength: 32, maxLength: 128 }),
  expiresAt: Instant,
});
export type ScreenCode = Static<typeof ScreenCode>;

/** The waiting screen asks: claimed yet? */
export const ScreenCodeWait = Type.Object({ code: PairingCode, token: Type.String({ minLength: 32, maxLength: 128 }) }, { additionalProperties: false });
export type ScreenCodeWait = Static<typeof ScreenCodeWait>;

/** Not yet (`paired: false`), or paired: the device cookie is set with this answer. */
export const ScreenCodeWaitReply = Type.Object({ paired: Type.Boolean(), kiosk: Type.Optional(Kiosk) });
export type ScreenCodeWaitReply = Static<typeof ScreenCodeWaitReply>;

/** The tablet claims a waiting screen by its code: the kiosk is created with this name and scope. */
export const ScreenCodeClaim = Type.Composite([KioskCreate, Type.Object({ code: PairingCode })], { additionalProperties: false });
export type ScreenCodeClaim = Static<typeof ScreenCodeClaim>;
