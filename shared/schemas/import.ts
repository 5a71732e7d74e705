import { Type, type Static } from '@sinclair/typebox';

const Flag = Type.Optional(Type.Union([Type.Literal('1'), Type.Literal('0'), Type.Literal('true'), Type.Literal('false')]));

export const ImportQuery = Type.Object(
  {
    dryRun: { ...Flag, description: 'Check the file and answer what it would do; write nothing.' },
    partial: { ...Flag, description: 'Apply the valid rows even when others have errors (otherwise a file with any error applies nothing).' },
  },
  { additionalProperties: false },
);
export type ImportQuery = Static<typeof ImportQuery>;

export const ImportError = Type.Object({
  /** Line of the file (1 = the header). */
  line: Type.Integer({ minimum: 1 }),
  /** The order field the column maps to ('' for the whole line or file). */
  field: Type.String(),
  message: Type.String(),
});
export type ImportError = Static<typeof ImportError>;

export const ImportReport = Type.Object({
  rows: Type.Integer({ minimum: 0 }),
  created: Type.Integer({ minimum: 0 }),
  updated: Type.Integer({ minimum: 0 }),
  unchanged: Type.Integer({ minimum: 0 }),
  errors: Type.Array(ImportError),
  ignoredColumns: Type.Array(Type.String()),
  separator: Type.Union([Type.Literal(';'), Type.Literal(',')]),
  encoding: Type.Union([Type.Literal('utf-8'), Type.Literal('windows-1252')]),
  applied: Type.Boolean(),
});
export type ImportReport = Static<typeof ImportReport>;

/** The CSV file as sent (text/csv): decoded by the server from UTF-8 (BOM or not) or Windows-1252. */
export const CsvBody = Type.String({ description: 'CSV file: `;` or `,` separated, a header line of column names, UTF-8 or Windows-1252' });

export const ByRefParams = Type.Object(
  {
    externalRef: Type.String({
      minLength: 1,
      maxLength: 64,
      pattern: '^[^\\s\\u0000-\\u001f\\u007f](?:[^\\u0000-\\u001f\\u007f]{0,62}[^\\s\\u0000-\\u001f\\u007f])?$',
      description: 'The order\'s reference in the ERP (URL-encoded)',
    }),
  },
  { additionalProperties: false },
);
export type ByRefParams = Static<typeof ByRefParams>;
