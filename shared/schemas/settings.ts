import { Type, type Static } from '@sinclair/typebox';
import { Id, Line, Nullable } from './common.js';

export const Step = Type.Object(
  {
    id: Id,
    label: Line(80),
    templateId: Type.Optional(Nullable(Id)),
    autoSend: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type Step = Static<typeof Step>;

export const Settings = Type.Object(
  {
    steps: Type.Array(Step, { minItems: 1, maxItems: 50 }),
    finalStepId: Id,
    finalStatus: Nullable(Line(80)),
    dueSoonDays: Type.Integer({ minimum: 0, maximum: 365 }),
    statuses: Type.Array(Line(80), { maxItems: 50 }),
    timezone: Type.String({ minLength: 1, maxLength: 64 }),
    workshopName: Type.Optional(Type.String({ maxLength: 120 })),
  },
  { additionalProperties: false },
);
export type Settings = Static<typeof Settings>;

/** What GET /api/settings answers: the settings plus the seq of their last change. */
export const SettingsReply = Type.Composite([Settings, Type.Object({ seq: Type.Integer() })]);
export type SettingsReply = Static<typeof SettingsReply>;
