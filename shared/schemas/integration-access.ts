import { Type, type Static } from '@sinclair/typebox';
import { Id, Instant, Line, Nullable } from './common.js';

/*
 * What an ERP is given to talk to Jalon: API tokens (it calls us) and
 * signed webhooks (we call it). Both are managed by admins only.
 */

import { TOKEN_SCOPES, WEBHOOK_EVENTS } from '../integration-names.js';

export { TOKEN_SCOPES, WEBHOOK_EVENTS };
export type TokenScope = (typeof TOKEN_SCOPES)[number];
export const TokenScopeName = Type.Union([Type.Literal('orders:read'), Type.Literal('orders:write'), Type.Literal('catalog:read')]);

export const ApiToken = Type.Object(
  {
    id: Id,
    name: Type.String(),
    scopes: Type.Array(TokenScopeName),
    createdAt: Instant,
    /** Within a minute: the server writes it at most once a minute per token. */
    lastUsedAt: Nullable(Instant),
  },
  { additionalProperties: false },
);
export type ApiToken = Static<typeof ApiToken>;

export const TokenCreate = Type.Object(
  { name: Line(100), scopes: Type.Array(TokenScopeName, { minItems: 1, maxItems: 3, uniqueItems: true }) },
  { additionalProperties: false },
);
export type TokenCreate = Static<typeof TokenCreate>;

export const TokenCreated = Type.Object(
  { token: ApiToken, secret: Type.String({ description: 'Shown once: only its SHA-256 is kept' }) },
  { additionalProperties: false },
);
export type TokenCreated = Static<typeof TokenCreated>;

export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
export const WebhookEventName = Type.Union([
  Type.Literal('order.created'),
  Type.Literal('order.updated'),
  Type.Literal('order.step_changed'),
  Type.Literal('order.finished'),
  Type.Literal('order.removed'),
]);

const WebhookUrl = Type.String({ minLength: 8, maxLength: 2000, description: 'http:// or https:// address' });
const WebhookEvents = Type.Array(WebhookEventName, { minItems: 1, maxItems: WEBHOOK_EVENTS.length, uniqueItems: true });

export const Webhook = Type.Object(
  {
    id: Id,
    url: Type.String(),
    events: Type.Array(WebhookEventName),
    enabled: Type.Boolean(),
    /** Why it was disabled by the server (24 h of failures), or null. */
    disabledReason: Nullable(Type.String()),
    disabledAt: Nullable(Instant),
    createdAt: Instant,
  },
  { additionalProperties: false },
);
export type Webhook = Static<typeof Webhook>;

export const WebhookCreate = Type.Object(
  { url: WebhookUrl, events: WebhookEvents, secret: Type.Optional(Type.String({ minLength: 16, maxLength: 200 })) },
  { additionalProperties: false },
);
export type WebhookCreate = Static<typeof WebhookCreate>;

export const WebhookPatch = Type.Object(
  { url: Type.Optional(WebhookUrl), events: Type.Optional(WebhookEvents), enabled: Type.Optional(Type.Boolean()) },
  { additionalProperties: false, minProperties: 1 },
);
export type WebhookPatch = Static<typeof WebhookPatch>;

export const WebhookCreated = Type.Object(
  { webhook: Webhook, secret: Type.String({ description: 'The signing secret (HMAC-SHA256 key), shown once' }) },
  { additionalProperties: false },
);

export const DELIVERY_STATES = ['pending', 'delivering', 'delivered', 'failed'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

export const WebhookDelivery = Type.Object(
  {
    id: Type.String(),
    webhookId: Id,
    type: WebhookEventName,
    orderId: Type.String(),
    orderNumber: Type.Number(),
    state: Type.Union([Type.Literal('pending'), Type.Literal('delivering'), Type.Literal('delivered'), Type.Literal('failed')]),
    attempts: Type.Number(),
    /** The receiver's last answer: its HTTP status (null: no answer) and the first bytes of its body, or the error. */
    lastStatus: Nullable(Type.Number()),
    lastBody: Nullable(Type.String()),
    lastError: Nullable(Type.String()),
    nextAttemptAt: Nullable(Instant),
    createdAt: Instant,
    deliveredAt: Nullable(Instant),
  },
  { additionalProperties: false },
);
export type WebhookDelivery = Static<typeof WebhookDelivery>;

export const DeliveryParams = Type.Object({ id: Id, deliveryId: Type.String({ pattern: '^[a-f0-9]{32}$' }) }, { additionalProperties: false });
