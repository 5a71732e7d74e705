import rateLimit from '@fastify/rate-limit';
import fp from 'fastify-plugin';

/**
 * @fastify/rate-limit, not applied globally: the auth plugin builds its
 * failed-attempt limiters (sign-in, pairing, PIN, setup) on its store with
 * `fastify.createRateLimit`.
 */
export default fp(
  async (fastify) => {
    await fastify.register(rateLimit, { global: false });
  },
  { name: 'rate-limit' },
);
