import { Type, type Static } from '@sinclair/typebox';
import { Id, Instant, Nullable, OpId } from './common.js';

/**
 * Where a message is in the outbox. `written` is the demo mode's `.eml` file:
 * the message never left the machine, so it is never reported as `sent`.
 */
export const MailState = Type.Union([
  Type.Literal('queued'),
  Type.Literal('sending'),
  Type.Literal('sent'),
  Type.Literal('written'),
  Type.Literal('failed'),
]);
export type MailState = Static<typeof MailState>;

/** One message of the outbox, as the envelope shows it. */
export const OutboxMessage = Type.Object({
  id: Type.String(),
  orderId: Id,
  kind: Type.Union([Type.Literal('manual'), Type.Literal('auto')]),
  stepId: Nullable(Type.String()),
  to: Type.String(),
  subject: Type.String(),
  state: MailState,
  attempts: Type.Integer(),
  /** Why the last attempt failed (temporary or permanent), in the server's words. */
  reason: Type.Optional(Type.String()),
  /** When a queued message will be tried again. */
  nextAttemptAt: Type.Optional(Instant),
  createdAt: Instant,
  updatedAt: Instant,
});
export type OutboxMessage = Static<typeof OutboxMessage>;

/** GET /api/orders/:id/mail: the message prefilled from the current step's template. */
export const MailDraft = Type.Object({
  to: Type.String(),
  subject: Type.String(),
  body: Type.String(),
  stepId: Id,
  templateId: Id,
  /** The latest messages of this order, newest first: the envelope shows the last state. */
  messages: Type.Array(OutboxMessage),
});
export type MailDraft = Static<typeof MailDraft>;

/**
 * POST /api/orders/:id/mail. `to` defaults to the contact's address; subject
 * and body are sent as written (the draft already has its placeholders
 * filled, so a contact named "{{x}}" cannot break the send). `opId` makes a
 * replayed request (offline kiosk) queue the message only once.
 */
export const MailSendBody = Type.Object(
  {
    // An address as the order's contact takes it (the schema says it, so a schema-valid body is sent).
    to: Type.Optional(Type.Union([Type.Literal(''), Type.String({ format: 'email', maxLength: 254 })])),
    subject: Type.String({ minLength: 1, maxLength: 300 }),
    body: Type.String({ minLength: 1, maxLength: 20_000 }),
    opId: Type.Optional(OpId),
  },
  { additionalProperties: false },
);
export type MailSendBody = Static<typeof MailSendBody>;
