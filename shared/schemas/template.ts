import { Type, type Static } from '@sinclair/typebox';
import { Id, Line } from './common.js';

export const Template = Type.Object({
  id: Id,
  name: Type.String(),
  subject: Type.String(),
  body: Type.String(),
});
export type Template = Static<typeof Template>;

export const TemplateInput = Type.Object(
  {
    id: Type.Optional(Id),
    name: Line(120),
    subject: Line(300),
    body: Type.String({ minLength: 1, maxLength: 20_000 }),
  },
  { additionalProperties: false },
);
export type TemplateInput = Static<typeof TemplateInput>;
