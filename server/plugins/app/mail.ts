import { join } from 'node:path';
import fp from 'fastify-plugin';
import { mailHistory } from '../../mail/mail-history.js';
import { mailService, type MailService } from '../../mail/mail-service.js';
import { outboxWorker, type OutboxWorker } from '../../mail/outbox-worker.js';
import { emlTransport, smtpTransport, type MailTransport } from '../../mail/transport.js';
import type { OutboxRepository } from '../../store/outbox.js';

declare module 'fastify' {
  interface FastifyInstance {
    mail: MailService & { outbox: OutboxRepository; worker: OutboxWorker; transport: MailTransport };
  }
}

/** Owed auto-sends without an outbox row are looked for this often, over the last few minutes. */
const SWEEP_EVERY_MS = 60_000;
const SWEEP_WINDOW_MS = 10 * 60_000;

/**
 * The outbox and its worker. With SMTP_URL messages go to that server;
 * without it (demo) they are written as .eml files under DATA_DIR/outbox
 * and marked `written`. The worker starts once the app is ready and stops,
 * finishing the message in hand, before the database closes.
 */
export default fp(
  async (fastify) => {
    const { config } = fastify;
    const log = fastify.log.child({ module: 'mail' });
    const { outbox } = fastify.repos;

    const transport = config.smtpUrl
      ? smtpTransport(config.smtpUrl, config.mailFrom, config.mail.sendTimeoutMs)
      : emlTransport(join(config.dataDir, 'outbox'), config.mailFrom);
    if (!config.smtpUrl) log.info(`SMTP_URL is not set: messages are written to ${join(config.dataDir, 'outbox')} and never sent`);

    const record = mailHistory({
      orders: fastify.repos.orders,
      settings: fastify.services.settings,
      publish: fastify.services.orders.publish,
    });
    const worker = outboxWorker({ outbox, transport, timings: config.mail, record, log });
    const service = mailService({
      orders: fastify.services.orders,
      orderStore: fastify.repos.orders,
      settings: fastify.services.settings,
      templates: fastify.repos.templates,
      outbox,
      record,
      kick: () => worker.kick(),
      domain: new URL(config.publicUrl).hostname || 'localhost',
      log,
    });

    // Feed listeners must never throw into the service that committed the change.
    const onOrderChanged = (e: Parameters<MailService['onOrderChanged']>[0]) =>
      void service.onOrderChanged(e).catch((err: unknown) => log.error({ err, orderId: e.after.id }, 'auto-send failed'));
    const onSettingsChanged = (e: Parameters<MailService['onSettingsChanged']>[0]) =>
      void service.onSettingsChanged(e).catch((err: unknown) => log.error({ err }, 'auto-send marker not recorded'));
    fastify.feed.on('order:changed', onOrderChanged);
    fastify.feed.on('settings:changed', onSettingsChanged);

    fastify.decorate('mail', { ...service, outbox, worker, transport });
    let sweeper: NodeJS.Timeout | undefined;

    fastify.addHook('onReady', async () => {
      worker.start();
      void service.recover().catch((err: unknown) => log.error({ err }, 'auto-send recovery failed'));
      // Not only at start-up: a database that dropped right after a commit loses the live listener's message too.
      sweeper = setInterval(() => void service.sweep(SWEEP_WINDOW_MS).catch((err: unknown) => log.warn({ err }, 'auto-send sweep failed')), SWEEP_EVERY_MS);
      sweeper.unref();
    });
    fastify.addHook('preClose', async () => {
      fastify.feed.off('order:changed', onOrderChanged);
      fastify.feed.off('settings:changed', onSettingsChanged);
      clearInterval(sweeper);
      await worker.stop();
      transport.close();
    });
  },
  { name: 'mail', dependencies: ['store', 'services'] },
);
