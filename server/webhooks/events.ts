import { createHash, createHmac } from 'node:crypto';
import type { WebhookEvent } from '../../shared/schemas/integration-access.js';
import type { Order } from '../../shared/schemas/order.js';
import { isActiveStep, type WorkflowShape } from '../../shared/workflow.js';

/** What one committed change of an order is, as webhooks name it. */
export interface ChangeFacts {
  created: boolean;
  removed: boolean;
  fromStepId: string | null;
  toStepId: string | null;
}

/**
 * The events of one change: created, removed, step_changed (plus finished
 * when it enters a step after the active ones), or updated. Pure: the live
 * listener (before/after) and the sweep (the write's history entries) name
 * a change alike, so both make the same delivery ids.
 */
export function eventsOf(f: ChangeFacts, w: WorkflowShape): WebhookEvent[] {
  if (f.removed) return ['order.removed'];
  if (f.created) return ['order.created'];
  if (f.toStepId !== null && f.fromStepId !== f.toStepId) {
    const finished = !isActiveStep(w, f.toStepId) && (f.fromStepId === null || isActiveStep(w, f.fromStepId));
    return finished ? ['order.step_changed', 'order.finished'] : ['order.step_changed'];
  }
  return ['order.updated'];
}

/** The facts of a change the feed announced. */
export const factsOfChange = (before: Pick<Order, 'stepId'> | null, after: Pick<Order, 'stepId'>): ChangeFacts => ({
  created: before === null,
  removed: false,
  fromStepId: before?.stepId ?? null,
  toStepId: before === null || before.stepId !== after.stepId ? after.stepId : null,
});

/** The facts of an order's last write, from its history entries (entries of one write share their `at`). */
export function factsOfHistory(history: ReadonlyArray<{ at: Date | string; kind: string; fromStepId?: string | null; toStepId?: string | null }>): ChangeFacts {
  const last = history[history.length - 1];
  const at = last ? new Date(last.at).getTime() : NaN;
  const write = history.filter((h) => new Date(h.at).getTime() === at);
  const created = write.some((h) => h.kind === 'created');
  const move = write.find((h) => h.fromStepId && h.toStepId && h.fromStepId !== h.toStepId);
  return { created, removed: false, fromStepId: move?.fromStepId ?? null, toStepId: move?.toStepId ?? null };
}

/** The delivery's id, the same wherever it is made and on every retry (`X-Jalon-Delivery`). */
export const deliveryId = (webhookId: string, orderId: string, seq: number, type: WebhookEvent) =>
  createHash('sha256').update(`${webhookId}\n${orderId}\n${seq}\n${type}`).digest('hex').slice(0, 32);

/** `sha256=<hex HMAC-SHA256 of the raw body with the secret>`, what `X-Jalon-Signature` carries. */
export const signature = (body: string, secret: string) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

/** The exact JSON bytes sent and signed: `{ id, type, at, order }`. */
export const payloadOf = (id: string, type: WebhookEvent, at: Date, order: unknown) => JSON.stringify({ id, type, at: at.toISOString(), order });

/** Only http(s) addresses, with a host. Null when acceptable, else why not. */
export function urlProblem(raw: string): string | null {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return 'not a valid URL';
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return `only http:// and https:// addresses are accepted (got ${u.protocol})`;
  if (!u.hostname) return 'the address has no host';
  if (u.username || u.password) return 'put no user name or password in the address: the signature authenticates Jalon';
  return null;
}
