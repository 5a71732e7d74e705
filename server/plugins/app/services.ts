import fp from 'fastify-plugin';
import { catalogService, type CatalogService } from '../../services/catalog.js';
import { ChangeFeed } from '../../services/change-feed.js';
import { orderService, type OrderService } from '../../services/orders.js';
import { settingsService, type SettingsService } from '../../services/settings.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Committed changes, for the realtime layer and the mail outbox. */
    feed: ChangeFeed;
    services: {
      orders: OrderService;
      settings: SettingsService;
      catalog: CatalogService;
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
    const orderSvc = orderService({
      orders,
      counters,
      settings,
      userExists: (id) => users.exists(id),
      machineExists: (id) => machines.exists(id),
      feed,
    });
    const catalog = catalogService({ users, machines, templates, orders, settings, feed });

    fastify.decorate('feed', feed);
    fastify.decorate('services', { orders: orderSvc, settings, catalog });
  },
  { name: 'services', dependencies: ['store'] },
);
