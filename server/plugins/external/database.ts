import fp from 'fastify-plugin';
import mongoose, { type Connection } from 'mongoose';
import { ensureIndexes } from '../../store/indexes.js';
import { registerModels, type Models } from '../../store/models.js';

declare module 'fastify' {
  interface FastifyInstance {
    db: {
      connection: Connection;
      models: Models;
      /** Which server answers: conditional updates are atomic on MongoDB only (see store/orders.ts). */
      engine: 'mongodb' | 'ferretdb';
      ping(timeoutMs?: number): Promise<boolean>;
    };
  }
}

export interface DatabaseOptions {
  uri: string;
  dbName: string;
}

/**
 * One mongoose connection per app (tests run several apps in a process),
 * with every model of store/models.ts registered on it and its indexes
 * created. Commands are not buffered: while the database is down a request
 * fails at once with 503 instead of hanging, and the driver reconnects by itself.
 */
export default fp<DatabaseOptions>(
  async (fastify, opts) => {
    const connection = mongoose.createConnection(opts.uri, {
      dbName: opts.dbName,
      bufferCommands: false,
      autoIndex: false,
      serverSelectionTimeoutMS: 2000,
      connectTimeoutMS: 2000,
      heartbeatFrequencyMS: 1000,
      maxPoolSize: 40,
    });
    await connection.asPromise();
    const info = await connection.db!.admin().command({ buildInfo: 1 });
    const engine = 'ferretdbVersion' in info ? ('ferretdb' as const) : ('mongodb' as const);
    fastify.log.info({ engine, version: info.ferretdbVersion ?? info.version }, 'database connected');
    const models = registerModels(connection);
    for (const model of Object.values(models)) await ensureIndexes(model, engine);

    async function ping(timeoutMs = 1500): Promise<boolean> {
      let timer: NodeJS.Timeout | undefined;
      try {
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('ping timeout')), timeoutMs);
        });
        await Promise.race([connection.db!.admin().command({ ping: 1 }), timeout]);
        return true;
      } catch {
        return false;
      } finally {
        clearTimeout(timer);
      }
    }

    fastify.decorate('db', { connection, models, engine, ping });
    fastify.addHook('onClose', async () => {
      await connection.close(true);
    });
  },
  { name: 'database' },
);
