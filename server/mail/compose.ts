import { randomBytes } from 'node:crypto';
import type { OutboxMessage } from '../../shared/schemas/mail.js';
import type { Order } from '../../shared/schemas/order.js';
import { badRequest, unprocessable } from '../errors.js';
import type { MessageSummary, StoredMessage } from '../store/outbox.js';
import { messageParts } from './render.js';

/**
 * One plain address (local@domain.tld), nothing a header could be smuggled
 * through: no display name, no list, no spaces or control characters. The
 * domain may be internationalised (nodemailer sends it as punycode); the
 * local part stays ASCII, which every server accepts.
 */
const ADDRESS = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?(?:\.[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?)+$/u;

export function isAddress(s: string): boolean {
  return s.length <= 254 && ADDRESS.test(s) && !s.startsWith('.') && !s.includes('..');
}

/** The recipient of a message: the address given, else the contact's. 400 when there is none or it is not an address. */
export function recipientOf(order: Pick<Order, 'contact'>, given?: string): string {
  const to = (given ?? '').trim() || (order.contact.email ?? '').trim();
  if (!to) {
    throw unprocessable('no_recipient', 'The contact of this order has no e-mail address: give one in "to" or add it to the order');
  }
  if (!isAddress(to)) throw badRequest('invalid_recipient', `"${to}" is not a valid e-mail address (one address, like name@example.com)`);
  return to;
}

export const newMessageId = () => randomBytes(12).toString('hex');

export interface NewMessage {
  id?: string;
  key: string;
  order: Pick<Order, 'id' | 'number'>;
  kind: StoredMessage['kind'];
  stepId: string | null;
  to: string;
  subject: string;
  body: string;
  actor: { actor: string; actorId: string | null };
  /** Set when the message cannot be sent at all (auto-send to a contact without address): stored as failed. */
  failedReason?: string;
  /** Domain of the Message-ID header. */
  domain: string;
  now: number;
}

/** The outbox document of a new message, queued (or failed at once), with both parts rendered. */
export function newMessage(m: NewMessage): StoredMessage {
  const id = m.id ?? newMessageId();
  const parts = messageParts(m.subject, m.body);
  const at = new Date(m.now);
  return {
    _id: id,
    key: m.key,
    orderId: m.order.id,
    orderNumber: m.order.number,
    kind: m.kind,
    stepId: m.stepId,
    to: m.to,
    subject: parts.subject,
    text: parts.text,
    html: parts.html,
    headerMessageId: `<${id}@${m.domain}>`,
    actor: m.actor.actor,
    actorId: m.actor.actorId,
    state: m.failedReason ? 'failed' : 'queued',
    attempts: 0,
    nextAttemptAt: at,
    announcedAt: null,
    claimedBy: null,
    claimedAt: null,
    ...(m.failedReason ? { reason: m.failedReason, finishedAt: at } : {}),
    createdAt: at,
    updatedAt: at,
  };
}

/** A message as the envelope shows it. */
export function messageView(m: MessageSummary): OutboxMessage {
  const v: OutboxMessage = {
    id: m._id,
    orderId: m.orderId,
    kind: m.kind,
    stepId: m.stepId ?? null,
    to: m.to,
    subject: m.subject,
    state: m.state,
    attempts: m.attempts,
    createdAt: new Date(m.createdAt).toISOString(),
    updatedAt: new Date(m.updatedAt).toISOString(),
  };
  if (m.reason) v.reason = m.reason;
  if (m.state === 'queued') v.nextAttemptAt = new Date(m.nextAttemptAt).toISOString();
  return v;
}
