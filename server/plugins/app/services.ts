import fp from 'fastify-plugin';
import { memoryAttempts, redisAttempts } from '../../auth/attempt-store.js';
import { catalogService, type CatalogService } from '../../services/catalog.js';
import { ChangeFeed } from '../../services/change-feed.js';
import { insightService, type InsightService } from '../../services/insight.js';
import { orderService, type OrderService } from '../../services/orders.js';
import { settingsService, type SettingsService } from '../../services/settings.js';
import { watchStepRemovals } from '../../services/step-removal.js';
import { transitionLimiter } from '../../services/transition-limits.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Committed changes, for the realtime layer and the mail outbox. */
    feed: ChangeFeed;
    services: {
      orders: OrderService;
      settings: SettingsService;
      catalog: CatalogService;
      insight: InsightService;
    };
  }
}

/** The services, wired once on the repositories: domain decision → one write → the change on `feed`. */
export default fp(
  async (fastify) => {
    const { orders, counters, users, machines, templates } = fastify.repos;
    const feed = new ChangeFeed();
    const settings = settingsService({
      settings: fastify.repos.settings,
      orders,
      counters,
      templateIds: async () => new Set((await templates.list()).map((t) => t.id)),
      feed,
    });
    // Transitions counted per order and per kiosk, on every node alike when there is Redis.
    const counts = fastify.config.redisUrl ? await redisAttempts(fastify.config.redisUrl) : memoryAttempts();
    fastify.addHook('onClose', () => counts.close());
    const now = fastify.config.now;
    const insight = insightService({
      store: fastify.repos.insight,
      settings: () => settings.get(),
      ...(now ? { now } : {}),
      onError: (err) => fastify.log.error({ err }, 'insight: a change could not be counted now (the recovery pass will)'),
    });
    const orderSvc = orderService({
      ...(now ? { now } : {}),
      insight,
      orders,
      counters,
      settings,
      userExists: (id) => users.exists(id),
      machineExists: (id) => machines.exists(id),
      feed,
      limits: transitionLimiter(counts, fastify.config.transitionLimits),
      opIds: fastify.repos.opIds,
    });
    // A step removed while a transition entered it: the order goes back (services/step-removal.ts).
    const stopWatching = watchStepRemovals(feed, (removed) => orderSvc.returnFromRemovedSteps(removed), fastify.log.child({ module: 'settings' }));
    fastify.addHook('onClose', async () => stopWatching());
    const catalog = catalogService({ users, machines, templates, orders, settings, feed });

    fastify.decorate('feed', feed);
    fastify.decorate('services', { orders: orderSvc, settings, catalog, insight });
  },
  { name: 'services', dependencies: ['store'] },
);
