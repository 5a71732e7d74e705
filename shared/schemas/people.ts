import { Type, type Static } from '@sinclair/typebox';
import { Id, Line } from './common.js';

export const Role = Type.Union([Type.Literal('admin'), Type.Literal('supervisor'), Type.Literal('operator')]);
export type Role = Static<typeof Role>;

export const User = Type.Object({
  id: Id,
  name: Type.String(),
  role: Role,
  username: Type.Optional(Type.String()),
  /** The person's PIN is locked (too many wrong tries) until an admin sets a new one. */
  pinLocked: Type.Optional(Type.Union([Type.Object({ at: Type.String(), reason: Type.Literal('too_many_attempts') }), Type.Null()])),
});
export type User = Static<typeof User>;

export const UserInput = Type.Object(
  {
    name: Line(120),
    role: Role,
    username: Type.Optional(Type.String({ pattern: '^[a-z0-9._-]{2,40}$' })),
  },
  { additionalProperties: false },
);
export type UserInput = Static<typeof UserInput>;

export const Machine = Type.Object({ id: Id, name: Type.String() });
export type Machine = Static<typeof Machine>;

export const MachineInput = Type.Object({ name: Line(120) }, { additionalProperties: false });
export type MachineInput = Static<typeof MachineInput>;
