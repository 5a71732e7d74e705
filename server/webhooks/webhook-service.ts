import { randomBytes } from 'node:crypto';
import type { Webhook, WebhookCreate, WebhookDelivery, WebhookPatch } from '../../shared/schemas/integration-access.js';
import { badRequest, notFound } from '../errors.js';
import type { StoredDelivery, StoredWebhook, WebhookRepository } from '../store/webhooks.js';
import { urlProblem } from './events.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const webhookView = (w: StoredWebhook): Webhook => ({
  id: w._id,
  url: w.url,
  events: w.events,
  enabled: w.enabled,
  disabledReason: w.disabledReason ?? null,
  disabledAt: iso(w.disabledAt ?? null),
  createdAt: w.createdAt.toISOString(),
});

export const deliveryView = (d: StoredDelivery): WebhookDelivery => ({
  id: d._id,
  webhookId: d.webhookId,
  type: d.type,
  orderId: d.orderId,
  orderNumber: d.orderNumber,
  state: d.state,
  attempts: d.attempts,
  lastStatus: d.lastStatus ?? null,
  lastBody: d.lastBody ?? null,
  lastError: d.lastError ?? null,
  nextAttemptAt: d.state === 'pending' || d.state === 'delivering' ? d.nextAttemptAt.toISOString() : null,
  createdAt: d.createdAt.toISOString(),
  deliveredAt: iso(d.deliveredAt ?? null),
});

/** Deliveries the tablet lists per webhook. */
const SHOWN = 100;

function checkUrl(url: string): string {
  const problem = urlProblem(url.trim());
  if (problem) throw badRequest('invalid_webhook_url', `Webhook address refused: ${problem}`);
  return url.trim();
}

/** Webhooks as admins manage them: create (the secret shown once), list, change, remove; deliveries and redelivery. */
export function webhookService({ webhooks, changed, kick, now = Date.now }: { webhooks: WebhookRepository; changed: () => void; kick: () => void; now?: () => number }) {
  async function found(id: string): Promise<StoredWebhook> {
    const w = await webhooks.get(id);
    if (!w) throw notFound('Webhook');
    return w;
  }
  return {
    async create(input: WebhookCreate): Promise<{ webhook: Webhook; secret: string }> {
      const url = checkUrl(input.url);
      const secret = input.secret ?? `whsec_${randomBytes(32).toString('base64url')}`;
      const w: StoredWebhook = {
        _id: randomBytes(12).toString('hex'),
        url,
        events: [...input.events],
        secret,
        enabled: true,
        disabledReason: null,
        disabledAt: null,
        createdAt: new Date(now()),
      };
      await webhooks.insert(w);
      changed();
      return { webhook: webhookView(w), secret };
    },
    list: async () => (await webhooks.list()).map(webhookView),
    get: async (id: string) => webhookView(await found(id)),
    async update(id: string, patch: WebhookPatch): Promise<Webhook> {
      await found(id);
      const set: Partial<StoredWebhook> = {};
      if (patch.url !== undefined) set.url = checkUrl(patch.url);
      if (patch.events !== undefined) set.events = [...patch.events];
      if (patch.enabled !== undefined) {
        set.enabled = patch.enabled;
        // Enabled again by a person: the server's reason no longer holds.
        if (patch.enabled) Object.assign(set, { disabledReason: null, disabledAt: null });
      }
      const after = await webhooks.update(id, set);
      if (!after) throw notFound('Webhook');
      changed();
      if (after.enabled) kick();
      return webhookView(after);
    },
    async remove(id: string): Promise<void> {
      if (!(await webhooks.remove(id))) throw notFound('Webhook');
      changed();
    },
    async deliveries(id: string): Promise<WebhookDelivery[]> {
      await found(id);
      return (await webhooks.deliveries(id, SHOWN)).map(deliveryView);
    },
    async redeliver(id: string, deliveryId: string): Promise<WebhookDelivery> {
      await found(id);
      const d = await webhooks.delivery(deliveryId);
      if (!d || d.webhookId !== id) throw notFound('Delivery');
      const after = await webhooks.redeliver(deliveryId, now());
      if (!after) throw notFound('Delivery');
      kick();
      return deliveryView(after);
    },
  };
}
export type WebhookService = ReturnType<typeof webhookService>;
