import { Type, type Static } from '@sinclair/typebox';
import { Id, Line, Nullable } from './common.js';

export const Step = Type.Object(
  {
    id: Id,
    label: Line(80),
    templateId: Type.Optional(Nullable(Id)),
    autoSend: Type.Boolean(),
    /** Most orders the step should hold at once (the wall shows count / limit); null or absent = no limit. */
    wipLimit: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 10_000 }))),
  },
  { additionalProperties: false },
);
export type Step = Static<typeof Step>;

/** HH:MM, 00:00–23:59. */
const ClockTime = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', description: 'Time of day HH:MM' });

/** When the workshop works (shared/working-hours.ts): walls keep their screen lit only then. */
export const WorkingHours = Type.Object(
  {
    days: Type.Array(Type.Integer({ minimum: 1, maximum: 7 }), { minItems: 1, maxItems: 7, description: 'ISO weekdays, 1 = Monday' }),
    start: ClockTime,
    end: ClockTime,
  },
  { additionalProperties: false },
);

export const ReworkReason = Type.Object({ id: Id, label: Line(80) }, { additionalProperties: false });
export type ReworkReason = Static<typeof ReworkReason>;

export const Settings = Type.Object(
  {
    steps: Type.Array(Step, { minItems: 1, maxItems: 50 }),
    finalStepId: Id,
    finalStatus: Nullable(Line(80)),
    dueSoonDays: Type.Integer({ minimum: 0, maximum: 365 }),
    statuses: Type.Array(Line(80), { maxItems: 50 }),
    timezone: Type.String({ minLength: 1, maxLength: 64 }),
    workshopName: Type.Optional(Type.String({ maxLength: 120 })),
    /** Null or absent: walls stay lit around the clock. */
    workingHours: Type.Optional(Nullable(WorkingHours)),
    /** Why work goes back (regress, backward move): offered as chips, kept on the history entry. Absent = none. */
    reworkReasons: Type.Optional(Type.Array(ReworkReason, { maxItems: 50 })),
    /** The workshop's language (exports: separator and decimal mark). Absent = French. */
    language: Type.Optional(Type.Union([Type.Literal('fr'), Type.Literal('en')])),
  },
  { additionalProperties: false },
);
export type Settings = Static<typeof Settings>;

/** What GET /api/settings answers: the settings plus the seq of their last change. */
export const SettingsReply = Type.Composite([Settings, Type.Object({ seq: Type.Integer() })]);
export type SettingsReply = Static<typeof SettingsReply>;

/**
 * What PUT /api/settings takes: the settings and, from screens that know it,
 * the `seq` of the settings they were edited from. A different current `seq`
 * means someone saved meanwhile (409 stale_settings with the current ones);
 * without it the last write wins, as for clients that predate the field.
 */
export const SettingsUpdate = Type.Composite(
  [Settings, Type.Object({ expectedSeq: Type.Optional(Type.Integer({ minimum: 0 })) })],
  { additionalProperties: false },
);
export type SettingsUpdate = Static<typeof SettingsUpdate>;
