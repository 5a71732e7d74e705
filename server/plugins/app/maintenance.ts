import { join } from 'node:path';
import fp from 'fastify-plugin';
import { keepNewest, writeBackup } from '../../maintenance/backup.js';
import { scheduleBackups, type BackupSchedule } from '../../maintenance/backup-schedule.js';
import { scheduleRetention, type RetentionSchedule } from '../../maintenance/retention.js';
import { purgeFinishedOrders } from '../../maintenance/order-retention.js';
import { orderRetentionRepository } from '../../store/order-retention.js';
import { retentionRepository } from '../../store/retention.js';

declare module 'fastify' {
  interface FastifyInstance {
    maintenance: { retention: RetentionSchedule; backups: BackupSchedule | null };
  }
}

/**
 * Background upkeep: the daily retention purge (RETENTION_DAYS) and, when
 * BACKUP_HOURS is set, a backup at those local hours. Both stop, finishing
 * the run in hand, before the database closes.
 */
export default fp(
  async (fastify) => {
    const { config } = fastify;
    const log = fastify.log.child({ module: 'maintenance' });
    const days = config.maintenance.orderRetentionDays;
    const orderPurge =
      days === null
        ? undefined
        : (now: number) =>
            purgeFinishedOrders(
              {
                repo: orderRetentionRepository(fastify.repos.orders, fastify.db.models),
                remove: (id) => fastify.services.orders.remove(id),
                lastSlot: () => fastify.repos.counters.current('archiveSlot'),
              },
              days,
              now,
            );
    const retention = scheduleRetention(retentionRepository(fastify.db.models), config.maintenance.retentionDays, log, { orderPurge });
    const dir = join(config.dataDir, 'backups');
    const backups = config.maintenance.backupHours.length
      ? scheduleBackups(config.maintenance.backupHours, log, async () => {
          const { file, header } = await writeBackup(fastify.db.connection.db!, dir);
          const dropped = keepNewest(dir, config.maintenance.backupKeep);
          log.info({ file, seq: header.seq, endSeq: header.endSeq, quiet: header.quiet, counts: header.counts, dropped }, 'backup written');
          if (header.quiet === false) log.warn({ file }, 'orders kept changing during the whole backup re-read window: an order moving at that instant may be restored as it was earlier');
        })
      : null;
    fastify.decorate('maintenance', { retention, backups });
    fastify.addHook('onClose', async () => {
      await Promise.all([retention.stop(), backups?.stop()]);
    });
  },
  { name: 'maintenance', dependencies: ['database', 'store', 'services'] },
);
