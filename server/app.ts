import Fastify, { type FastifyInstance, type FastifyPluginAsync, type FastifyServerOptions } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from './config.js';
import database from './plugins/database.js';
import auth from './plugins/auth.js';
import errors from './plugins/errors.js';
import mail from './plugins/mail.js';
import pwa from './plugins/pwa.js';
import security from './plugins/security.js';
import realtime from './plugins/realtime.js';
import services from './plugins/services.js';
import swagger from './plugins/swagger.js';
import routes from './routes/index.js';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
  }
}

export interface AppOptions {
  config: Config;
  /** The database to use (main.ts provides a local one when MONGODB_URI is unset). */
  mongodbUri: string;
}

/**
 * The whole application as a plugin, in a fixed order: external services,
 * then our decorators, then the routes. Tests build it with `buildApp`.
 */
const app: FastifyPluginAsync<AppOptions> = async (fastify, opts) => {
  fastify.decorate('config', opts.config);
  // external
  await fastify.register(errors);
  await fastify.register(security);
  await fastify.register(swagger);
  await fastify.register(database, { uri: opts.mongodbUri, dbName: opts.config.dbName });
  // ours
  await fastify.register(services);
  await fastify.register(mail); // mail: outbox, worker, auto-send
  await fastify.register(auth);
  // routes
  await fastify.register(routes, { prefix: '/api' });
  // realtime
  await fastify.register(realtime);
  // PWA
  await fastify.register(pwa);
};

export default fp(app, { name: 'jalon' });

export async function buildApp(
  opts: AppOptions,
  server: Pick<FastifyServerOptions, 'logger'> = {},
): Promise<FastifyInstance> {
  const fastify = Fastify({
    logger: server.logger ?? {
      level: opts.config.logLevel,
      ...(opts.config.logFormat === 'pretty'
        ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' } } }
        : {}),
    },
    bodyLimit: opts.config.bodyLimit,
    trustProxy: opts.config.trustProxy,
    // Bodies are validated as sent: unknown fields are refused rather than
    // silently dropped, and nothing is coerced (an object is not a string).
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: true } },
    return503OnClosing: true,
    forceCloseConnections: true,
  });
  await fastify.register(fp(app, { name: 'jalon' }), opts);
  return fastify;
}
