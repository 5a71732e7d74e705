import type { FastifyPluginAsync } from 'fastify';
import auth from './auth/index.js';
import health from './health/index.js';
import insight from './insight/index.js';
import kiosks from './kiosks/index.js';
import machines from './machines/index.js';
import orders from './orders/index.js';
import settings from './settings/index.js';
import templates from './templates/index.js';
import tokens from './tokens/index.js';
import users from './users/index.js';
import webhooks from './webhooks/index.js';

/** Every resource under /api, one folder each. */
const routes: FastifyPluginAsync = async (fastify) => {
  await fastify.register(health);
  await fastify.register(settings);
  await fastify.register(templates);
  await fastify.register(users);
  await fastify.register(machines);
  await fastify.register(orders);
  await fastify.register(auth);
  await fastify.register(kiosks);
  await fastify.register(insight);
  await fastify.register(tokens);
  await fastify.register(webhooks);
};
export default routes;
