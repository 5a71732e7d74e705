import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { FastifyBaseLogger } from 'fastify';
import type { WebhookTimings } from '../config.js';
import { retryDelay } from '../mail/outbox-worker.js';
import { queueWorker } from '../services/queue-worker.js';
import type { StoredDelivery, WebhookRepository } from '../store/webhooks.js';
import { signature } from './events.js';
import { post } from './sender.js';

/** Deliveries in flight at once per node (to different orders; one order's stay one at a time). */
const CONCURRENCY = 8;

export interface WebhookWorkerDeps {
  webhooks: WebhookRepository;
  timings: WebhookTimings;
  log: FastifyBaseLogger;
  id?: string;
  now?: () => number;
}

/**
 * Delivers what webhook_pending lists, through the queues' loop
 * (services/queue-worker.ts) and claims (store/queue.ts): a 2xx settles the
 * delivery, anything else (timeout, refused connection, other status) is
 * retried with exponential backoff until `giveUpMs` after it was queued;
 * then it fails and its webhook is disabled with the reason, which the tablet shows.
 */
export function webhookWorker(deps: WebhookWorkerDeps) {
  const { webhooks, timings, log } = deps;
  const now = deps.now ?? Date.now;
  const id = deps.id ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;

  // The webhook (address, secret, enabled) is read at most once a second, not for every delivery.
  const hooks = new Map<string, { at: number; hook: Awaited<ReturnType<WebhookRepository['get']>> }>();
  async function hookOf(id: string) {
    const c = hooks.get(id);
    if (c && now() - c.at < 1000) return c.hook;
    const hook = await webhooks.get(id);
    hooks.set(id, { at: now(), hook });
    return hook;
  }

  async function deliver(d: StoredDelivery): Promise<void> {
    const hook = await hookOf(d.webhookId);
    const attempt = d.attempts;
    if (!hook || !hook.enabled) {
      // Disabled or removed after the claim: back to waiting, untried (the attempt is spent, harmlessly).
      await webhooks.finish(d._id, attempt, id, { state: 'pending', nextAttemptAt: new Date(now() + timings.pollMs) }, now());
      return;
    }
    const answer = await post(
      hook.url,
      d.body,
      { 'x-jalon-event': d.type, 'x-jalon-delivery': d._id, 'x-jalon-signature': signature(d.body, hook.secret) },
      timings.timeoutMs,
    );
    const t = now();
    const last = { lastStatus: answer.status, lastBody: answer.body, lastError: answer.error };
    if (answer.status !== null && answer.status >= 200 && answer.status < 300) {
      await webhooks.finish(d._id, attempt, id, { state: 'delivered', deliveredAt: new Date(t), ...last }, t);
      return;
    }
    const why = answer.status !== null ? `HTTP ${answer.status}` : (answer.error ?? 'no answer');
    if (t - d.createdAt.getTime() >= timings.giveUpMs) {
      const done = await webhooks.finish(d._id, attempt, id, { state: 'failed', ...last }, t);
      if (done) {
        const hours = Math.round(timings.giveUpMs / 360_000) / 10;
        const reason = `Deliveries failed for ${hours} h (${attempt} attempts); last answer: ${why}`;
        await webhooks.update(d.webhookId, { enabled: false, disabledReason: reason, disabledAt: new Date(t) });
        hooks.delete(d.webhookId);
        log.warn({ webhookId: d.webhookId, deliveryId: d._id, reason }, 'webhook disabled');
      }
      return;
    }
    const delay = retryDelay(attempt, { retryBaseMs: timings.backoffMs, retryMaxMs: timings.backoffMaxMs });
    log.info({ webhookId: d.webhookId, deliveryId: d._id, attempt, why }, 'webhook delivery deferred');
    await webhooks.finish(d._id, attempt, id, { state: 'pending', nextAttemptAt: new Date(t + delay), ...last }, t);
  }

  const loop = queueWorker<StoredDelivery, StoredDelivery>({
    due: (t, limit) => webhooks.due(t, timings.leaseMs, limit),
    claim: (candidate, t) => webhooks.claim(candidate, id, t, timings.leaseMs),
    run: deliver,
    pollMs: timings.pollMs,
    log,
    name: 'webhooks',
    now,
    batch: 50,
    // One head per (webhook, order) in a batch: different orders' deliveries may overlap.
    concurrency: CONCURRENCY,
  });
  return { id, ...loop };
}
export type WebhookWorker = ReturnType<typeof webhookWorker>;
