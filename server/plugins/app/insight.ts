import fp from 'fastify-plugin';
import { insightUpkeep, RECOVERY_AT_START_MS, type InsightUpkeep } from '../../services/insight-upkeep.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The statistics' upkeep; `backfilled` settles when the one-off backfill (started in the background) is over. */
    insightUpkeep: InsightUpkeep & { backfilled: Promise<unknown>; tick: () => Promise<void> };
  }
}

/** Every few minutes: the changes of the last period counted again (a lost count made good) and the WIP snapshot. */
const PERIOD_MS = 5 * 60_000;

/**
 * The statistics' background work (services/insight-upkeep.ts): at start-up,
 * stepSince for older active orders and the per-step figures before the
 * first request; the recovery pass and the backfill behind; then every
 * PERIOD_MS the recovery of the last period and the WIP snapshot.
 */
export default fp(
  async (fastify) => {
    const log = fastify.log.child({ module: 'insight' });
    const { repos, services } = fastify;
    const now = fastify.config.now ?? Date.now;
    const upkeep = insightUpkeep({ insight: services.insight, store: repos.insight, orders: repos.orders, counters: repos.counters, settings: services.settings, now });
    let lastTick = now() - RECOVERY_AT_START_MS;
    let running: Promise<void> = Promise.resolve();
    const tick = () => {
      running = running.then(async () => {
        const since = new Date(lastTick - 60_000);
        lastTick = now();
        const recovered = await upkeep.recover(since);
        await upkeep.snapshotWip();
        await services.insight.refreshFigures();
        log.debug({ recovered }, 'insight upkeep');
      }).catch((err: unknown) => log.error({ err }, 'insight upkeep failed'));
      return running;
    };
    let backfilled: Promise<unknown> = Promise.resolve();
    fastify.addHook('onReady', async () => {
      const filled = await upkeep.fillStepSince();
      if (filled) log.info({ orders: filled }, 'stepSince set on active orders written before it existed');
      await services.insight.refreshFigures();
      backfilled = upkeep
        .backfill()
        .then((r) => {
          if (r.orders) log.info(r, 'insight backfill done');
          return tick();
        })
        .catch((err: unknown) => log.error({ err }, 'insight backfill failed (it goes on from its mark at the next start)'));
      fastify.insightUpkeep.backfilled = backfilled;
    });
    const timer = setInterval(() => void tick(), PERIOD_MS);
    timer.unref();
    fastify.decorate('insightUpkeep', { ...upkeep, backfilled, tick });
    fastify.addHook('onClose', async () => {
      clearInterval(timer);
      await services.insight.settled();
      await fastify.insightUpkeep.backfilled;
      await running;
      // The month copies waiting for their burst to end (store/insight.ts).
      await fastify.repos.insight.writeMonths().catch(() => undefined);
    });
  },
  { name: 'insight', dependencies: ['store', 'services'] },
);
