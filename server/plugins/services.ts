import fp from 'fastify-plugin';
import { defaultSettings, defaultTemplates } from '../../shared/defaults.js';
import type { Machine, User } from '../../shared/schemas/people.js';
import type { Template } from '../../shared/schemas/template.js';
import { catalogService, type CatalogService } from '../services/catalog.js';
import { ChangeFeed } from '../services/change-feed.js';
import { orderService, type OrderService } from '../services/orders.js';
import { settingsService, type SettingsService } from '../services/settings.js';
import { catalogRepository, type CatalogRepository } from '../store/catalog.js';
import { counterRepository, type CounterRepository } from '../store/counters.js';
import { Lanes, type WriteLanes } from '../store/lanes.js';
import { RedisLanes } from '../store/redis-lanes.js';
import { orderRepository, type OrderRepository } from '../store/orders.js';
import { settingsRepository } from '../store/settings.js';

declare module 'fastify' {
  interface FastifyInstance {
    feed: ChangeFeed;
    repos: {
      /** Serialises writes per key; shared by every node through Redis when it must be (see store/lanes.ts). */
      lanes: WriteLanes;
      orders: OrderRepository;
      counters: CounterRepository;
      users: CatalogRepository<Omit<User, 'id'>>;
      machines: CatalogRepository<Omit<Machine, 'id'>>;
      templates: CatalogRepository<Omit<Template, 'id'>>;
    };
    services: {
      orders: OrderService;
      settings: SettingsService;
      catalog: CatalogService;
    };
  }
}

/** Wires repositories and services once, and seeds the default workflow on first start. */
export default fp(
  async (fastify) => {
    const { models } = fastify.db;
    // Several nodes on FerretDB need their writes serialised across nodes too.
    let lanes: WriteLanes = new Lanes();
    if (fastify.config.redisUrl && fastify.db.engine === 'ferretdb') {
      const shared = await RedisLanes.connect({ url: fastify.config.redisUrl });
      fastify.addHook('onClose', async () => shared.close());
      lanes = shared;
      fastify.log.info('write lanes shared through Redis (several nodes on FerretDB)');
    }
    const feed = new ChangeFeed();
    const counters = counterRepository(models, lanes);
    const orders = orderRepository(models, lanes, { atomicUpdates: fastify.db.engine === 'mongodb' }, () => counters.next('seq'));
    const users = catalogRepository<Omit<User, 'id'>>(models.User, ['passwordHash', 'pinHash']);
    const machines = catalogRepository<Omit<Machine, 'id'>>(models.Machine);
    const templates = catalogRepository<Omit<Template, 'id'>>(models.Template);
    const settingsRepo = settingsRepository(models);

    const settings = settingsService({
      settings: settingsRepo,
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
    const catalog = catalogService({ users, machines, templates, orders, settings });

    // First start: the reference's workflow and its two message templates.
    if (!(await settingsRepo.get())) {
      for (const t of defaultTemplates) {
        if (!(await templates.exists(t.id))) {
          await templates.insert(t.id, { name: t.name, subject: t.subject, body: t.body }).catch((e: { code?: number }) => {
            if (e.code !== 11000) throw e;
          });
        }
      }
      await settingsRepo.initialise(defaultSettings);
      fastify.log.info('first start: seeded the default workflow');
    }

    fastify.decorate('feed', feed);
    fastify.decorate('repos', { lanes, orders, counters, users, machines, templates });
    fastify.decorate('services', { orders: orderSvc, settings, catalog });
  },
  { name: 'services', dependencies: ['database'] },
);
