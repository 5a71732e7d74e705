import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { defaultSettings, defaultTemplates } from '../../../shared/defaults.js';
import type { Machine, User } from '../../../shared/schemas/people.js';
import type { Template } from '../../../shared/schemas/template.js';
import { archiveIndex, finishedStepCheck } from '../../store/archive-index.js';
import { catalogRepository, type CatalogRepository } from '../../store/catalog.js';
import { counterRepository, type CounterRepository } from '../../store/counters.js';
import { isDuplicateKey } from '../../store/driver-errors.js';
import { insightStore, type InsightStore } from '../../store/insight.js';
import { grantRepository, type GrantRepository } from '../../store/grants.js';
import { cachedGrants, revocationChannel } from '../../store/grants-cache.js';
import { kioskRepository, type KioskRepository } from '../../store/kiosks.js';
import { Lanes, type WriteLanes } from '../../store/lanes.js';
import { startOrderUpkeep } from '../../store/order-recovery.js';
import { opIdRepository, type OpIdRepository } from '../../store/op-ids.js';
import { orderRepository, type OrderRepository } from '../../store/orders.js';
import { outboxRepository, type OutboxRepository } from '../../store/outbox.js';
import { RedisLanes } from '../../store/redis-lanes.js';
import { settingsRepository, type SettingsRepository } from '../../store/settings.js';
import { webhookRepository, type WebhookRepository } from '../../store/webhooks.js';

export interface Repositories {
  orders: OrderRepository;
  counters: CounterRepository;
  settings: SettingsRepository;
  users: CatalogRepository<Omit<User, 'id'>>;
  machines: CatalogRepository<Omit<Machine, 'id'>>;
  templates: CatalogRepository<Omit<Template, 'id'>>;
  grants: GrantRepository;
  kiosks: KioskRepository;
  outbox: OutboxRepository;
  insight: InsightStore;
  opIds: OpIdRepository;
  webhooks: WebhookRepository;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every repository of the app, built once on the models of `db` and one set of write lanes. */
    repos: Repositories;
  }
}

/**
 * The write lanes every repository shares (see store/lanes.ts): in-process,
 * or through Redis when several nodes run on FerretDB, whose conditional
 * updates are not atomic.
 */
async function writeLanes(fastify: FastifyInstance): Promise<WriteLanes> {
  if (!fastify.config.redisUrl || fastify.db.engine !== 'ferretdb') return new Lanes();
  const shared = await RedisLanes.connect({ url: fastify.config.redisUrl });
  fastify.addHook('onClose', async () => shared.close());
  fastify.log.info('write lanes shared through Redis (several nodes on FerretDB)');
  return shared;
}

/** The repositories, and on first start the reference's workflow and its two message templates. */
export default fp(
  async (fastify) => {
    const { models, engine } = fastify.db;
    const lanes = await writeLanes(fastify);
    // Session and device lookups are cached briefly; revocations reach every node's cache at once.
    const revocations = await revocationChannel(fastify.config.redisUrl);
    fastify.addHook('onClose', () => revocations.close());
    const counters = counterRepository(models, lanes);
    // One node writes everything (no REDIS_URL): what every request reads by `_id` can be kept in memory.
    const alone = !fastify.config.redisUrl;
    // Read when an order moves: which steps send it to the archive.
    const isFinished = finishedStepCheck(() => repos.settings.get());
    const repos: Repositories = {
      // The screens' lists served from memory when alone (store/active-set.ts).
      orders: orderRepository(models, lanes, { atomicUpdates: engine === 'mongodb', keepActiveInMemory: alone }, {
        nextSeq: () => counters.next('seq'),
        nextSlot: () => counters.next('archiveSlot'),
        currentSlot: () => counters.current('archiveSlot'),
        isFinished,
        index: archiveIndex(models, lanes),
      }),
      counters,
      settings: settingsRepository(models, lanes),
      users: catalogRepository<Omit<User, 'id'>>(models.User, ['passwordHash', 'pinHash'], { memo: alone }),
      machines: catalogRepository<Omit<Machine, 'id'>>(models.Machine),
      templates: catalogRepository<Omit<Template, 'id'>>(models.Template),
      grants: cachedGrants(grantRepository(models, lanes), revocations),
      kiosks: kioskRepository(models, lanes, { memo: alone }),
      outbox: outboxRepository(models, lanes),
      insight: insightStore(models, lanes),
      opIds: opIdRepository(models),
      webhooks: webhookRepository(models, lanes),
    };

    if (!(await repos.settings.get())) {
      for (const t of defaultTemplates) {
        if (await repos.templates.exists(t.id)) continue;
        await repos.templates.insert(t.id, { name: t.name, subject: t.subject, body: t.body }).catch((e: unknown) => {
          if (!isDuplicateKey(e)) throw e;
        });
      }
      await repos.settings.initialise(defaultSettings);
      fastify.log.info('first start: seeded the default workflow');
    }

    // Orders in exactly one place (a crash mid-move, a database from before the archive), then every few minutes.
    const upkeep = startOrderUpkeep(models, repos.orders, isFinished, (err) => fastify.log.error({ err }, 'order upkeep failed'));
    fastify.addHook('onClose', async () => upkeep.stop());
    const recovered = await upkeep.first;
    if (recovered.archived || recovered.settled) fastify.log.info(recovered, 'orders put back in one place (archive of finished orders)');

    fastify.decorate('repos', repos);
  },
  { name: 'store', dependencies: ['database'] },
);
