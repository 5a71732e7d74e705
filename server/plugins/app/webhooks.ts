import fp from 'fastify-plugin';
import { webhookFanout, type WebhookFanout } from '../../webhooks/fanout.js';
import { webhookService, type WebhookService } from '../../webhooks/webhook-service.js';
import { webhookWorker, type WebhookWorker } from '../../webhooks/worker.js';

declare module 'fastify' {
  interface FastifyInstance {
    webhooks: { service: WebhookService; fanout: WebhookFanout; worker: WebhookWorker };
  }
}

/** Settled deliveries are pruned this often (store/webhooks.ts: 7 days, 200 per webhook). */
const PRUNE_EVERY_MS = 3600_000;

/**
 * Signed webhooks: the feed's changes become deliveries (webhooks/fanout.ts),
 * a worker on every node delivers them (claims make each attempt one node's),
 * the sweep catches up what a crash left out.
 */
export default fp(
  async (fastify) => {
    const log = fastify.log.child({ module: 'webhooks' });
    const { webhooks, orders, counters } = fastify.repos;
    const timings = fastify.config.webhooks;
    const worker = webhookWorker({ webhooks, timings, log });
    const orderSvc = fastify.services.orders;
    const fanout = webhookFanout({
      webhooks,
      orders,
      counters,
      workflow: () => fastify.services.settings.get(),
      view: async (id) => {
        const o = await orderSvc.get(id).catch(() => null);
        if (!o) return null;
        const { history, ...rest } = o;
        void history;
        return rest;
      },
      kick: () => worker.kick(),
    });
    const service = webhookService({ webhooks, changed: () => fanout.invalidate(), kick: () => worker.kick() });

    // Feed listeners must never throw into the service that committed the change; the sweep catches up.
    const onChanged = (e: Parameters<WebhookFanout['onChanged']>[0]) =>
      void fanout.onChanged(e).catch((err: unknown) => log.warn({ err, orderId: e.after.id }, 'webhook deliveries not queued now (the sweep will)'));
    const onRemoved = (e: Parameters<WebhookFanout['onRemoved']>[0]) =>
      void fanout.onRemoved(e).catch((err: unknown) => log.warn({ err, orderId: e.id }, 'webhook deliveries not queued now (the sweep will)'));
    fastify.feed.on('order:changed', onChanged);
    fastify.feed.on('order:removed', onRemoved);
    fastify.decorate('webhooks', { service, fanout, worker });

    let sweeper: NodeJS.Timeout | undefined;
    let pruner: NodeJS.Timeout | undefined;
    const sweep = () => void fanout.sweep().catch((err: unknown) => log.warn({ err }, 'webhook sweep failed'));
    fastify.addHook('onReady', async () => {
      await fanout.sweep().catch((err: unknown) => log.warn({ err }, 'webhook sweep failed'));
      worker.start();
      sweeper = setInterval(sweep, Math.max(timings.pollMs, 1000));
      sweeper.unref();
      pruner = setInterval(() => void webhooks.prune(Date.now()).catch((err: unknown) => log.warn({ err }, 'webhook prune failed')), PRUNE_EVERY_MS);
      pruner.unref();
    });
    fastify.addHook('preClose', async () => {
      fastify.feed.off('order:changed', onChanged);
      fastify.feed.off('order:removed', onRemoved);
      clearInterval(sweeper);
      clearInterval(pruner);
      await worker.stop();
    });
  },
  { name: 'webhooks', dependencies: ['store', 'services'] },
);
