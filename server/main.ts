import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { seedDemo } from './demo/seed.js';
import { provideLocalDatabase, type LocalDatabase } from './local-database/provide.js';
import { publishDatabaseAddress } from './maintenance/database-address.js';

/** The process: configuration, database, listen, graceful shutdown. */
async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`Configuration error: ${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }

  let local: LocalDatabase | null = null;
  let unpublish = () => {};
  let mongodbUri = config.mongodbUri;
  if (!mongodbUri) {
    local = await provideLocalDatabase(config.dataDir);
    mongodbUri = local.uri;
    process.stderr.write(`[database] ${local.kind} on ${local.uri} (data in ${config.dataDir})\n`);
    // `npm run backup` finds this database here while the server runs.
    unpublish = publishDatabaseAddress(config.dataDir, local.uri);
  }

  const app = await buildApp({ config, mongodbUri });
  if (config.demo) await seedDemo(app);

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000).unref();
    try {
      await app.close();
      unpublish();
      await local?.stop();
    } finally {
      clearTimeout(force);
      process.exit(0);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  await app.listen({ port: config.port, host: config.host });
  // The actual port (PORT=0 picks a free one): tests and benches spawning servers read this line.
  const address = app.server.address();
  if (address && typeof address === 'object') process.stderr.write(`[jalon] listening on port ${address.port}\n`);
  const base = config.publicUrl;
  app.log.info(`Jalon is running: kiosk ${base}/kiosk · wall ${base}/wall · supervisor ${base}/admin · API docs ${base}/api/docs`);
}

main().catch((e) => {
  process.stderr.write(`Jalon failed to start: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
