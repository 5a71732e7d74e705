import mongoose from 'mongoose';
import { ConfigError, loadConfig, type Config } from '../server/config.js';
import { runningDatabaseAddress } from '../server/maintenance/database-address.js';
import { provideLocalDatabase, type LocalDatabase } from '../server/local-database/provide.js';

export interface MaintenanceDatabase {
  config: Config;
  db: mongoose.mongo.Db;
  /** Where it came from, for the messages. */
  source: string;
  /** A server is using this database right now (known for the embedded one). */
  serverRunning: boolean;
  close(): Promise<void>;
}

/** The configuration, or exit 2 with the message naming the variable (as the server does). */
export function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`Configuration error: ${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
}

/**
 * The database the server uses, found the same way: MONGODB_URI, else the
 * embedded one under DATA_DIR — the running server's (its address is in
 * DATA_DIR/database.json), or started here for the time of the command.
 */
export async function openMaintenanceDatabase(): Promise<MaintenanceDatabase> {
  const config = configOrExit();
  let local: LocalDatabase | null = null;
  let uri = config.mongodbUri;
  let source = 'MONGODB_URI';
  let serverRunning = false;
  if (!uri) {
    const running = runningDatabaseAddress(config.dataDir);
    if (running) {
      uri = running.uri;
      serverRunning = true;
      source = `the embedded database of the server running on ${config.dataDir} (pid ${running.pid})`;
    } else {
      local = await provideLocalDatabase(config.dataDir);
      uri = local.uri;
      source = `the embedded database in ${config.dataDir}`;
    }
  }
  const conn = await mongoose.createConnection(uri, { dbName: config.dbName, serverSelectionTimeoutMS: 10_000 }).asPromise();
  return {
    config,
    db: conn.db!,
    source,
    serverRunning,
    async close() {
      await conn.close();
      await local?.stop();
    },
  };
}
