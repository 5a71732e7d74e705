import { Type, type Static } from '@sinclair/typebox';
import { Id, Instant, Line } from './common.js';
import { Role, User } from './people.js';

/*
 * Sign-in, kiosks and pairing. Secrets (passwords, PINs, codes)
 * have tight bounds so that nothing huge ever reaches the key derivation.
 */

export const Password = Type.String({ minLength: 8, maxLength: 200, description: 'At least 8 characters' });
export const Pin = Type.String({ pattern: '^[0-9]{4,6}$', description: '4 to 6 digits' });
export const PairingCode = Type.String({ pattern: '^[0-9]{6}$', description: 'The 6 digits shown to the admin' });

/** One machine, one person, or the whole workshop (wall screen, read-only). */
export const KioskScope = Type.Union([
  Type.Object({ machineId: Id }, { additionalProperties: false }),
  Type.Object({ assigneeId: Id }, { additionalProperties: false }),
  Type.Object({ wall: Type.Literal(true) }, { additionalProperties: false }),
]);
export type KioskScope = Static<typeof KioskScope>;

const pinOptions = {
  requirePin: Type.Optional(Type.Boolean({ description: 'Previous/Next ask an operator PIN first' })),
  pinMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 120, description: 'How long a PIN stays valid on the kiosk' })),
};

export const KioskCreate = Type.Object({ name: Line(80), scope: KioskScope, ...pinOptions }, { additionalProperties: false });
export type KioskCreate = Static<typeof KioskCreate>;

export const KioskUpdate = Type.Object({ name: Line(80), ...pinOptions }, { additionalProperties: false });
export type KioskUpdate = Static<typeof KioskUpdate>;

export const Kiosk = Type.Object({
  id: Id,
  name: Type.String(),
  scope: KioskScope,
  requirePin: Type.Boolean(),
  pinMinutes: Type.Integer(),
  paired: Type.Boolean(),
  pairedAt: Type.Union([Instant, Type.Null()]),
  pairingExpiresAt: Type.Union([Instant, Type.Null()]),
  lastSeenAt: Type.Union([Instant, Type.Null()]),
  createdAt: Instant,
});
export type Kiosk = Static<typeof Kiosk>;

export const KioskWithCode = Type.Object({
  kiosk: Kiosk,
  pairingCode: PairingCode,
  expiresAt: Instant,
});
export type KioskWithCode = Static<typeof KioskWithCode>;

export const PairBody = Type.Object({ code: PairingCode }, { additionalProperties: false });
export type PairBody = Static<typeof PairBody>;

export const LoginBody = Type.Object(
  { username: Type.String({ minLength: 1, maxLength: 40 }), password: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);
export type LoginBody = Static<typeof LoginBody>;

export const LoginReply = Type.Object({ user: User, expiresAt: Instant });
export type LoginReply = Static<typeof LoginReply>;

export const SetupBody = Type.Object(
  { token: Type.String({ pattern: '^[A-Za-z0-9_-]{20,100}$' }), password: Password },
  { additionalProperties: false },
);
export type SetupBody = Static<typeof SetupBody>;

export const SetupStatus = Type.Object({ required: Type.Boolean() });

export const PasswordBody = Type.Object({ password: Password }, { additionalProperties: false });
export const OwnPasswordBody = Type.Object(
  { currentPassword: Type.String({ minLength: 1, maxLength: 200 }), password: Password },
  { additionalProperties: false },
);
export const PinBody = Type.Object({ pin: Pin }, { additionalProperties: false });

export const OperatorSignIn = Type.Object({ userId: Id, pin: Pin }, { additionalProperties: false });
export type OperatorSignIn = Static<typeof OperatorSignIn>;

export const KioskOperator = Type.Object({ id: Id, name: Type.String(), until: Instant });
export type KioskOperator = Static<typeof KioskOperator>;

/** `GET /api/auth/me`: who this browser is, a person or a paired kiosk. */
export const Me = Type.Object({
  kind: Type.Union([Type.Literal('user'), Type.Literal('kiosk')]),
  id: Id,
  name: Type.String(),
  role: Role,
  username: Type.Optional(Type.String()),
  scope: Type.Optional(KioskScope),
  requirePin: Type.Optional(Type.Boolean()),
  pinMinutes: Type.Optional(Type.Integer()),
  operator: Type.Optional(Type.Union([KioskOperator, Type.Null()])),
});
export type Me = Static<typeof Me>;
