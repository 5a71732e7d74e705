import Fastify, { type FastifyInstance, type FastifyPluginAsync, type FastifyServerOptions } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from './config.js';
import { clientErrorHandler, frameworkErrors } from './framework-errors.js';
import auth from './plugins/app/auth.js';
import errors from './plugins/app/errors.js';
import insight from './plugins/app/insight.js';
import mail from './plugins/app/mail.js';
import maintenance from './plugins/app/maintenance.js';
import realtime from './plugins/app/realtime.js';
import services from './plugins/app/services.js';
import store from './plugins/app/store.js';
import database from './plugins/external/database.js';
import pwa from './plugins/external/pwa.js';
import rateLimit from './plugins/external/rate-limit.js';
import security from './plugins/external/security.js';
import swagger from './plugins/external/swagger.js';
import webhooks from './plugins/app/webhooks.js';
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
 * The whole application as a plugin, in a fixed order: the error handler
 * (every later hook and route answers through it), the external services,
 * our decorators, the routes, then the static PWA. Each plugin names the ones
 * it needs, so fastify refuses a wrong order. Tests build it with `buildApp`.
 */
const app: FastifyPluginAsync<AppOptions> = async (fastify, opts) => {
  fastify.decorate('config', opts.config);
  await fastify.register(errors);
  // external
  await fastify.register(security);
  await fastify.register(rateLimit);
  await fastify.register(swagger);
  await fastify.register(database, { uri: opts.mongodbUri, dbName: opts.config.dbName });
  // ours
  await fastify.register(store);
  await fastify.register(services);
  await fastify.register(mail);
  await fastify.register(webhooks);
  await fastify.register(maintenance);
  await fastify.register(insight);
  await fastify.register(auth);
  // routes, then the screens' live updates and files
  await fastify.register(routes, { prefix: '/api' });
  await fastify.register(realtime);
  await fastify.register(pwa);
};

/** Not encapsulated: the app's decorators and hooks reach whatever it is registered in. */
const jalon = fp(app, { name: 'jalon' });
export default jalon;

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
    // Refused before any route runs, still in the API's error shape (framework-errors.ts).
    frameworkErrors,
    clientErrorHandler,
  });
  await fastify.register(jalon, opts);
  return fastify;
}
