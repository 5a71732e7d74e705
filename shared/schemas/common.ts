import { Type, type Static } from '@sinclair/typebox';

/** Identifiers of our documents and of workflow steps: short, URL-safe, never an operator. */
export const Id = Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$', description: 'Identifier' });

/** A calendar date, `YYYY-MM-DD`, as the workshop reads it. */
export const DateOnly = Type.String({
  pattern: '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$',
  description: 'Calendar date YYYY-MM-DD',
});

/** An instant, ISO 8601 in UTC. */
export const Instant = Type.String({ description: 'ISO 8601 instant' });

/** Free text a person typed on one line (names, labels). Trimmed length is checked by the domain. */
export const Line = (maxLength = 200) => Type.String({ minLength: 1, maxLength });
export const OptionalLine = (maxLength = 200) => Type.String({ maxLength });

export const Nullable = <T extends import('@sinclair/typebox').TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const ErrorBody = Type.Object(
  {
    error: Type.Object({ code: Type.String(), message: Type.String() }),
  },
  { additionalProperties: true, $id: 'ErrorBody' },
);
export type ErrorBody = Static<typeof ErrorBody>;

export const IdParams = Type.Object({ id: Id }, { additionalProperties: false });
export type IdParams = Static<typeof IdParams>;

/** Client-made operation id for idempotent replays (offline kiosks). */
export const OpId = Type.String({ pattern: '^[A-Za-z0-9_:.-]{8,80}$', description: 'Client-made operation id' });
